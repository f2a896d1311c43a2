import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors';
import { readSourceFile, whyUnreadable } from '../loaders/source-file';

export interface RegistryCredentials {
  username: string;
  password: string;
}

/** What a Docker config file says about one registry's credentials. */
export type CredentialAnswer =
  | { kind: 'found'; credentials: RegistryCredentials }
  /** credsStore / credHelpers: programs this tool does not run. */
  | { kind: 'helper'; helper: string }
  | { kind: 'none' };

export interface DockerCredentials {
  /** The file read, for messages; absent when there was none. */
  file?: string;
  lookup(registry: string): CredentialAnswer;
}

interface DockerConfigJson {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

const HUB_ALIASES = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

/**
 * Reads `auths` of a Docker config file (base64 `auth`, or `username` and `password`). A missing
 * default file means anonymous; a named file that is missing or malformed is an InputError that
 * never quotes the file's content.
 */
export function loadDockerCredentials(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DockerCredentials {
  const path = file ?? defaultDockerConfigFile(env);
  if (!existsSync(path)) {
    if (file !== undefined) throw new InputError('Docker config file not found', { file });
    return { lookup: () => ({ kind: 'none' }) };
  }
  let json: DockerConfigJson;
  try {
    json = JSON.parse(readSourceFile(path)) as DockerConfigJson;
  } catch (error) {
    const why = error instanceof SyntaxError ? 'not valid JSON' : whyUnreadable(error);
    throw new InputError(`cannot read Docker config file: ${why}`, { file: path });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputError('Docker config file: expected a JSON object', { file: path });
  const auths = new Map<string, RegistryCredentials>();
  for (const [key, entry] of Object.entries(json.auths ?? {})) {
    const credentials = entryCredentials(entry, path, key);
    if (credentials) auths.set(registryKey(key), credentials);
  }
  return {
    file: path,
    lookup(registry) {
      const key = registryKey(registry);
      const credentials = auths.get(key);
      if (credentials) return { kind: 'found', credentials };
      const helper = Object.entries(json.credHelpers ?? {}).find(([name]) => registryKey(name) === key)?.[1];
      if (helper) return { kind: 'helper', helper: `credHelpers docker-credential-${helper}` };
      if (json.credsStore)
        return { kind: 'helper', helper: `credsStore docker-credential-${json.credsStore}` };
      return { kind: 'none' };
    },
  };
}

function entryCredentials(
  entry: NonNullable<DockerConfigJson['auths']>[string],
  file: string,
  key: string,
): RegistryCredentials | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
      throw new InputError('auth is not base64 of "username:password"', { file }, `auths["${key}"].auth`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string')
    return { username: entry.username, password: entry.password };
  return undefined;
}

/** `https://index.docker.io/v1/`, `docker.io` and `registry-1.docker.io` are one registry; so are `http://h:5000` and `h:5000`. */
function registryKey(name: string): string {
  const host = name
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return HUB_ALIASES.includes(host) ? 'docker.io' : host;
}
