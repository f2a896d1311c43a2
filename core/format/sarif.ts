import type { InputError } from '../errors';
import type { Finding, RuleId } from '../model/finding';
import type { Location } from '../model/location';
import { RULE_CATALOG, type RuleInfo } from '../rules/catalog';
import { type ArtifactLocation, artifactLocation } from './artifact-location';
import type { FormatContext } from './context';
import { findingText } from './finding-text';
import { locationHashes } from './fingerprint';
import { validPosition } from './location-label';
import { shownFinding, shownInputError } from './shown-finding';
import { jsonWithHiddenEscaped } from './shown-text';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Where a finding without a location is anchored when the context names no file. */
const DEFAULT_ANCHOR_FILE = 'preflight.yaml';

interface PhysicalLocation {
  artifactLocation: ArtifactLocation;
  region?: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
}

/**
 * The `--format sarif` document: SARIF 2.1.0 with what GitHub code scanning requires. Every rule of
 * the catalog is listed, so `ruleIndex` means the same in every upload. Every result has a physical
 * location, because GitHub rejects the whole file for one result without: a finding without a location
 * is anchored to `context.anchorFile` and names its target in the text. Overrides are not SARIF
 * suppressions (GitHub would hide the alert); they stay visible warnings that show the reason.
 * Severities map one to one: ours already use SARIF's level names.
 */
export function formatSarif(rawFindings: readonly Finding[], rawContext: FormatContext): string {
  // Text from inputs is shown with its hidden characters escaped (see shown-text.ts).
  const findings = rawFindings.map(shownFinding);
  const context = { ...rawContext, inputErrors: rawContext.inputErrors?.map(shownInputError) };
  const locations = findings.map((finding) => physicalLocation(finding, context));
  const hashes = locationHashes(
    findings,
    locations.map((location) => location.artifactLocation.uri),
  );
  const { name, version } = context.tool;
  const log = {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: { name, semanticVersion: version || undefined, rules: RULE_CATALOG.map(ruleDescriptor) },
        },
        // One category per command, so `check` and `lint-prompts` uploads for one commit do not replace each other.
        automationDetails: { id: `${[name, context.command].filter(Boolean).join('/')}/` },
        // The run completed; inputs it could not read are tool execution notifications (SARIF §3.20.21).
        invocations: [
          {
            executionSuccessful: !context.inputErrors?.length,
            toolExecutionNotifications: context.inputErrors?.length
              ? context.inputErrors.map((error) => notification(error, context))
              : undefined,
          },
        ],
        // How each file was read (lint-prompts: its dialect), on the run's artifacts (SARIF §3.24).
        artifacts: context.readAs?.map((reading) => ({
          location: artifactLocation(reading.file, context.cwd),
          properties: { dialect: reading.dialect, byContent: reading.byContent },
        })),
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding, index) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex(finding.rule),
          level: finding.severity,
          message: { text: resultText(finding, context) },
          locations: [
            {
              physicalLocation: locations[index],
              logicalLocations: finding.target ? [{ fullyQualifiedName: finding.target }] : undefined,
            },
          ],
          partialFingerprints: { primaryLocationLineHash: hashes[index] },
          properties: {
            target: finding.target,
            declared: finding.declared,
            effective: finding.effective,
            source: finding.source,
            fix: finding.fix,
            override: finding.override && {
              reason: finding.override.reason,
              expires: finding.override.expires,
            },
          },
        })),
      },
    ],
  };
  return `${jsonWithHiddenEscaped(JSON.stringify(log, null, 2))}\n`;
}

function notification(error: InputError, context: FormatContext) {
  const location = error.location?.file ? error.location : undefined;
  const startLine = validPosition(location?.line);
  const startColumn = startLine === undefined ? undefined : validPosition(location?.column);
  return {
    level: 'error',
    message: {
      text: (error.field ? `${error.field}: ${error.message}` : error.message).replaceAll('](', '\\]('),
    },
    locations: location && [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(location.file, context.cwd),
          region: startLine === undefined ? undefined : { startLine, startColumn },
        },
      },
    ],
  };
}

function ruleDescriptor(rule: RuleInfo) {
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    help: { text: rule.help },
    defaultConfiguration: { level: rule.defaultSeverity },
  };
}

function physicalLocation(finding: Finding, context: FormatContext): PhysicalLocation {
  const location = finding.location?.file ? finding.location : undefined;
  if (!location) {
    return { artifactLocation: artifactLocation(context.anchorFile || DEFAULT_ANCHOR_FILE, context.cwd) };
  }
  const startLine = validPosition(location.line);
  const startColumn = startLine === undefined ? undefined : validPosition(location.column);
  return {
    artifactLocation: artifactLocation(location.file, context.cwd),
    region:
      startLine === undefined ? undefined : { startLine, startColumn, ...regionEnd(location, startLine) },
  };
}

/** The region's end when known and after its start; `endColumn` is the column just past the region. */
function regionEnd(location: Location, startLine: number): { endLine?: number; endColumn?: number } {
  const endLine = validPosition(location.endLine);
  if (endLine === undefined || endLine < startLine) return {};
  return { endLine, endColumn: validPosition(location.endColumn) };
}

function resultText(finding: Finding, context: FormatContext): string {
  // A required property may not be empty; the rule's description stands in for a blank message.
  const message = finding.message.trim()
    ? finding.message
    : RULE_CATALOG[ruleIndex(finding.rule)]!.description;
  const text = findingText({ ...finding, message }, context.cwd, !finding.location?.file);
  // `[text](target)` is SARIF's embedded-link syntax; a literal one in a message must not become a link.
  return text.replaceAll('](', '\\](');
}

function ruleIndex(id: RuleId): number {
  const index = RULE_CATALOG.findIndex((rule) => rule.id === id);
  if (index === -1) throw new Error(`unknown rule id ${id}`);
  return index;
}

/** `model-card-skew` → `ModelCardSkew`: SARIF rule names are identifiers, ids stay kebab-case. */
function ruleName(id: RuleId): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
