import { imageDigestMoved as rule } from '../../core/rules/image-digest-moved';
import { registryPolicy } from '../adapters/registry-policy';

export const imageDigestMoved = registryPolicy(rule);
