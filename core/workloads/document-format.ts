import { isRecord } from './fields';

/** What a parsed document is, judged by its shape; undefined for anything else (a card, a config). */
export function documentFormat(value: unknown): 'kubernetes' | 'cloudformation' | undefined {
  if (!isRecord(value)) return undefined;
  if (Object.hasOwn(value, 'AWSTemplateFormatVersion')) return 'cloudformation';
  const resources = value.Resources;
  if (
    isRecord(resources) &&
    Object.values(resources).some(
      (resource) =>
        isRecord(resource) && typeof resource.Type === 'string' && resource.Type.startsWith('AWS::'),
    )
  ) {
    return 'cloudformation';
  }
  if (typeof value.apiVersion === 'string' && typeof value.kind === 'string') return 'kubernetes';
  return undefined;
}
