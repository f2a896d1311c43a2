import type { PolicyValidationStack, PolicyViolatingResource, PolicyViolation } from 'aws-cdk-lib';
import { findingWorkload } from '../../core/check/finding-workload';
import { shownFinding } from '../../core/format/shown-finding';
import { valueLines } from '../../core/format/value-lines';
import type { TemplateModelCard } from '../../core/loaders/template-model-cards';
import type { Finding, Severity } from '../../core/model/finding';
import type { Workload } from '../../core/model/workload';
import type { ConstructPathOf } from './construct-paths';
import { propertyPathOf } from './property-path';

/** Core severities as the CDK report writes them; only `error` fails synth. */
const SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'info' };

/** What a finding is matched against to name the resources it is about. */
export interface FindingSources {
  workloads: readonly Workload[];
  recordedCards: readonly TemplateModelCard[];
  stacks: readonly PolicyValidationStack[];
  constructPathOf: ConstructPathOf;
}

/**
 * One violation per finding, named by rule id (acknowledged as `preflight-guard::<rule>`), always
 * attached to a construct: a violation without a resource is dropped by the CDK report.
 */
export function violationsOf(findings: readonly Finding[], sources: FindingSources): PolicyViolation[] {
  const templates = new Map<string, unknown>();
  return findings.map((finding) => {
    // What the CDK report prints has its hidden characters escaped, as every report does; the
    // resource is still found by the finding as the rules wrote it.
    const shown = shownFinding(finding);
    return {
      ruleName: finding.rule,
      description: descriptionOf(shown),
      ...(shown.fix && !shown.override ? { fix: shown.fix } : {}),
      severity: SEVERITY[finding.severity],
      ruleMetadata: metadataOf(shown),
      violatingResources: [resourceOf(finding, sources, templates)],
    };
  });
}

/** The finding in the lines `cdk synth` prints. Names, versions and ARNs only: never a secret value. */
function descriptionOf(finding: Finding): string {
  const container = / container (\S+)$/.exec(finding.target)?.[1];
  const message = container ? `container ${container}: ${finding.message}` : finding.message;
  return [message, ...valueLines(finding)].join('\n');
}

function metadataOf(finding: Finding): Record<string, string> {
  const entries: [string, string | undefined][] = [
    ['target', finding.target],
    ['declared', finding.declared],
    ['effective', finding.effective],
    ['source', finding.source],
    ['overrideReason', finding.override?.reason],
    ['overrideExpires', finding.override?.expires],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function resourceOf(
  finding: Finding,
  sources: FindingSources,
  templates: Map<string, unknown>,
): PolicyViolatingResource {
  const file = finding.location?.file;
  const workload = findingWorkload(finding, sources.workloads);
  if (workload?.origin.file && workload.origin.logicalId) {
    const { file: templatePath, logicalId } = workload.origin;
    const constructPath = sources.constructPathOf(templatePath, logicalId);
    return {
      resourceLogicalId: logicalId,
      templatePath,
      ...(constructPath ? { constructPath } : {}),
      locations: [propertyPathOf(workload, finding.location, templates) ?? 'Properties'],
    };
  }
  const recorded = recordedCardOf(finding, sources.recordedCards);
  if (recorded)
    return { constructPath: recorded.constructPath, templatePath: recorded.card.file, locations: [] };
  // Findings about the config (an expired override, say) belong to the stack, or to the first one.
  const stack = sources.stacks.find((candidate) => candidate.templatePath === file) ?? sources.stacks[0];
  return stack
    ? { constructPath: stack.stackConstructPath, templatePath: stack.templatePath, locations: [] }
    : { locations: [] };
}

/** The recorded card a finding about a card points into (its location is inside the card's Metadata). */
function recordedCardOf(
  finding: Finding,
  recordedCards: readonly TemplateModelCard[],
): TemplateModelCard | undefined {
  const location = finding.location;
  const inFile = recordedCards.filter((recorded) => recorded.card.file === location?.file);
  const at = (recorded: TemplateModelCard, path: string[]) => {
    const found = recorded.card.locate?.(path);
    return found?.line === location?.line && found?.column === location?.column;
  };
  return (
    inFile.find((recorded) =>
      [['image', 'repository'], ['runtime', 'cuda'], []].some((path) => at(recorded, path)),
    ) ?? inFile.find((recorded) => recorded.card.file === finding.target)
  );
}
