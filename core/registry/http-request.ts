import http from 'node:http';
import https from 'node:https';
import { RegistryError } from './registry-error';

export interface HttpRequest {
  method: 'GET' | 'HEAD';
  url: URL;
  headers: Record<string, string>;
  /** The whole exchange, connect to last byte. */
  timeoutMs: number;
  /** The body is read up to this many bytes and the exchange abandoned past it. */
  maxBytes: number;
  agent?: http.Agent;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const RESETS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/**
 * One HTTP exchange with a deadline and a cap on the body. Failures are RegistryErrors that name the
 * host only: a URL may carry a token endpoint's query, and headers carry credentials.
 */
export function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const { url } = request;
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return Promise.reject(new RegistryError('client-error', `${url.protocol} URLs are not fetched`));
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: RegistryError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const req = transport.request(url, {
      method: request.method,
      headers: request.headers,
      agent: request.agent,
    });
    const timer = setTimeout(
      () =>
        fail(new RegistryError('timeout', `${url.host} did not answer within ${request.timeoutMs / 1000}s`)),
      request.timeoutMs,
    );
    req.on('error', (error: NodeJS.ErrnoException) => fail(connectionError(url, error)));
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > request.maxBytes && request.method === 'GET') {
        fail(tooLarge(url, `${declared} bytes`, request.maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > request.maxBytes) fail(tooLarge(url, `${length} bytes or more`, request.maxBytes));
        else chunks.push(chunk);
      });
      res.on('error', (error: NodeJS.ErrnoException) => fail(connectionError(url, error)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end();
  });
}

function tooLarge(url: URL, size: string, limit: number): RegistryError {
  return new RegistryError(
    'too-large',
    `${url.host}: ${resourceName(url)} is ${size}, over the ${limit}-byte limit`,
  );
}

function connectionError(url: URL, error: NodeJS.ErrnoException): RegistryError {
  const code = error.code ?? '';
  if (RESETS.has(code) || error.message === 'socket hang up')
    return new RegistryError(
      'unreachable',
      `${url.host} dropped the connection (${code || 'hang up'})`,
      true,
    );
  if (code === 'ECONNREFUSED') return new RegistryError('unreachable', `${url.host} refused the connection`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new RegistryError('unreachable', `${url.hostname} does not resolve (${code})`);
  return new RegistryError('unreachable', `${url.host}: ${code || error.message}`);
}

/** `manifests/2.3.0` or `blobs/sha256:…`: the tail of a registry path, never a query. */
export function resourceName(url: URL): string {
  const match = /\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
  return match
    ? `${decodeURIComponent(match[1]!)} ${match[2] === 'blobs' ? 'blob' : 'manifest'} ${decodeURIComponent(match[3]!)}`
    : url.pathname;
}
