import { createHash } from 'node:crypto';
import type { ResourceRecord } from './records';
import { UNKNOWN_STRING } from './wire-values';

export const AUTONAMED_ANNOTATION = 'pulumi.com/autonamed';

/**
 * What the Kubernetes provider's Check does to an object the program left unnamed, before any policy
 * sees it (pulumi-kubernetes `provider/pkg/metadata/naming.go` AssignNameIfAutonamable): `metadata.name`
 * becomes `<resource name>-` and 8 characters of [0-9a-f] (pulumi `resource.NewUniqueName` defaults), and
 * the annotation `pulumi.com/autonamed: "true"` is added. Nothing changes when `metadata.name` or
 * `metadata.generateName` is set, or unknown at preview. The provider draws the suffix from the engine's
 * per-resource random seed; the emulation derives it from the URN, so a preview is repeatable.
 * Applied to inputs and outputs alike: in preview a new resource's outputs are its checked inputs.
 */
export function applyKubernetesAutonaming(resource: ResourceRecord): void {
  if (!resource.custom || !resource.type.startsWith('kubernetes:')) return;
  const kind = resource.inputs.kind;
  // Patches name an existing object (the provider requires the name); a List names none of its own.
  if (typeof kind !== 'string' || kind.endsWith('Patch') || kind.endsWith('List')) return;
  const suffix = createHash('sha256').update(resource.urn).digest('hex').slice(0, 8);
  for (const properties of [resource.inputs, resource.outputs]) {
    const metadata = properties.metadata ?? {};
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) continue;
    const { name, generateName, annotations } = metadata as Record<string, unknown>;
    if (present(name) || present(generateName)) continue;
    if (annotations !== undefined && (typeof annotations !== 'object' || annotations === null)) continue;
    properties.metadata = {
      ...metadata,
      name: `${resource.name}-${suffix}`,
      annotations: {
        ...(annotations as Record<string, unknown> | undefined),
        [AUTONAMED_ANNOTATION]: 'true',
      },
    };
  }
}

/** Set, or unknown at preview (which the provider leaves alone too). */
function present(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || value === UNKNOWN_STRING;
}
