import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
} from 'aws-cdk-lib';
import { CDK_RULE_NAMESPACE } from '../../core/check/cdk-acknowledgements';
import { packageVersion } from '../../core/loaders/package-version';
import { cardName } from '../../core/model/model-card';
import { acknowledgementViolations } from './acknowledgements';
import { checkTemplates } from './assembly-check';
import { constructPaths } from './construct-paths';
import { withNestedStacks } from './nested-stacks';
import { failureReport } from './plugin-failure';
import { SYNTH_RULES } from './synth-rules';
import { violationsOf } from './violations';

/** Props of {@link PreflightGuardValidation}. */
export interface PreflightGuardValidationProps {
  /**
   * preflight.yaml: overrides (with reasons), `secrets.external`, `env.known`, `ignore_versions`,
   * `gpu_driver`, `model_cards`.
   *
   * @default - `./preflight.yaml` when it exists (as `preflight check` finds it), else the defaults
   */
  readonly configFile?: string;
  /**
   * model-card.json files to check against, beside the cards the app's `ModelCard` constructs record.
   *
   * @default - the config's `model_cards`
   */
  readonly modelCards?: string[];
  /**
   * The date overrides expire against, as YYYY-MM-DD.
   *
   * @default - today
   */
  readonly today?: string;
}

/**
 * The preflight-guard rules at `cdk synth`: register with `Validations.of(app).addPlugins(new
 * PreflightGuardValidation())`. Runs the `preflight check` rules over the synthesized templates: the
 * ECS containers' images, env and secrets against the model cards the templates record. Errors fail
 * synth; acknowledge one with `Validations.of(scope).acknowledge({ id: 'preflight-guard::<rule>',
 * reason })`. Reads the templates, never writes into the cloud assembly.
 */
export class PreflightGuardValidation implements IPolicyValidationPlugin {
  /** Also the acknowledgement namespace: `preflight-guard::secret-missing`. */
  public readonly name = CDK_RULE_NAMESPACE;
  public readonly version = packageVersion();
  public readonly ruleIds: string[] = SYNTH_RULES.map((rule) => rule.id);

  constructor(private readonly props: PreflightGuardValidationProps = {}) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // Anything thrown here would reach `cdk synth` as a failure with no violation, which it passes.
    try {
      return this.check(context);
    } catch (error) {
      return failureReport(this.name, error, context.stackTemplates ?? []);
    }
  }

  private check(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // The construct tree is walked once: nested stacks, acknowledgements and resource paths all read it.
    const constructs = context.appConstruct?.node.findAll() ?? [];
    const stacks = withNestedStacks(constructs, context.stackTemplates ?? []);
    const templatePaths =
      stacks.length > 0 ? stacks.map((stack) => stack.templatePath) : context.templatePaths;
    const { result, workloads, recordedCards, config } = checkTemplates(templatePaths, {
      configFile: this.props.configFile,
      modelCards: this.props.modelCards,
      today: this.props.today,
    });
    const violations = [
      ...violationsOf(result.findings, {
        workloads,
        recordedCards,
        stacks,
        constructPathOf: constructPaths(constructs, stacks),
      }),
      ...acknowledgementViolations(constructs, this.name, this.ruleIds, stacks[0]?.stackConstructPath),
    ];
    return {
      success: !violations.some(
        (violation) => violation.severity === 'error' || violation.severity === 'fatal',
      ),
      violations,
      pluginVersion: this.version,
      metadata: {
        config: config.file ?? 'none',
        modelCards: result.context.cards.map(cardName).join(', ') || 'none',
        workloads: String(workloads.length),
        passed: String(result.passed.length),
      },
    };
  }
}
