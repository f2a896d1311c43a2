import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../core/errors';
import { DEFAULT_CONFIG } from '../core/model/config';
import { kubernetesApi, kubernetesSecretSource } from './kubernetes-secret-source';
import { type PollClock, pollWithBackoff, REAL_CLOCK } from './poll-with-backoff';
import { durationOption, kubernetesName, parsedArgs } from './probe-args';
import { writeProbeLog } from './probe-log';
import {
  envFileSource,
  envSource,
  folderSource,
  namedFileSource,
  type SecretLookup,
  type SecretRequirement,
  type SecretSource,
} from './secret-sources';
import { writeProbeFiles } from './write-files';

export const SECRETS_USAGE = `Usage: preflight probe secrets [options]

Boot checkpoint: waits until every required secret is present (not empty), polling with backoff, and
fails after secret_timeout naming each missing secret and where it was looked for. Values are never
read or printed: env vars are measured, files are stat()ed.

Options:
      --require NAME       a secret the app needs, found as env NAME, a file named by env NAME_FILE,
                           or a file NAME in a --secret-dir; repeatable
      --require NAME=FILE  a secret that must be in FILE
      --secret-dir DIR     a mounted secret volume (one file per key); repeatable
      --kubernetes-secret NAME
                           a Secret object that must exist in the pod's namespace, asked of the
                           Kubernetes API (needs get on it); repeatable. A 403 is reported as forbidden
      --kubernetes-api URL the API server (default https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT)
      --kubernetes-credentials DIR
                           token, ca.crt and namespace (default /var/run/secrets/kubernetes.io/serviceaccount)
      --kubernetes-namespace NS
                           the Secrets' namespace (default: the namespace file)
      --request-timeout DURATION
                           how long one API request may take (default 5s)
      --timeout DURATION   how long to wait (default: secret_timeout in --config, else 90s)
  -c, --config FILE        preflight.yaml: secret_timeout, and the env.required of its model_cards
      --status-file FILE   the outcome as JSON (names and places only)

Exit codes: 0 all present, 1 missing after the timeout, 2 usage or input error.`;

const NAME = /^[A-Za-z0-9_.-]+$/;

interface SecretStatus {
  name: string;
  found?: string;
  looked: SecretLookup[];
}

/** `preflight probe secrets`: returns the exit code. */
export async function runSecretCheckpoint(argv: string[]): Promise<number> {
  const started = performance.now();
  const options = secretOptions(argv);
  const report = await secretCheckpoint(options, REAL_CLOCK, started);
  if (options.statusFile) {
    writeProbeFiles([{ file: options.statusFile, content: `${JSON.stringify(report, null, 2)}\n` }]);
  }
  writeProbeLog(report, humanLine(report));
  return report.missing.length ? 1 : 0;
}

/** Polls every source until each required secret is present or the timeout passes; writes nothing. */
export async function secretCheckpoint(options: SecretOptions, clock: PollClock, started = clock.now()) {
  const sources: SecretSource[] = [
    envSource(process.env),
    envFileSource(process.env),
    ...options.dirs.map(folderSource),
    namedFileSource(),
  ];
  // Secret objects are asked of the API server only: an env var of the same name proves nothing.
  // Its requests are bounded by the same deadline, on the real clock (performance.now() time).
  const realDeadline = performance.now() + options.timeoutMs - (clock.now() - started);
  const kubernetesSources = options.kubernetes
    ? [kubernetesSecretSource(options.kubernetes(), realDeadline)]
    : [];
  const { result: statuses, polls } = await pollWithBackoff(
    () =>
      Promise.all(
        options.required.map((requirement) =>
          secretStatus(requirement, requirement.kubernetes ? kubernetesSources : sources),
        ),
      ),
    (statuses) => statuses.every((status) => status.found),
    started + options.timeoutMs,
    clock,
  );
  const missing = statuses.filter((status) => !status.found);
  return {
    time: new Date().toISOString(),
    probe: 'secrets' as const,
    level: missing.length ? 'error' : 'info',
    verdict: missing.length ? 'missing' : 'present',
    required: options.required.map((requirement) => requirement.name),
    present: statuses.filter((status) => status.found).map(({ name, found }) => ({ name, where: found })),
    missing: missing.map(({ name, looked }) => ({
      name,
      looked_in: looked.map((lookup) =>
        lookup.detail
          ? `${lookup.where} (${lookup.detail})`
          : lookup.state === 'empty'
            ? `${lookup.where} (empty)`
            : lookup.where,
      ),
    })),
    timeout_ms: options.timeoutMs,
    polls,
    elapsed_ms: Math.round(clock.now() - started),
  };
}

