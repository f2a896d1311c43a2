import { resolve } from 'node:path';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { InputError } from '../../core/errors';
import { loadPromptVars, noPromptVars } from '../../core/loaders/prompt-vars';
import type { Finding } from '../../core/model/finding';
import { DIALECTS, type Dialect, type PromptVars } from '../../core/model/prompt';
import { dialectForFile } from '../../core/prompts/dialect-for-file';
import type * as LintPrompt from '../../core/prompts/lint-prompt';
import { ruleInfo } from '../../core/rules/catalog';
import { knownProps } from '../adapters/known-props';
import { inPackWords } from '../adapters/pack-wording';
import { checkedConfig } from '../adapters/policy-config';
import { reportFindings } from '../adapters/report';
import { ECS_TASK_DEFINITION, kubernetesKind, workloadsFromResource } from '../adapters/workloads';

const info = ruleInfo('prompt-template-vars');

/** Marks a ConfigMap as holding prompts (a label or an annotation with value "true"). */
export const PROMPTS_MARK = 'preflight-guard.dev/prompts';
/** On a prompt ConfigMap: the variables the app fills, comma-separated. */
export const PROMPT_VARS_ANNOTATION = 'preflight-guard.dev/prompt-vars';
/** On a prompt ConfigMap: the dialect of keys whose names do not say it (default jinja). */
export const PROMPT_DIALECT_ANNOTATION = 'preflight-guard.dev/prompt-dialect';

/** `{{ x }}` or `${X}` left in an env value reaches the app literally: Kubernetes substitutes only `$(X)`. */
const PLACEHOLDER = /\{\{[^}]*\}\}|\$\{[A-Za-z_][A-Za-z0-9_]*[^}]*\}/;

interface PromptPolicyConfig {
  promptVars?: string;
}

const loadedVars = new Map<string, PromptVars>();

const PROPERTIES = {
  promptVars: {
    type: 'string' as const,
    description: 'prompt_vars.yaml (absolute, or relative to the policy pack folder)',
  },
};

export const promptTemplateVars: ResourceValidationPolicy = {
  name: info.id,
  description: info.description,
  enforcementLevel: 'mandatory',
  severity: 'high',
  remediationSteps: inPackWords(info.help),
  configSchema: { properties: PROPERTIES },
  validateResource: (args, report) => {
    const config = checkedConfig<PromptPolicyConfig>(info.id, args, PROPERTIES, report);
    if (!config) return;
    const props = knownProps(args.props).value;
    if (args.type === 'kubernetes:core/v1:ConfigMap') {
      const metadata = (props.metadata ?? {}) as {
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
      const marked =
        metadata.labels?.[PROMPTS_MARK] === 'true' || metadata.annotations?.[PROMPTS_MARK] === 'true';
      if (!marked) return;
      let vars: PromptVars;
      try {
        vars = promptVars(config.promptVars, metadata.annotations?.[PROMPT_VARS_ANNOTATION]);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        report(`invalid prompt_vars.yaml: ${error.describe()}`);
        return;
      }
      const fallback = dialectOf(metadata.annotations?.[PROMPT_DIALECT_ANNOTATION]);
      // The template scanners are loaded on the first marked ConfigMap, not at the pack's start.
      const { lintPrompt } = require('../../core/prompts/lint-prompt') as typeof LintPrompt;
      for (const [key, text] of Object.entries((props.data ?? {}) as Record<string, unknown>)) {
        if (typeof text !== 'string') continue;
        const dialect = dialectForFile(key, []) ?? fallback;
        const file = `data.${key}`;
        const lint = lintPrompt({ file, target: file, dialect, text }, vars);
        reportFindings(
          lint.findings.map((finding) => located(finding, key)),
          [],
          info.description,
          report,
        );
      }
      return;
    }
    if (!kubernetesKind(args.type) && args.type !== ECS_TASK_DEFINITION) return;
    for (const workload of workloadsFromResource({ ...args, props: knownProps(args.props) })) {
      for (const container of workload.containers) {
        for (const env of container.env) {
          const placeholder = env.value && PLACEHOLDER.exec(env.value)?.[0];
          // Only the placeholder is quoted, never the rest of the value: it may be a secret.
          if (placeholder) {
            report(
              `container ${container.name} env ${env.name} holds the template placeholder ${placeholder}, which nothing fills: the app receives it literally`,
            );
          }
        }
      }
    }
  },
};

/** The key and position inside the ConfigMap lead the message: Pulumi shows no file positions. */
function located(finding: Finding, key: string): Finding {
  const at = finding.location?.line ? ` ${finding.location.line}:${finding.location.column ?? 1}` : '';
  return { ...finding, message: `data["${key}"]${at}: ${finding.message}` };
}

/** Variables from the configured prompt_vars.yaml, plus those the ConfigMap's annotation names. */
function promptVars(file: string | undefined, annotated: string | undefined): PromptVars {
  let vars = noPromptVars(process.cwd());
  if (file) {
    const path = resolve(process.cwd(), file);
    vars = loadedVars.get(path) ?? loadPromptVars(path);
    loadedVars.set(path, vars);
  }
  const names = (annotated ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    ...vars,
    variables: [...vars.variables, ...names.map((name) => ({ name, hasDefault: false, required: true }))],
  };
}

function dialectOf(value: string | undefined): Dialect {
  return value && (DIALECTS as readonly string[]).includes(value) ? (value as Dialect) : 'jinja';
}
