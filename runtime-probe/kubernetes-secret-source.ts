import { request } from 'node:https';
import { join } from 'node:path';
import { InputError } from '../core/errors';
import { INPUT_LIMITS, readInputFile, whyUnreadable } from '../core/loaders/source-file';
import type { SecretLookup, SecretSource } from './secret-sources';
import { serviceAccountToken } from './service-account-token';

/** Where every pod finds its ServiceAccount's token, the cluster CA and its namespace. */
export const IN_CLUSTER_CREDENTIALS = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Well above a healthy API server's answer, well below secret_timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

/** What the last look at the deadline may take: a run ends by its timeout plus this, at most. */
const LAST_LOOK_MS = 1000;

export interface KubernetesApi {
  /** `https://host:port`, without a trailing slash. */
  url: string;
  /** Holds `token` (read again on every request: projected tokens rotate) and `ca.crt`. */
  credentialsDir: string;
  ca: string;
  namespace: string;
  requestTimeoutMs: number;
}

export interface KubernetesApiOptions {
  url?: string;
  credentialsDir?: string;
  namespace?: string;
  requestTimeoutMs?: number;
}

/**
 * The in-cluster configuration client libraries use: `KUBERNETES_SERVICE_HOST`/`_PORT`, and the
 * token, `ca.crt` and `namespace` files; each can be given instead. Missing pieces are input errors.
 */
export function kubernetesApi(env: NodeJS.ProcessEnv, options: KubernetesApiOptions = {}): KubernetesApi {
  const credentialsDir = options.credentialsDir ?? IN_CLUSTER_CREDENTIALS;
  const url = options.url ?? inClusterUrl(env);
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(url)) {
    // Never echoed: the part before @ is a user and password.
    throw new InputError(
      'a URL with credentials (USER:PASSWORD@) is refused: the probe authenticates with the ServiceAccount token (--kubernetes-credentials DIR)',
      undefined,
      '--kubernetes-api',
    );
  }
  if (!/^https:\/\/[^/]+$/.test(url)) {
    throw new InputError(`expected https://HOST[:PORT], got "${url}"`, undefined, '--kubernetes-api');
  }
  const namespace = options.namespace ?? credential(credentialsDir, 'namespace').trim();
  serviceAccountToken(credential(credentialsDir, 'token'), join(credentialsDir, 'token'));
  return {
    url,
    credentialsDir,
    ca: credential(credentialsDir, 'ca.crt'),
    namespace,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

function inClusterUrl(env: NodeJS.ProcessEnv): string {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new InputError(
      'not inside a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (give --kubernetes-api https://HOST:PORT)',
    );
  }
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function credential(dir: string, name: string): string {
  const file = join(dir, name);
  try {
    // Bytes, not text: the token's own check (serviceAccountToken) positions a control character in it.
    return readInputFile(file, INPUT_LIMITS.serviceAccount).toString('utf8');
  } catch (error) {
    throw new InputError(
      `cannot read the ServiceAccount's ${name}: ${whyUnreadable(error)} (mount a token, or give --kubernetes-credentials DIR)`,
      { file },
    );
  }
}

/**
 * Asks the API server whether each Secret exists (`GET /api/v1/namespaces/NS/secrets/NAME`). A 200's
 * body holds the Secret's values: it is never read, the response is dropped at its headers. Only
 * requirements marked `kubernetes` are answered here.
 */
export function kubernetesSecretSource(
  api: KubernetesApi,
  deadline = Number.POSITIVE_INFINITY,
): SecretSource {
  return {
    async lookup({ name, kubernetes }) {
      if (!kubernetes) return undefined;
      const where = `kubernetes secret ${api.namespace}/${name}`;
      // The checkpoint's deadline (performance.now() time) bounds every request; the look that starts
      // at the deadline still gets LAST_LOOK_MS, so a quick answer is not lost for want of time.
      const left = Math.max(Math.ceil(deadline - performance.now()), LAST_LOOK_MS);
      const timeoutMs = Math.min(api.requestTimeoutMs, left);
      return { where, ...(await secretState(api, name, timeoutMs)) };
    },
  };
}

type Answer = Omit<SecretLookup, 'where'>;

function secretState(api: KubernetesApi, name: string, timeoutMs: number): Promise<Answer> {
  const path = `/api/v1/namespaces/${encodeURIComponent(api.namespace)}/secrets/${encodeURIComponent(name)}`;
  let token: string;
  let text: string;
  const file = join(api.credentialsDir, 'token');
  try {
    // Read again on every request: a projected token rotates, and the new one may be unusable.
    text = readInputFile(file, INPUT_LIMITS.serviceAccount).toString('utf8');
  } catch (error) {
    return Promise.resolve({
      state: 'unreachable',
      detail: `cannot read the ServiceAccount token: ${whyUnreadable(error)}`,
    });
  }
  try {
    token = serviceAccountToken(text, file);
  } catch (error) {
    const detail =
      error instanceof InputError
        ? error.describe()
        : `cannot read the ServiceAccount token: ${(error as NodeJS.ErrnoException).code}`;
    return Promise.resolve({ state: 'unreachable', detail });
  }
  return new Promise<Answer>((resolve) => {
    const call = request(`${api.url}${path}`, {
      method: 'GET',
      ca: api.ca,
      agent: false,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    call.once('response', (response) => {
      // Drop the body unread: for a 200 it is the Secret itself.
      response.destroy();
      resolve(answer(response.statusCode ?? 0, name));
    });
    call.once('error', (error: NodeJS.ErrnoException) => {
      const detail =
        error.name === 'AbortError' || error.name === 'TimeoutError'
          ? `no answer from the API server within ${timeoutMs} ms`
          : `API server unreachable: ${error.code ?? error.name}`;
      resolve({ state: 'unreachable', detail });
    });
    call.end();
  });
}

function answer(status: number, name: string): Answer {
  if (status === 200) return { state: 'present' };
  if (status === 404) return { state: 'absent' };
  if (status === 403) {
    return { state: 'forbidden', detail: `forbidden: the probe's ServiceAccount may not get secret ${name}` };
  }
  if (status === 401) {
    return { state: 'unreachable', detail: "unauthorized: the API server refused the probe's token" };
  }
  return { state: 'unreachable', detail: `the API server answered ${status}` };
}
