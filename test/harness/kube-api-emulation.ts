import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import { tempFiles } from './temp-files';

/**
 * How the emulated API server answers `GET /api/v1/namespaces/NS/secrets/NAME` for one Secret:
 * `present` 200 with the Secret (values included, as the real server sends them), `absent` 404,
 * `forbidden` 403 (RBAC denies), `slow` accepts and never answers.
 */
export type SecretBehaviour = 'present' | 'absent' | 'forbidden' | 'slow';

export interface KubeApiEmulation {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** A folder as the kubelet mounts it into a pod: `token`, `ca.crt`, `namespace`. */
  credentialsDir: string;
  token: string;
  /** Every request: method, path, and whether it carried the expected bearer token. */
  requests: { method: string; path: string; authorized: boolean }[];
  /** Change what a Secret answers from now on. */
  set(name: string, behaviour: SecretBehaviour): void;
  close(): Promise<void>;
}

/** A value inside every Secret the emulation returns: it must appear in no output. */
export const SECRET_VALUE_CANARY = 'sk-kube-CANARY-value-5Rt9';

/**
 * An emulation of the Kubernetes API server's Secret GET on 127.0.0.1, over TLS with a CA made for
 * the test (openssl), answering with the status codes and Status bodies the real server sends.
 * Secrets it was not told about are absent. Only `namespace`'s Secrets exist.
 */
export async function startKubeApiEmulation(
  secrets: Record<string, SecretBehaviour>,
  options: { namespace?: string; token?: string } = {},
): Promise<KubeApiEmulation> {
  const namespace = options.namespace ?? 'llm';
  const token = options.token ?? 'eyJhbGciOiJSUzI1NiJ9.kube-TOKEN-CANARY-Zq81.sig';
  const tls = selfSignedCertificate();
  const behaviours = new Map(Object.entries(secrets));
  const requests: KubeApiEmulation['requests'] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    const authorized = request.headers.authorization === `Bearer ${token}`;
    requests.push({ method: request.method ?? '', path: request.url ?? '', authorized });
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/?]+)$/.exec(request.url ?? '');
    const send = (code: number, body: object) => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (!authorized) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (request.method !== 'GET' || !match)
      return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const [, ns, name] = match as unknown as [string, string, string];
    const behaviour = ns === namespace ? (behaviours.get(name) ?? 'absent') : 'absent';
    if (behaviour === 'slow') {
      hanging.add(response);
      return;
    }
    if (behaviour === 'forbidden') {
      return send(
        403,
        status(
          403,
          'Forbidden',
          `secrets "${name}" is forbidden: User "system:serviceaccount:${ns}:probe" cannot get resource "secrets" in API group "" in the namespace "${ns}"`,
        ),
      );
    }
    if (behaviour === 'absent') return send(404, status(404, 'NotFound', `secrets "${name}" not found`));
    send(200, {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name, namespace: ns },
      type: 'Opaque',
      data: { token: Buffer.from(SECRET_VALUE_CANARY).toString('base64') },
      stringData: { plain: SECRET_VALUE_CANARY },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const credentialsDir = tempFiles({ token: `${token}\n`, 'ca.crt': tls.cert, namespace });
  const emulation: KubeApiEmulation = {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentialsDir,
    token,
    requests,
    set: (name, behaviour) => behaviours.set(name, behaviour),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  after(() => emulation.close());
  return emulation;
}

/** `https://127.0.0.1:PORT` where nothing listens: a port taken from the OS, then given back. */
export async function refusingUrl(): Promise<string> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `https://127.0.0.1:${port}`;
}

function status(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

let certificate: { key: string; cert: string } | undefined;

/** A self-signed certificate for 127.0.0.1 (its own CA), made once per test file. */
function selfSignedCertificate(): { key: string; cert: string } {
  if (certificate) return certificate;
  const dir = tempFiles({});
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=kube-apiserver-emulation',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:kubernetes.default.svc',
    ],
    { stdio: 'ignore' },
  );
  certificate = {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  };
  return certificate;
}
