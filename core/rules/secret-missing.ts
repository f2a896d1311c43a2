import type { Config } from '../model/config';
import type { Finding, RuleOutcome, Severity } from '../model/finding';
import type { SecretProvider } from '../model/secret-provider';
import { locateIn, type SecretRef, type Workload, workloadTarget } from '../model/workload';
import {
  type AwsSecretStore,
  awsSecretNamesMatch,
  type EcsSecretRef,
  KUBERNETES_PROVIDER_KINDS,
  parseEcsSecretRef,
  SECRETS_MANAGER_SECRET,
  SSM_PARAMETER,
} from '../secrets';
import type { CheckContext, Rule } from './rule';

const RULE = 'secret-missing';
const DEFAULT_NAMESPACE = 'default';
const EXTERNAL = 'secrets.external';

/**
 * Every secret reference of every workload against what the inputs provide and what preflight.yaml
 * declares external (`secrets.external`). Kubernetes: a Secret, SealedSecret, ExternalSecret that creates
 * its target, or SecretProviderClass-synced Secret (then only for pods that mount the class's CSI volume),
 * in the workload's namespace, holding the referenced key when its keys are known. ECS: a Secrets Manager
 * secret or SSM parameter of the same name (an ARN's `-XXXXXX` suffix aside), or a `Ref` to one in the
 * same template. Optional references give notes. Only names, keys and ARNs are ever reported.
 */
export const secretMissing: Rule = {
  id: RULE,
  description:
    'A workload references a secret that the stack does not provide and config does not declare external.',
  defaultSeverity: 'error',
  check(context: CheckContext): RuleOutcome {
    const outcome: RuleOutcome = { findings: [], passed: [] };
    const kubernetes = new Map<string, SecretProvider[]>();
    const cloud: SecretProvider[] = [];
    for (const provider of context.secretProviders) {
      if (!KUBERNETES_PROVIDER_KINDS.has(provider.kind)) cloud.push(provider);
      else if (kubernetes.has(provider.name)) kubernetes.get(provider.name)!.push(provider);
      else kubernetes.set(provider.name, [provider]);
    }
    for (const workload of context.workloads) {
      for (const ref of workload.secretRefs) {
        const reference = isEcs(workload)
          ? judgeEcs(workload, ref, cloud, context.config)
          : judgeKubernetes(workload, ref, kubernetes.get(ref.name) ?? [], context.config);
        const target = ref.container
          ? `${workloadTarget(workload)} container ${ref.container}`
          : workloadTarget(workload);
        const envName = envNameOf(workload, ref);
        const verdict = reference.verdict;
        if ('by' in verdict) {
          outcome.passed.push({
            rule: RULE,
            target,
            subject: reference.text,
            value: verdict.by,
            source: envName ? `env ${envName}` : ref.via,
          });
          continue;
        }
        const what = envName ? `env ${envName} ← ${reference.text}` : reference.text;
        const optional = ref.optional === true;
        const severity: Severity = optional ? 'note' : (verdict.severity ?? 'error');
        outcome.findings.push({
          rule: RULE,
          severity,
          message:
            `${what} (${ref.via}) ${verdict.verb ?? 'is not provided'}: ${verdict.problem}` +
            (optional ? '; the reference is optional, so the pod starts without it' : ''),
          target,
          location: locateIn(workload, ref.path),
          declared: reference.declared,
          effective: verdict.effective,
          ...(verdict.source ? { source: verdict.source } : {}),
          fix: verdict.fix,
        } satisfies Finding);
      }
    }
    return outcome;
  },
};

type Verdict =
  | { by: string }
  | {
      problem: string;
      verb?: string;
      effective: string;
      source?: string;
      fix: string;
      severity?: Severity;
    };

interface Judged {
  /** The reference in words: `secret hf-token key token`, `SSM parameter /ml/wandb-key`. */
  text: string;
  /** The reference as written. */
  declared: string;
  verdict: Verdict;
}

function isEcs(workload: Workload): boolean {
  return (
    workload.kind.startsWith('AWS::') ||
    workload.origin.format === 'cloudformation' ||
    workload.origin.format === 'cdk'
  );
}

