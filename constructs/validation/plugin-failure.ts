import type { PolicyValidationPluginReport, PolicyValidationStack } from 'aws-cdk-lib';
import { InputError } from '../../core/errors';

/**
 * The report for a check that could not run. `cdk synth` drops a report that only says it failed (and
 * exits 0), so the failure is a `fatal` violation on the stacks it concerns: synth stops, loudly.
 */
export function failureReport(
  pluginName: string,
  error: unknown,
  stacks: readonly PolicyValidationStack[],
): PolicyValidationPluginReport {
  const input = error instanceof InputError;
  const why = input ? error.describe(process.cwd()) : error instanceof Error ? error.message : String(error);
  const description = input
    ? `${pluginName} cannot check this app: ${why}`
    : `${pluginName} failed, so nothing was checked: ${why}`;
  const concerned = stacks.filter((stack) => input && stack.templatePath === error.location?.file);
  return {
    success: false,
    violations: [
      {
        ruleName: input ? 'input-error' : 'plugin-error',
        description,
        fix: input
          ? 'Fix the file named above, then synth again.'
          : `Report this as a bug in ${pluginName}, with the message above.`,
        severity: 'fatal',
        violatingResources: (concerned.length > 0 ? concerned : stacks).map((stack) => ({
          constructPath: stack.stackConstructPath,
          templatePath: stack.templatePath,
          locations: [],
        })),
      },
    ],
    metadata: { error: description },
  };
}
