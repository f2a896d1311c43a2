import http from 'node:http';
import https from 'node:https';
import { type AuthChallenge, parseAuthChallenge } from './auth-challenge';
import type { DockerCredentials, RegistryCredentials } from './docker-credentials';
import { type HttpResponse, httpRequest, resourceName } from './http-request';
import type { RegistryEndpoint } from './registry-endpoint';
import { RegistryError } from './registry-error';

export interface SessionOptions {
  timeoutMs: number;
  /** Extra tries after a 5xx or a dropped connection; never after a 4xx, a refusal or a timeout. */
  retries: number;
  /** The first retry waits this long, each next one twice as long (plus jitter). */
  backoffMs: number;
  credentials: DockerCredentials;
  maxSockets: number;
}

export interface RegistryGet {
  method?: 'GET' | 'HEAD';
  accept?: string;
  maxBytes: number;
}

const MAX_REDIRECTS = 3;
const TOKEN_MAX_BYTES = 1 << 20;

/**
 * Talks to registries for one run: answers auth challenges (basic, bearer token), remembers tokens per
 * repository scope, retries with backoff, follows blob redirects and counts its HTTP requests.
 */
export class RegistrySession {
  /** HTTP requests made, token requests included. */
  requests = 0;
  private readonly challenges = new Map<string, AuthChallenge>();
  private readonly tokens = new Map<string, { value: string; expires: number }>();
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(private readonly options: SessionOptions) {
    const agent = { keepAlive: true, maxSockets: options.maxSockets };
    this.agents = { http: new http.Agent(agent), https: new https.Agent(agent) };
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** `GET /v2/<repository>/<path>`, authorized as the registry asks; a non-2xx answer is a RegistryError. */
  async get(
    endpoint: RegistryEndpoint,
    repository: string,
    path: string,
    request: RegistryGet,
  ): Promise<HttpResponse> {
    const url = new URL(`/v2/${repository}/${path}`, endpoint.origin);
    const headers: Record<string, string> = request.accept ? { accept: request.accept } : {};
    let authorization = await this.knownAuthorization(endpoint, repository);
    let response = await this.follow(url, headers, authorization, request);
    if (response.status === 401) {
      const challenge = parseAuthChallenge(header(response, 'www-authenticate'));
      if (!challenge)
        throw new RegistryError(
          'unauthorized',
          `${endpoint.registry} refused ${resourceName(url)} (401) without a challenge this client understands`,
        );
      this.challenges.set(endpoint.registry, challenge);
      authorization = await this.authorization(endpoint, repository, challenge, true);
      response = await this.follow(url, headers, authorization, request);
      if (response.status === 401) throw this.unauthorized(endpoint, repository, 'refused the credentials');
    }
    if (response.status >= 200 && response.status < 300) return response;
    throw statusError(url, response);
  }

  private async knownAuthorization(
    endpoint: RegistryEndpoint,
    repository: string,
  ): Promise<string | undefined> {
    const challenge = this.challenges.get(endpoint.registry);
    return challenge ? this.authorization(endpoint, repository, challenge, false) : undefined;
  }

  /** The Authorization header value a challenge asks for; `fresh` fetches a token even if one is held. */
  private async authorization(
    endpoint: RegistryEndpoint,
    repository: string,
    challenge: AuthChallenge,
    fresh: boolean,
  ): Promise<string | undefined> {
    const credentials = this.credentialsFor(endpoint);
    if (challenge.scheme === 'basic') {
      if (!credentials) throw this.unauthorized(endpoint, repository, 'asks for credentials');
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    const scope = `repository:${repository}:pull`;
    const key = `${endpoint.registry} ${scope}`;
    const held = this.tokens.get(key);
    if (held && !fresh && held.expires > Date.now()) return `Bearer ${held.value}`;
    if (!fresh && !held) return undefined;
    const token = await this.fetchToken(endpoint, repository, challenge, scope, credentials);
    this.tokens.set(key, token);
    return `Bearer ${token.value}`;
  }

  private async fetchToken(
    endpoint: RegistryEndpoint,
    repository: string,
    challenge: AuthChallenge,
    scope: string,
    credentials: RegistryCredentials | undefined,
  ): Promise<{ value: string; expires: number }> {
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new RegistryError(
        'unauthorized',
        `${endpoint.registry} sent a bearer challenge without a valid realm`,
      );
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && endpoint.origin.startsWith('http:')))
      throw new RegistryError('unauthorized', `${endpoint.registry}: token realm ${url.host} is not https`);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', scope);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credentials)
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    const response = await this.exchange(url, headers, TOKEN_MAX_BYTES);
    if (response.status === 401 || response.status === 403)
      throw this.unauthorized(endpoint, repository, `token service ${url.host} refused (${response.status})`);
    if (response.status < 200 || response.status >= 300)
      throw new RegistryError(
        'unauthorized',
        `${endpoint.registry}: token service ${url.host} answered ${response.status}`,
      );
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new RegistryError('unauthorized', `${endpoint.registry}: token service ${url.host} sent no JSON`);
    }
    const value = typeof body.token === 'string' ? body.token : body.access_token;
    if (typeof value !== 'string' || value === '')
      throw new RegistryError(
        'unauthorized',
        `${endpoint.registry}: token service ${url.host} sent no token`,
      );
    // The spec's default lifetime is 60 s; renew a little early.
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    return { value, expires: Date.now() + Math.max(0, seconds - 10) * 1000 };
  }

  private credentialsFor(endpoint: RegistryEndpoint): RegistryCredentials | undefined {
    const answer = this.options.credentials.lookup(endpoint.registry);
    return answer.kind === 'found' ? answer.credentials : undefined;
  }

  /** Says where credentials were looked for, and never what they are. */
  private unauthorized(endpoint: RegistryEndpoint, repository: string, what: string): RegistryError {
    const answer = this.options.credentials.lookup(endpoint.registry);
    const file = this.options.credentials.file ?? 'the Docker config file (none found)';
    const where =
      answer.kind === 'found'
        ? `credentials for ${endpoint.registry} came from ${file}`
        : answer.kind === 'helper'
          ? `${file} names ${answer.helper}, and credential helpers are not supported: add an "auths" entry for ${endpoint.registry}`
          : `no credentials for ${endpoint.registry} in ${file}`;
    return new RegistryError('unauthorized', `${endpoint.registry} ${what} for ${repository}; ${where}`);
  }

  /** One logical request: redirects followed, Authorization dropped when the origin changes. */
  private async follow(
    url: URL,
    headers: Record<string, string>,
    authorization: string | undefined,
    request: RegistryGet,
  ): Promise<HttpResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const sameOrigin = current.origin === url.origin;
      const sent = authorization && sameOrigin ? { ...headers, authorization } : headers;
      const response = await this.exchange(current, sent, request.maxBytes, request.method ?? 'GET');
      const location = header(response, 'location');
      if (![301, 302, 303, 307, 308].includes(response.status) || !location) return response;
      if (hop >= MAX_REDIRECTS)
        throw new RegistryError('redirect', `${url.host}: too many redirects for ${resourceName(url)}`);
      current = redirectTarget(location, current, url);
    }
  }

  /** One HTTP exchange, retried after a 5xx or a dropped connection. */
  private async exchange(
    url: URL,
    headers: Record<string, string>,
    maxBytes: number,
    method: 'GET' | 'HEAD' = 'GET',
  ): Promise<HttpResponse> {
    const agent = url.protocol === 'https:' ? this.agents.https : this.agents.http;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.options.retries;
      this.requests++;
      try {
        const response = await httpRequest({
          method,
          url,
          headers,
          timeoutMs: this.options.timeoutMs,
          maxBytes,
          agent,
        });
        if (response.status < 500 || last) return response;
      } catch (error) {
        if (!(error instanceof RegistryError) || !error.retryable || last) throw error;
      }
      const wait = this.options.backoffMs * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * wait * 0.25));
    }
  }
}

