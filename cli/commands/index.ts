import type { Command } from '../command';
import { checkCommand } from './check';

/** Every subcommand, in help order. */
export const COMMANDS: readonly Command[] = [checkCommand];
