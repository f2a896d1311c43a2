import { append } from '../append';
import { aliasFor, type EnvNameVerdict, type KnownNames, knownEnvNames, suggestEnvName } from '../env';
import type { Finding, RuleOutcome, Severity } from '../model/finding';
import { type Container, type EnvVar, locateIn, type Workload, workloadTarget } from '../model/workload';
import type { CheckContext, Rule } from './rule';

const RULE = 'env-var-typo';
const REGION_NAMES = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

/**
 * Every env var name of every container against the names LLM/ML stacks read (built-in list, the cards'
 * `env.required`, `env.known` in preflight.yaml). Reports misspellings, wrong letter case, aliases nothing
 * reads, and deprecated names. Names that are simply different get no finding. Only names are ever
 * reported: env values can be secrets.
 */
export const envVarTypo: Rule = {
  id: RULE,
  description: 'A container env var name looks like a misspelling or a deprecated alias of a known name.',
  defaultSeverity: 'error',
  check(context: CheckContext): RuleOutcome {
    const known = knownNamesFor(context);
    const verdicts = new Map<string, EnvNameVerdict>();
    const verdictFor = (name: string) => {
      let verdict = verdicts.get(name);
      if (!verdict) {
        verdict = suggestEnvName(name, known);
        verdicts.set(name, verdict);
      }
      return verdict;
    };
    const outcome: RuleOutcome = { findings: [], passed: [] };
    for (const workload of context.workloads) {
      for (const container of workload.containers) {
        const target = `${workloadTarget(workload)} container ${container.name}`;
        const found = container.env.flatMap((envVar) => {
          const finding = findingFor(verdictFor(envVar.name), workload, target, envVar);
          return finding ? [finding] : [];
        });
        append(outcome.findings, found);
        const region = regionHint(workload, container, target);
        if (region) outcome.findings.push(region);
        if (found.length === 0 && container.env.length > 0) {
          outcome.passed.push({
            rule: RULE,
            target,
            subject: 'env names',
            value: `${container.env.length} checked`,
          });
        }
      }
    }
    return outcome;
  },
};

function knownNamesFor(context: CheckContext): KnownNames {
  return knownEnvNames([
    ...context.cards.flatMap((card) =>
      card.env.required.map((name) => ({ name, source: `model card ${card.file}` })),
    ),
    ...context.config.env.known.map((name) => ({ name, source: 'preflight.yaml env.known' })),
  ]);
}

function findingFor(
  verdict: EnvNameVerdict,
  workload: Workload,
  target: string,
  envVar: EnvVar,
): Finding | undefined {
  const name = envVar.name;
  const base = (severity: Severity, message: string, fix: string, declared?: string): Finding => ({
    rule: RULE,
    severity,
    message,
    target,
    location: locateIn(workload, envVar.path),
    ...(declared === undefined ? {} : { declared }),
    effective: name,
    source: `env ${name}`,
    fix,
  });
  const rename = (to: string) =>
    `rename env ${name} to ${to}, or list ${name} under env.known in preflight.yaml if the app reads it as written`;
  switch (verdict.kind) {
    case 'known':
    case 'unknown':
      return undefined;
    case 'case-mismatch':
      return base(
        'error',
        `env ${name} is not a known name; did you mean ${verdict.suggestion}? Env names are case-sensitive ` +
          `on Linux, so a program reading ${verdict.resembles} does not see ${name}`,
        rename(verdict.suggestion),
        verdict.suggestion,
      );
    case 'alias':
      return base(
        'error',
        `env ${name} is not a known name; did you mean ${verdict.suggestion}? (${verdict.why})`,
        rename(verdict.suggestion),
        verdict.suggestion,
      );
    case 'typo': {
      const via =
        verdict.resembles === verdict.suggestion
          ? ''
          : aliasFor(verdict.resembles)
            ? ` (it is close to ${verdict.resembles}, which nothing reads)`
            : ` (it is close to ${verdict.resembles}, deprecated in favour of ${verdict.suggestion})`;
      return base(
        'error',
        `env ${name} is not a known name; did you mean ${verdict.suggestion}?${via}`,
        rename(verdict.suggestion),
        verdict.suggestion,
      );
    }
    case 'truncated':
      // A warning, never blocking: short names like S3_SECRET are read as written by many apps.
      return base(
        'warning',
        `env ${name} is not a known name; it is the start of ${verdict.resembles}: if it was meant to be ` +
          `${verdict.suggestion}, write the whole name`,
        rename(verdict.suggestion),
        verdict.suggestion,
      );
    case 'ambiguous':
      return base(
        'warning',
        `env ${name} is not a known name and is equally close to ${listed(verdict.candidates)}; ` +
          'no single one can be suggested',
        `rename env ${name} to the name the app reads, or list ${name} under env.known in preflight.yaml if the app reads it as written`,
      );
    case 'deprecated': {
      const note = verdict.entry.note ? ` (${verdict.entry.note})` : '';
      return base(
        'warning',
        `env ${name} is deprecated (${verdict.entry.source}); use ${verdict.suggestion}${note}`,
        `rename env ${name} to ${verdict.suggestion}`,
        verdict.suggestion,
      );
    }
  }
}

/**
 * AWS SDKs disagree on the region variable: most read AWS_REGION, the AWS CLI documents
 * AWS_DEFAULT_REGION (aws/aws-cli#735). When a container sets only one, say so, as a note. Skipped when
 * envFrom may import the other one.
 */
function regionHint(workload: Workload, container: Container, target: string): Finding | undefined {
  if (container.envFromSources > 0) return undefined;
  const set = REGION_NAMES.filter((name) => container.env.some((envVar) => envVar.name === name));
  if (set.length !== 1) return undefined;
  const [present] = set;
  const missing = present === 'AWS_REGION' ? 'AWS_DEFAULT_REGION' : 'AWS_REGION';
  const envVar = container.env.find((entry) => entry.name === present)!;
  const readers =
    missing === 'AWS_REGION'
      ? 'most AWS SDKs (JavaScript v3, Java v2) read AWS_REGION'
      : 'the AWS CLI and boto3 document AWS_DEFAULT_REGION';
  return {
    rule: RULE,
    severity: 'note',
    message: `only ${present} is set; ${readers}, so code that reads the other one may fall back to another region`,
    target,
    location: locateIn(workload, envVar.path),
    effective: present,
    source: `env ${present}`,
    fix: `set ${missing} to the same region as ${present}, unless you know which one the code in this container reads`,
  };
}

function listed(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
