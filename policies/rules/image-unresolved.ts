import { imageUnresolved as rule } from '../../core/rules/image-unresolved';
import { registryPolicy } from '../adapters/registry-policy';

export const imageUnresolved = registryPolicy(rule);
