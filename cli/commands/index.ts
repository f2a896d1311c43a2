import type { Command } from '../command';
import { checkCommand } from './check';
import { lintPromptsCommand } from './lint-prompts';
import { previewCommand } from './preview';
import { probeCommand } from './probe';

/** Every subcommand, in help order. */
export const COMMANDS: readonly Command[] = [checkCommand, lintPromptsCommand, previewCommand, probeCommand];