/**
 * Where a Location header leads, relative to the URL that answered. Only http(s) is followed: a
 * registry (or anything between) must not make the client read `file:` or talk `ftp:`. The Location
 * itself is not repeated, as it may carry a signed query.
 */
function redirectTarget(location: string, from: URL, asked: URL): URL {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new RegistryError(
      'redirect',
      `${from.host} redirected ${resourceName(asked)} to a Location that is not a URL`,
    );
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new RegistryError(
      'redirect',
      `${from.host} redirected ${resourceName(asked)} to a ${target.protocol} URL; only http and https redirects are followed`,
    );
  return target;
}

function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function statusError(url: URL, response: HttpResponse): RegistryError {
  const what = resourceName(url);
  const code = registryErrorCode(response.body);
  const detail = code ? ` ${code}` : '';
  if (response.status === 404)
    return new RegistryError('not-found', `${url.host}: ${what} not found (404${detail})`);
  if (response.status === 403)
    return new RegistryError('unauthorized', `${url.host}: ${what} is forbidden (403${detail})`);
  if (response.status >= 500)
    return new RegistryError('server-error', `${url.host}: ${what} failed with ${response.status}${detail}`);
  return new RegistryError('client-error', `${url.host}: ${what} answered ${response.status}${detail}`);
}

/** The distribution error code (`MANIFEST_UNKNOWN`), the only part of an error body worth repeating. */
function registryErrorCode(body: Buffer): string | undefined {
  try {
    const code = JSON.parse(body.toString('utf8'))?.errors?.[0]?.code;
    return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}
