import { type PolicyViolation, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { MIN_REASON_LENGTH } from '../../core/check/cdk-acknowledgements';
import { shownText, visibleText } from '../../core/format/shown-text';

/** Where the CDK files a bare id (`secret-missing`): under annotations, where it silences none of ours. */
const ANNOTATION_NAMESPACE = 'Annotation';

/**
 * The app's acknowledgements of this plugin's rules, held to what an override must have: a real reason
 * (CDK accepts an empty one) and a full id (a bare rule id is filed as an annotation and silences
 * nothing). A missing reason blocks synth as `fatal`, which no acknowledgement can silence in turn.
 */
export function acknowledgementViolations(
  constructs: readonly IConstruct[],
  namespace: string,
  ruleIds: readonly string[],
  fallbackPath: string | undefined,
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const construct of constructs) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        const [space, rule = ''] = id.split('::');
        const constructPath = construct.node.path || fallbackPath;
        const resources = constructPath ? [{ constructPath, locations: [] }] : [];
        const full = `${namespace}::${rule}`;
        if (space === namespace && !ruleIds.includes(rule)) {
          violations.push({
            ruleName: 'acknowledgement-id',
            description: `acknowledgement ${id} names no rule of ${namespace} (rules: ${ruleIds.join(', ')})`,
            severity: 'warning',
            violatingResources: resources,
          });
        } else if (
          space === namespace &&
          (typeof reason !== 'string' || visibleText(reason).trim().length < MIN_REASON_LENGTH)
        ) {
          violations.push({
            ruleName: 'acknowledgement-reason',
            description: `acknowledgement ${id} gives no real reason ("${typeof reason === 'string' ? shownText(reason.trim()) : ''}"): say why it is safe to deploy anyway, in ${MIN_REASON_LENGTH} characters or more`,
            fix: `Validations.of(scope).acknowledge({ id: '${id}', reason: 'why this is safe, and until when' })`,
            severity: 'fatal',
            violatingResources: resources,
          });
        } else if (space === ANNOTATION_NAMESPACE && ruleIds.includes(rule)) {
          violations.push({
            ruleName: 'acknowledgement-id',
            description: `acknowledgement "${rule}" is filed as ${id} and silences nothing of ${namespace}: use the full id '${full}'`,
            fix: `Validations.of(scope).acknowledge({ id: '${full}', reason: '...' })`,
            severity: 'warning',
            violatingResources: resources,
          });
        }
      }
    }
  }
  return violations;
}