async function secretStatus(requirement: SecretRequirement, sources: SecretSource[]): Promise<SecretStatus> {
  const looked: SecretLookup[] = [];
  for (const source of sources) {
    const lookup = await source.lookup(requirement);
    if (!lookup) continue;
    if (lookup.state === 'present') return { name: requirement.name, found: lookup.where, looked };
    looked.push(lookup);
  }
  return { name: requirement.name, looked };
}

function humanLine(report: {
  required: string[];
  missing: { name: string; looked_in: string[] }[];
  elapsed_ms: number;
}): string {
  const count = report.required.length;
  const waited = `[${report.elapsed_ms} ms]`;
  if (report.missing.length === 0) {
    return `preflight probe secrets: ✔ ${count} required secret${count === 1 ? '' : 's'} present: ${report.required.join(', ')} ${waited}`;
  }
  const names = report.missing.map((entry) => `${entry.name} (looked in ${entry.looked_in.join(', ')})`);
  return `preflight probe secrets: ✖ ${report.missing.length} of ${count} required secrets missing after the timeout: ${names.join('; ')} ${waited}`;
}

export interface SecretOptions {
  required: SecretRequirement[];
  dirs: string[];
  /** The API's settings, read only when a Kubernetes secret is required (after every option checked). */
  kubernetes?: () => ReturnType<typeof kubernetesApi>;
  timeoutMs: number;
  statusFile?: string;
}

export function secretOptions(argv: string[]): SecretOptions {
  const { values } = parsedArgs({
    args: argv,
    strict: true,
    options: {
      require: { type: 'string', multiple: true },
      'secret-dir': { type: 'string', multiple: true },
      timeout: { type: 'string' },
      config: { type: 'string', short: 'c' },
      'status-file': { type: 'string' },
      'kubernetes-secret': { type: 'string', multiple: true },
      'kubernetes-api': { type: 'string' },
      'kubernetes-credentials': { type: 'string' },
      'kubernetes-namespace': { type: 'string' },
      'request-timeout': { type: 'string' },
    },
  });
  const config = configured(values.config);
  const required = (values.require ?? []).map(requirement);
  for (const name of values['kubernetes-secret'] ?? []) {
    required.push({ name: kubernetesName(name, '--kubernetes-secret'), kubernetes: true });
  }
  const namespace = values['kubernetes-namespace'];
  const requestTimeoutMs =
    values['request-timeout'] === undefined
      ? undefined
      : durationOption(values['request-timeout'], '--request-timeout');
  const kubernetes = required.some((entry) => entry.kubernetes)
    ? () =>
        kubernetesApi(process.env, {
          url: values['kubernetes-api'],
          credentialsDir: values['kubernetes-credentials'] && resolve(values['kubernetes-credentials']),
          namespace:
            namespace === undefined ? undefined : kubernetesName(namespace, '--kubernetes-namespace'),
          requestTimeoutMs,
        })
    : undefined;
  for (const name of config.required) {
    if (!required.some((known) => known.name === name)) required.push({ name });
  }
  if (required.length === 0) {
    throw new InputError(
      'no secret to wait for: give --require NAME, --kubernetes-secret NAME, or --config with model cards that list env.required',
    );
  }
  return {
    required,
    kubernetes,
    dirs: (values['secret-dir'] ?? []).map((dir) => resolve(dir)),
    timeoutMs:
      values.timeout === undefined
        ? config.timeoutSeconds * 1000
        : durationOption(values.timeout, '--timeout'),
    statusFile: values['status-file'] && resolve(values['status-file']),
  };
}

function requirement(spec: string): SecretRequirement {
  const [name = '', file] = spec.split(/=(.*)/s);
  if (!NAME.test(name) || name === '.' || name === '..') {
    throw new InputError(`"${name}" is not a secret name (letters, digits, _ . -)`, undefined, '--require');
  }
  if (file === undefined) return { name };
  if (file === '') throw new InputError(`no file after "${name}="`, undefined, '--require');
  return { name, file: resolve(file) };
}

/** secret_timeout and the env names the config's model cards require; loaded only with --config. */
function configured(configFile: string | undefined): { timeoutSeconds: number; required: string[] } {
  if (configFile === undefined) return { timeoutSeconds: DEFAULT_CONFIG.secret_timeout, required: [] };
  const { loadConfig } = require('../core/loaders/config') as typeof import('../core/loaders/config');
  const { loadModelCard } =
    require('../core/loaders/model-card') as typeof import('../core/loaders/model-card');
  const config = loadConfig(resolve(configFile));
  const required = config.model_cards.flatMap((card) => loadModelCard(card).env.required);
  return { timeoutSeconds: config.secret_timeout, required: [...new Set(required)] };
}
