/**
 * The core's texts name `preflight.yaml`, the CLI's config. In a policy pack the same knobs are policy
 * config and enforcement levels: a user reading `pulumi preview` must be told where *they* live.
 */
const PACK_WORDS: readonly [RegExp, string][] = [
  [
    /under secrets\.external in preflight\.yaml/g,
    'under externalSecrets in the secret-missing policy config',
  ],
  [/listed in secrets\.external/g, 'listed in the secret-missing policy config (externalSecrets)'],
  [/(under|to) env\.known in preflight\.yaml/g, '$1 knownEnvNames in the env-var-typo policy config'],
  [
    /to deploy anyway, add an override for ([a-z-]+) with a reason/g,
    "to deploy anyway, set $1's enforcementLevel to advisory in the policy pack config, with the reason in the change",
  ],
  [
    /or add an override with a reason/g,
    "or set the policy's enforcementLevel to advisory in the policy pack config, with the reason in the change",
  ],
  [
    /set unknown_values: warning in preflight\.yaml to accept this/g,
    "set the policy's enforcementLevel to advisory in the policy pack config to accept this",
  ],
];

/** A finding's message or fix in the pack's own terms. */
export function inPackWords(text: string): string {
  return PACK_WORDS.reduce((result, [pattern, words]) => result.replace(pattern, words), text);
}
