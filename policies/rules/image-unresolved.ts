import { imageUnresolved as rule } from '../../core/rules/image-unresolved';
import { registryPolicy } from '../adapters/registry-policy';

// An invalid image reference needs no registry to be found: reported with lookups off too.
export const imageUnresolved = registryPolicy(rule, { withoutLookups: true });
