/** Why an image could not be resolved; each kind says what the user can do about it. */
export type RegistryFailure =
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'not-found'
  | 'server-error'
  | 'client-error'
  | 'redirect'
  | 'too-large'
  | 'digest-mismatch'
  | 'malformed'
  | 'unsupported'
  | 'no-platform'
  | 'not-cached';

/**
 * A registry lookup that failed. Messages name the registry, repository and what happened, never a
 * header, token or password: they end up in findings.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly failure: RegistryFailure,
    message: string,
    /** A dropped connection or a 5xx: worth another try. */
    readonly retryable = false,
  ) {
    super(message);
  }
}
