import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A secret the app needs, by name; `file` when the user pointed at the exact file that holds it;
 * `kubernetes` when it is a Secret object looked up through the Kubernetes API (and nowhere else).
 */
export interface SecretRequirement {
  name: string;
  file?: string;
  kubernetes?: boolean;
}

/** `forbidden` and `unreachable` leave the question open: the checkpoint keeps polling. */
export type SecretState = 'present' | 'absent' | 'empty' | 'forbidden' | 'unreachable';

/** One place a secret was looked for, in words (`env HF_TOKEN`, `file /run/secrets/HF_TOKEN`), and what was there. */
export interface SecretLookup {
  where: string;
  state: SecretState;
  /** Why the answer is not a plain absent (`forbidden: ...`); names and codes only. */
  detail?: string;
}

/**
 * Somewhere secrets appear. A source answers only whether a secret is there, never with its value:
 * an env var is measured, a file is stat()ed, neither is read. `lookup` returns undefined where the
 * source does not apply to a requirement. An AWS Secrets Manager or SSM source fits the same shape
 * (DescribeSecret / GetParameter metadata, `where` = the ARN or parameter name).
 */
export interface SecretSource {
  lookup(requirement: SecretRequirement): Promise<SecretLookup | undefined>;
}

/** The process environment: `NAME` set and not empty. */
export function envSource(env: NodeJS.ProcessEnv): SecretSource {
  return {
    async lookup({ name, file }) {
      if (file) return undefined;
      const value = env[name];
      return {
        where: `env ${name}`,
        state: value === undefined ? 'absent' : value === '' ? 'empty' : 'present',
      };
    },
  };
}

/**
 * The `NAME_FILE` convention (Docker and many images): an env var naming the file that holds the secret.
 * The path is not printed: it is an env value, and a misconfigured one may be the secret itself.
 */
export function envFileSource(env: NodeJS.ProcessEnv): SecretSource {
  return {
    async lookup({ name, file }) {
      const path = file ? undefined : env[`${name}_FILE`];
      if (!path) return undefined;
      return { where: `the file env ${name}_FILE names`, state: await fileState(path) };
    },
  };
}

/** A mounted secret volume: one file per key (Kubernetes secret volumes, Docker's /run/secrets). */
export function folderSource(dir: string): SecretSource {
  return {
    async lookup({ name, file }) {
      if (file) return undefined;
      const path = join(dir, name);
      return { where: `file ${path}`, state: await fileState(path) };
    },
  };
}

/** A file the user named for this secret. */
export function namedFileSource(): SecretSource {
  return {
    async lookup({ file }) {
      return file ? { where: `file ${file}`, state: await fileState(file) } : undefined;
    },
  };
}

/** Kubernetes mounts keys as symlinks into a `..data` folder; stat() follows them. */
async function fileState(path: string): Promise<SecretState> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return 'absent';
    return info.size > 0 ? 'present' : 'empty';
  } catch {
    return 'absent';
  }
}