/** `named`: the Kubernetes providers of a Secret of the reference's name, in any namespace. */
function judgeKubernetes(
  workload: Workload,
  ref: SecretRef,
  named: readonly SecretProvider[],
  config: Config,
): Judged {
  const key = ref.key === undefined ? '' : ` key ${ref.key}`;
  const judged = (verdict: Verdict): Judged => ({
    text: `secret ${ref.name}${key}`,
    declared: `${ref.name}${key}`,
    verdict,
  });
  const namespace = workload.namespace ?? DEFAULT_NAMESPACE;
  const here = named.filter((p) => p.anyNamespace || (p.namespace ?? DEFAULT_NAMESPACE) === namespace);
  const mounted = workload.csiSecretProviderClasses ?? [];
  const usable = here.filter(
    (p) => p.creates && (p.secretProviderClass === undefined || mounted.includes(p.secretProviderClass)),
  );
  const external = config.secrets.external.some(
    (name) => name === ref.name || name === `${namespace}/${ref.name}`,
  );
  const secret = `Secret "${ref.name}" in namespace ${namespace}`;
  const listIt = `list ${ref.name} under ${EXTERNAL} in preflight.yaml if it is created outside these inputs`;

  if (usable.length === 0 && !external) {
    const unmounted = unique(
      here.flatMap((p) => (p.creates && p.secretProviderClass ? [p.secretProviderClass] : [])),
    );
    const merging = here.some((p) => !p.creates);
    const elsewhere = unique(
      named.filter((p) => !here.includes(p)).map((p) => p.namespace ?? DEFAULT_NAMESPACE),
    );
    let why = `no ${secret}`;
    let fix = `create ${secret} (a Secret, SealedSecret or ExternalSecret), or ${listIt}`;
    if (unmounted.length > 0) {
      why +=
        ` while this pod runs (SecretProviderClass ${quotedList(unmounted)} syncs it only for pods that ` +
        'mount its CSI volume; this pod does not)';
      fix =
        `mount a CSI volume (driver secrets-store.csi.k8s.io, volumeAttributes.secretProviderClass: ${unmounted[0]}) ` +
        `in this pod, or create ${secret} another way`;
    } else if (merging) {
      why += ' (an ExternalSecret with creationPolicy Merge or None targets it but does not create it)';
      fix = `create the base ${secret}, set the ExternalSecret's creationPolicy to Owner, or ${listIt}`;
    } else if (elsewhere.length > 0) {
      why += ` (namespace ${elsewhere.join(', ')} has one; a pod reads Secrets of its own namespace only)`;
    }
    return judged({ problem: `${why}, and it is not listed in ${EXTERNAL}`, effective: 'not provided', fix });
  }

  if (ref.key !== undefined && !external) {
    const contributing = [...usable, ...here.filter((p) => !p.creates)];
    if (contributing.every((p) => p.keys !== undefined)) {
      const keys = unique(contributing.flatMap((p) => p.keys ?? []));
      if (!keys.includes(ref.key)) {
        const kinds = kindsOf(usable);
        const from = kinds === 'Secret' ? '' : ` (from ${kinds})`;
        return judged({
          problem: `${secret}${from} has no key "${ref.key}"`,
          effective: keys.length > 0 ? `keys ${keys.join(', ')}` : 'no keys',
          source: kinds,
          fix: `add key "${ref.key}" to the ${kinds} that provides ${ref.name}, or reference a key it has`,
        });
      }
    }
  }
  return judged({ by: usable.length > 0 ? kindsOf(usable) : EXTERNAL });
}

