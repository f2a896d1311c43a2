/** One `preflight <name>` subcommand. Each lives in its own file under cli/commands/. */
export interface Command {
  name: string;
  /** One line for `preflight --help`. */
  summary: string;
  /** The full help text for `preflight <name> --help`. */
  usage: string;
  /** Runs it and returns the exit code: 0 clean, 1 blocking findings, 2 usage/config/input error. */
  run(argv: string[]): number | Promise<number>;
}
