/** Where an ECS secret reference reads from: Secrets Manager or SSM Parameter Store. */
export type AwsSecretStore = 'secretsmanager' | 'ssm';

/** An ECS `valueFrom` (or `credentialsParameter`) taken apart. Names and keys only. */
export interface EcsSecretRef {
  /** The store; absent when only deployment tells (a `${Ref}` to a resource, another service's ARN). */
  store?: AwsSecretStore;
  /**
   * Secrets Manager: the secret's name as the ARN writes it (maybe with its `-XXXXXX` suffix). SSM: the
   * parameter name (`/ml/key`, or `key`). `${LogicalId}` for a `Ref` to a resource. Otherwise the whole value.
   */
  name: string;
  /** A Secrets Manager JSON key: `arn:…:secret:<name>:<json-key>:<version-stage>:<version-id>`. */
  key?: string;
  /** Deploy-time parts (`${...}`, `Fn::Sub` syntax) in the name itself: it cannot be checked statically. */
  deployTime: boolean;
}

const DEPLOY_TIME_PART = /\$\{[^}]*\}/g;
const MASK = /\uE000(\d+)\uE000/g;

/**
 * Reads an ECS secret reference: a Secrets Manager ARN (7 fields, or 10 with JSON key, version stage and
 * version id), an SSM parameter ARN (`…:parameter/<name>`), a `${Ref}` to a resource of the same
 * template (optionally followed by `:<json-key>::`), or a bare name: an SSM parameter for `secrets` and
 * `secretOptions`, a Secrets Manager secret for `repositoryCredentials`. Deploy-time parts such as
 * `${AWS::Region}` hold colons of their own, so they are masked before the value is split on `:`.
 */
export function parseEcsSecretRef(valueFrom: string, via: string): EcsSecretRef {
  const key = `${via}\u0000${valueFrom}`;
  let parsed = parsedRefs.get(key);
  if (!parsed) {
    if (parsedRefs.size >= PARSED_LIMIT) parsedRefs.clear();
    parsed = Object.freeze(readEcsSecretRef(valueFrom, via));
    parsedRefs.set(key, parsed);
  }
  return parsed;
}

/**
 * References already read: a large app repeats the same few (`${Secret}` Refs, one ARN per secret)
 * in every task definition. Bounded, and frozen, as callers share them.
 */
const parsedRefs = new Map<string, Readonly<EcsSecretRef>>();
const PARSED_LIMIT = 4096;

function readEcsSecretRef(valueFrom: string, via: string): EcsSecretRef {
  const parts: string[] = [];
  const masked = valueFrom.replace(DEPLOY_TIME_PART, (part) => `\uE000${parts.push(part) - 1}\uE000`);
  const unmask = (text: string) => text.replace(MASK, (_, index: string) => parts[Number(index)]!);
  const fields = masked.split(':');
  const field = (index: number) => unmask(fields[index] ?? '');
  const named = (store: AwsSecretStore | undefined, name: string, key?: string): EcsSecretRef => ({
    ...(store ? { store } : {}),
    name,
    ...(key ? { key } : {}),
    deployTime: name.includes('${'),
  });
  if (fields[0] === 'arn' && fields.length >= 6) {
    const service = field(2);
    if (service === 'secretsmanager' && field(5) === 'secret' && fields.length >= 7) {
      return named('secretsmanager', field(6), field(7));
    }
    const resource = unmask(fields.slice(5).join(':'));
    if (service === 'ssm' && resource.startsWith('parameter')) {
      const name = resource.slice('parameter'.length);
      // `parameter/name`; CDK joins `parameter` and a Ref to a `/`-rooted name without a slash between.
      return named('ssm', name.startsWith('/') || name.startsWith('${') ? name : `/${name}`);
    }
    return named(undefined, valueFrom);
  }
  if (/^\uE000\d+\uE000$/.test(fields[0] ?? '')) {
    const first = field(0);
    // A Ref to a resource (`${HfToken}`), maybe with a JSON key; a pseudo parameter or GetAtt alone is no name.
    if (/^\$\{[^}:]+\}$/.test(first)) return named(undefined, first, field(1));
  }
  if (via.startsWith('repositoryCredentials')) return named('secretsmanager', valueFrom);
  if (masked.includes(':')) return named(undefined, valueFrom);
  return named('ssm', valueFrom);
}

/**
 * Whether two names denote the same secret of a store: equal; for SSM, equal but for a leading `/`;
 * for Secrets Manager, equal but for the `-` and six random characters that end a secret's ARN. With no
 * store given, either way.
 */
export function awsSecretNamesMatch(store: AwsSecretStore | undefined, a: string, b: string): boolean {
  if (a === b) return true;
  if (store !== 'secretsmanager' && a.replace(/^\/+/, '') === b.replace(/^\/+/, '')) return true;
  return store !== 'ssm' && (withSuffix(a, b) || withSuffix(b, a));
}

function withSuffix(full: string, name: string): boolean {
  return (
    full.length === name.length + 7 && full.startsWith(`${name}-`) && /^[A-Za-z0-9]{6}$/.test(full.slice(-6))
  );
}
