/** The command line itself is wrong: an unknown command, flag or format. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
