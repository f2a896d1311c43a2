/**
 * @pulumi/policy unwraps values marked secret before Analyze and AnalyzeStack, leaving a policy no way
 * to tell them apart (pulumi/pulumi-policy#163, #241 open; pulumi-engine.md §8). Its own Remediate path
 * keeps them as `Secret` objects behind a proxy that still reads as plain values. The pack asks for that
 * form everywhere, so that `knownProps` sees which values are secret and taints them.
 */
export function keepSecretMarks(): void {
  // The server calls `deserialize_1.deserializeProperties(...)` through the module's exports, so
  // replacing the export reaches every call. `proxySecrets` is its second parameter.
  const deserialize = require('@pulumi/policy/deserialize') as {
    deserializeProperties: (struct: unknown, proxySecrets: boolean) => Record<string, unknown>;
  };
  const original = deserialize.deserializeProperties;
  if ((original as { keepsSecretMarks?: true }).keepsSecretMarks) return;
  const keeping = (struct: unknown) => original(struct, true);
  Object.assign(keeping, { keepsSecretMarks: true });
  deserialize.deserializeProperties = keeping;
}