function judgeEcs(
  workload: Workload,
  ref: SecretRef,
  providers: readonly SecretProvider[],
  config: Config,
): Judged {
  const parsed = parseEcsSecretRef(ref.name, ref.via);
  const judged = (verdict: Verdict, shownName = parsed.name, store = parsed.store): Judged => ({
    text: `${storeWord(store)} ${shownName}${parsed.key ? ` key ${parsed.key}` : ''}`,
    declared: ref.name,
    verdict,
  });

  // `${LogicalId}`: a Ref (or GetAtt) to a resource; one of this template's secrets satisfies it.
  const logical = /^\/?\$\{([^}.:]+)(\.[^}]*)?\}$/.exec(parsed.name);
  if (logical) {
    const provider = byLogicalId(providers)
      .get(logical[1]!)
      ?.find((p) => {
        const file = p.file ?? p.location?.file;
        return !file || !workload.origin.file || file === workload.origin.file;
      });
    if (provider) {
      const shown = provider.name.includes('${') ? parsed.name : provider.name;
      return judged({ by: provider.kind }, shown, storeOf(provider));
    }
  }
  if (!parsed.deployTime) {
    const matching = providers.filter((p) => sameSecret(parsed, p));
    if (matching.length > 0) return judged({ by: kindsOf(matching) });
  }
  if (externalEcs(config, ref.name, parsed)) return judged({ by: EXTERNAL });
  if (parsed.deployTime) {
    return judged({
      verb: 'cannot be verified',
      problem: `its name is only known at deploy time (${parsed.name}), and it is not listed in ${EXTERNAL}`,
      effective: 'unknown until deploy',
      severity: config.unknown_values,
      fix: `reference the secret by a literal name or ARN, or list "${ref.name}" under ${EXTERNAL} in preflight.yaml`,
    });
  }
  const other = providers.find((p) => sameSecret({ ...parsed, store: undefined }, p));
  const hint = other
    ? ` (a ${storeLabel(storeOf(other))} of that name is; ${storeHint(parsed.store)})`
    : ' in these inputs';
  const resource = parsed.store === 'ssm' ? SSM_PARAMETER : SECRETS_MANAGER_SECRET;
  return judged({
    problem: `no ${storeLabel(parsed.store)} "${parsed.name}"${hint}, and it is not listed in ${EXTERNAL}`,
    effective: 'not provided',
    fix:
      `create it (${resource}) in this stack, or list ${parsed.name} under ${EXTERNAL} in preflight.yaml ` +
      'if it is created outside the stack',
  });
}

function storeOf(provider: SecretProvider): AwsSecretStore | undefined {
  if (provider.kind === SECRETS_MANAGER_SECRET) return 'secretsmanager';
  if (provider.kind === SSM_PARAMETER) return 'ssm';
  return undefined;
}

function sameSecret(parsed: EcsSecretRef, provider: SecretProvider): boolean {
  const store = storeOf(provider);
  if (parsed.store && store && parsed.store !== store) return false;
  return awsSecretNamesMatch(parsed.store ?? store, provider.name, parsed.name);
}

/** An external entry names the secret: as written, as an ARN of the same secret, or by its name. */
function externalEcs(config: Config, written: string, parsed: EcsSecretRef): boolean {
  return config.secrets.external.some((entry) => {
    if (entry === written) return true;
    if (!entry.startsWith('arn:')) return awsSecretNamesMatch(parsed.store, entry, parsed.name);
    const listed = parseEcsSecretRef(entry, 'secrets[].valueFrom');
    if (listed.store && parsed.store && listed.store !== parsed.store) return false;
    return awsSecretNamesMatch(parsed.store ?? listed.store, listed.name, parsed.name);
  });
}

function storeWord(store: AwsSecretStore | undefined): string {
  return store === 'ssm' ? 'SSM parameter' : 'secret';
}

function storeLabel(store: AwsSecretStore | undefined): string {
  if (store === 'ssm') return 'SSM parameter';
  if (store === 'secretsmanager') return 'Secrets Manager secret';
  return 'secret';
}

function storeHint(store: AwsSecretStore | undefined): string {
  return store === 'ssm'
    ? "ECS reads a bare name as an SSM parameter: use the secret's ARN"
    : "use the parameter's name or ARN";
}

/** The env var a container-level reference fills, when it fills one (`env`, ECS `secrets`). */
function envNameOf(workload: Workload, ref: SecretRef): string | undefined {
  if (!ref.container || !ref.path) return undefined;
  const container = workload.containers.find((c) => c.name === ref.container);
  const refPath = ref.path;
  const envVar = container?.env.find(
    (entry) =>
      entry.fromSecret &&
      entry.path !== undefined &&
      entry.path.length < refPath.length &&
      entry.path.every((part, index) => part === refPath[index]),
  );
  return envVar?.name;
}

function kindsOf(providers: readonly SecretProvider[]): string {
  return unique(providers.map((p) => p.kind)).join(', ');
}

function quotedList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

const logicalIdIndexes = new WeakMap<readonly SecretProvider[], Map<string, SecretProvider[]>>();

/** Providers by CloudFormation logical id, built once per check: an app has thousands of references. */
function byLogicalId(providers: readonly SecretProvider[]): Map<string, SecretProvider[]> {
  let index = logicalIdIndexes.get(providers);
  if (!index) {
    index = new Map();
    for (const provider of providers) {
      if (provider.logicalId === undefined) continue;
      const list = index.get(provider.logicalId);
      if (list) list.push(provider);
      else index.set(provider.logicalId, [provider]);
    }
    logicalIdIndexes.set(providers, index);
  }
  return index;
}
