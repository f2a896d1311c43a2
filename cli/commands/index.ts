import type { Command } from '../command';

/** Every subcommand, in help order. */
export const COMMAND_NAMES = ['check', 'lint-prompts', 'preview', 'probe'] as const;

/**
 * Loads one subcommand's module, and with it only what that command needs: start-up is what every CI
 * step and every boot pays, and `lint-prompts` has no use for the registry client or the probe.
 */
export function loadCommand(name: string): Command | undefined {
  switch (name) {
    case 'check':
      return (require('./check') as typeof import('./check')).checkCommand;
    case 'lint-prompts':
      return (require('./lint-prompts') as typeof import('./lint-prompts')).lintPromptsCommand;
    case 'preview':
      return (require('./preview') as typeof import('./preview')).previewCommand;
    case 'probe':
      return (require('./probe') as typeof import('./probe')).probeCommand;
    default:
      return undefined;
  }
}
