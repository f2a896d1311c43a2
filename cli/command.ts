/** One `preflight <name>` subcommand. Each lives in its own file under cli/commands/. */
export interface Command {
  name: string;
  /** One line for `preflight --help`. */
  summary: string;
  /** The full help text for `preflight <name> --help`. */
  usage: string;
  /** True when `run` prints its own help (per subcommand), so `--help` is passed through to it. */
  handlesHelp?: boolean;
  /** Runs it and returns the exit code: 0 clean, 1 blocking findings, 2 usage/config/input error. */
  run(argv: string[]): number | Promise<number>;
}
