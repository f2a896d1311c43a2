import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { imageConfigJson, sha256 } from './registry-api';

/**
 * An emulation of the distribution API on 127.0.0.1 for what the real registry will not do on
 * request: bearer-token auth through a token endpoint, faults, bad content. It serves manifests and
 * blobs from memory; `fault` may replace any answer.
 */
export interface EmulatedRegistry {
  host: string;
  /** Every request seen, in order: method, path and whether it carried an Authorization header. */
  log: { method: string; path: string; authorized: boolean }[];
  /** Stores an image manifest and its config; returns the manifest digest. */
  putImage(
    repository: string,
    tag: string,
    env: Record<string, string>,
    labels?: Record<string, string>,
  ): string;
  /** Stores raw manifest bytes under a tag, announced with `digest` (default: their true digest). */
  putManifest(
    repository: string,
    tag: string,
    body: Buffer,
    options?: { digest?: string; contentType?: string },
  ): void;
  /** Replaces the answer to a request: return true when the fault handled it. */
  fault?: (request: IncomingMessage, response: ServerResponse, socket: Socket) => boolean;
  stop(): Promise<void>;
}

export interface EmulationOptions {
  /** Bearer auth: the registry wants `Bearer <token>`; `/token` hands it out for these basic credentials. */
  bearer?: { username: string; password: string; token: string };
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export async function startEmulatedRegistry(options: EmulationOptions = {}): Promise<EmulatedRegistry> {
  const manifests = new Map<string, { body: Buffer; digest: string; contentType: string }>();
  const blobs = new Map<string, Buffer>();
  const sockets = new Set<Socket>();
  const registry: EmulatedRegistry = {
    host: '',
    log: [],
    putImage(repository, tag, env, labels = {}) {
      const config = imageConfigJson(env, labels);
      const configDigest = `sha256:${sha256(config)}`;
      blobs.set(`${repository}@${configDigest}`, config);
      const body = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_MANIFEST,
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: configDigest,
            size: config.length,
          },
          layers: [],
        }),
      );
      const digest = `sha256:${sha256(body)}`;
      const entry = { body, digest, contentType: OCI_MANIFEST };
      manifests.set(`${repository}:${tag}`, entry);
      manifests.set(`${repository}@${digest}`, entry);
      return digest;
    },
    putManifest(repository, tag, body, put = {}) {
      const entry = {
        body,
        digest: put.digest ?? `sha256:${sha256(body)}`,
        contentType: put.contentType ?? OCI_MANIFEST,
      };
      manifests.set(`${repository}:${tag}`, entry);
      manifests.set(`${repository}@${entry.digest}`, entry);
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://emulated');
    registry.log.push({
      method: request.method ?? '',
      path: url.pathname,
      authorized: !!request.headers.authorization,
    });
    if (registry.fault?.(request, response, request.socket)) return;
    const { bearer } = options;
    if (bearer && url.pathname === '/token') {
      const expected = `Basic ${Buffer.from(`${bearer.username}:${bearer.password}`).toString('base64')}`;
      if (request.headers.authorization !== expected)
        return send(response, 401, { errors: [{ code: 'UNAUTHORIZED' }] });
      if (!url.searchParams.get('scope')?.startsWith('repository:')) return send(response, 400, {});
      return send(response, 200, { token: bearer.token, expires_in: 300 });
    }
    if (bearer && request.headers.authorization !== `Bearer ${bearer.token}`) {
      response.setHeader(
        'www-authenticate',
        `Bearer realm="http://${registry.host}/token",service="emulated",scope="repository:x:pull"`,
      );
      return send(response, 401, { errors: [{ code: 'UNAUTHORIZED' }] });
    }
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!match) return send(response, url.pathname === '/v2/' ? 200 : 404, {});
    const [, repository, kind, reference] = match;
    const key = `${repository}${reference!.includes(':') ? '@' : ':'}${reference}`;
    if (kind === 'blobs') {
      const blob = blobs.get(key);
      if (!blob) return send(response, 404, { errors: [{ code: 'BLOB_UNKNOWN' }] });
      response.writeHead(200, { 'content-length': blob.length, 'docker-content-digest': reference });
      return response.end(blob);
    }
    const manifest = manifests.get(key);
    if (!manifest) return send(response, 404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
    response.writeHead(200, {
      'content-type': manifest.contentType,
      'content-length': manifest.body.length,
      'docker-content-digest': manifest.digest,
    });
    response.end(request.method === 'HEAD' ? undefined : manifest.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return registry;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
