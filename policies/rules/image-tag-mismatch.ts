import { imageTagMismatch as rule } from '../../core/rules/image-tag-mismatch';
import { registryPolicy } from '../adapters/registry-policy';

export const imageTagMismatch = registryPolicy(rule);
