import { resolve } from 'node:path';
import { type CheckResult, runRules } from '../../core/check/run-check';
import { discoverConfig } from '../../core/loaders/config';
import { loadModelCard } from '../../core/loaders/model-card';
import { distinctCards, type TemplateModelCard } from '../../core/loaders/template-model-cards';
import type { Config } from '../../core/model/config';
import type { Workload } from '../../core/model/workload';
import { loadWorkloads } from '../../core/workloads/load-inputs';
import { SYNTH_RULES } from './synth-rules';

/** Where the plugin's config and extra cards come from. */
export interface AssemblyCheckOptions {
  /** preflight.yaml; absent: `./preflight.yaml` when it exists (as `preflight check` finds it), else defaults. */
  configFile?: string;
  /** Card files beside the cards the templates record; absent: the config's `model_cards`. */
  modelCards?: readonly string[];
  /** The date overrides expire against (YYYY-MM-DD); absent: today. */
  today?: string;
}

export interface AssemblyCheck {
  result: CheckResult;
  workloads: Workload[];
  recordedCards: TemplateModelCard[];
  config: Config;
}

/**
 * Runs the template rules of `preflight check` over synthesized templates, as `preflight check cdk.out`
 * does (without `--registry`): the cards the templates record plus the configured ones, the secrets the templates create
 * plus those the config declares external, and the config's overrides. Bad input throws InputError.
 */
export function checkTemplates(
  templatePaths: readonly string[],
  options: AssemblyCheckOptions,
): AssemblyCheck {
  const { config } = discoverConfig(options.configFile);
  const named = (options.modelCards ?? config.model_cards).map((file) => loadModelCard(resolve(file)));
  const { workloads, secretProviders, recordedCards, errors } = loadWorkloads(
    templatePaths.map((path) => resolve(path)),
  );
  // `cdk synth` reports one validation failure; a template it cannot read is that failure.
  if (errors[0]) throw errors[0];
  const cards = distinctCards([...named, ...recordedCards.map((recorded) => recorded.card)]);
  const result = runRules(SYNTH_RULES, { workloads, cards, secretProviders }, config, options.today);
  return { result, workloads, recordedCards, config };
}
