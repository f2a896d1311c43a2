import type { Command } from '../command';
import { checkCommand } from './check';
import { previewCommand } from './preview';

/** Every subcommand, in help order. */
export const COMMANDS: readonly Command[] = [checkCommand, previewCommand];
