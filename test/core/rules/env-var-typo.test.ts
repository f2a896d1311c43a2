import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../core/model/config';
import type { Finding } from '../../../core/model/finding';
import type { ModelCard } from '../../../core/model/model-card';
import type { Container, EnvVar, Workload } from '../../../core/model/workload';
import { ruleInfo } from '../../../core/rules/catalog';
import { envVarTypo } from '../../../core/rules/env-var-typo';
import type { CheckContext } from '../../../core/rules/rule';

const CANARY = 'sk-canary-XYZ';

function container(name: string, envNames: string[], extra: Partial<Container> = {}): Container {
  const env: EnvVar[] = envNames.map((envName, index) => ({
    name: envName,
    value: CANARY,
    path: ['spec', 'template', 'spec', 'containers', 0, 'env', index, 'name'],
  }));
  return { name, env, envFromSources: 0, command: [], args: [], gpus: 0, kind: 'app', ...extra };
}

/** A Deployment read from `/manifests/llm.yaml`, where env entry `i` sits on line `20 + i`. */
function deployment(containers: Container[]): Workload {
  return {
    kind: 'Deployment',
    name: 'vllm',
    namespace: 'llm',
    containers,
    annotations: {},
    labels: {},
    secretRefs: [],
    origin: {
      format: 'kubernetes',
      file: '/manifests/llm.yaml',
      line: 1,
      column: 1,
      locate: (path) => {
        const index = path[6];
        return typeof index === 'number'
          ? { file: '/manifests/llm.yaml', line: 20 + index, column: 11 }
          : undefined;
      },
    },
  };
}

function context(workloads: Workload[], extra: { cards?: ModelCard[]; known?: string[] } = {}): CheckContext {
  return {
    workloads,
    cards: extra.cards ?? [],
    bindings: [],
    secretProviders: [],
    config: { ...DEFAULT_CONFIG, env: { known: extra.known ?? [] } },
  };
}

function findingFor(findings: Finding[], name: string): Finding {
  const finding = findings.find((candidate) => candidate.effective === name);
  assert.ok(finding, `no finding for ${name}`);
  return finding;
}

describe('env-var-typo rule', () => {
  it('matches its catalog entry', () => {
    const info = ruleInfo('env-var-typo');
    assert.equal(envVarTypo.id, info.id);
    assert.equal(envVarTypo.description, info.description);
    assert.equal(envVarTypo.defaultSeverity, info.defaultSeverity);
  });

  it('reports a typo as an error with target, position, declared and effective names, source and fix', () => {
    const outcome = envVarTypo.check(
      context([deployment([container('server', ['HF_TOKEN', 'OPEN_API_KEY'])])]),
    );
    assert.deepEqual(outcome.findings, [
      {
        rule: 'env-var-typo',
        severity: 'error',
        message: 'env OPEN_API_KEY is not a known name; did you mean OPENAI_API_KEY?',
        target: 'Deployment/llm/vllm container server',
        location: { file: '/manifests/llm.yaml', line: 21, column: 11 },
        declared: 'OPENAI_API_KEY',
        effective: 'OPEN_API_KEY',
        source: 'env OPEN_API_KEY',
        fix: 'rename env OPEN_API_KEY to OPENAI_API_KEY, or list OPEN_API_KEY under env.known in preflight.yaml if the app reads it as written',
      },
    ]);
    assert.deepEqual(outcome.passed, []);
  });

  it('gives each kind of verdict its severity and message', () => {
    const names = [
      'openai_api_key',
      'CLAUDE_API_KEY',
      'HUGGINGFACE_HUB_TOKEN',
      'HF_KEY',
      'TRANSFORMERS_CACHE',
      'AWS_KEY',
      'REDIS_URL',
      'OPENAI_LOG',
    ];
    const { findings } = envVarTypo.check(context([deployment([container('server', names)])]));
    assert.equal(findings.length, 6);

    const caseMismatch = findingFor(findings, 'openai_api_key');
    assert.equal(caseMismatch.severity, 'error');
    assert.equal(caseMismatch.declared, 'OPENAI_API_KEY');
    assert.match(caseMismatch.message, /did you mean OPENAI_API_KEY\? Env names are case-sensitive on Linux/);

    const alias = findingFor(findings, 'CLAUDE_API_KEY');
    assert.equal(alias.severity, 'error');
    assert.equal(
      alias.message,
      'env CLAUDE_API_KEY is not a known name; did you mean ANTHROPIC_API_KEY? (the Anthropic SDKs read ANTHROPIC_API_KEY)',
    );

    const nearDeprecated = findingFor(findings, 'HUGGINGFACE_HUB_TOKEN');
    assert.equal(nearDeprecated.severity, 'error');
    assert.equal(
      nearDeprecated.message,
      'env HUGGINGFACE_HUB_TOKEN is not a known name; did you mean HF_TOKEN? ' +
        '(it is close to HUGGING_FACE_HUB_TOKEN, deprecated in favour of HF_TOKEN)',
    );

    const nearAlias = findingFor(findings, 'HF_KEY');
    assert.match(
      nearAlias.message,
      /did you mean HF_TOKEN\? \(it is close to HF_API_KEY, which nothing reads\)$/,
    );

    const deprecated = findingFor(findings, 'TRANSFORMERS_CACHE');
    assert.equal(deprecated.severity, 'warning');
    assert.equal(deprecated.declared, 'HF_HOME');
    assert.match(
      deprecated.message,
      /^env TRANSFORMERS_CACHE is deprecated \(transformers\); use HF_HOME \(/,
    );
    assert.equal(deprecated.fix, 'rename env TRANSFORMERS_CACHE to HF_HOME');

    const ambiguous = findingFor(findings, 'AWS_KEY');
    assert.equal(ambiguous.severity, 'warning');
    assert.equal(ambiguous.declared, undefined);
    assert.equal(
      ambiguous.message,
      'env AWS_KEY is not a known name and is equally close to AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; ' +
        'no single one can be suggested',
    );
  });

  it('checks every container, init containers included, and passes the clean ones', () => {
    const workload = deployment([
      container('init', ['CUDA_VISABLE_DEVICES'], { kind: 'init' }),
      container('server', ['HF_TOKEN', 'VLLM_API_KEY', 'MY_APP_MODE']),
      container('empty', []),
    ]);
    const outcome = envVarTypo.check(context([workload]));
    assert.deepEqual(
      outcome.findings.map((finding) => [finding.target, finding.effective]),
      [['Deployment/llm/vllm container init', 'CUDA_VISABLE_DEVICES']],
    );
    assert.deepEqual(outcome.passed, [
      {
        rule: 'env-var-typo',
        target: 'Deployment/llm/vllm container server',
        subject: 'env names',
        value: '3 checked',
      },
    ]);
  });

  it('names a CloudFormation workload by its logical id and falls back to the workload position', () => {
    const workload: Workload = {
      ...deployment([container('app', ['OPENAI_KEY'])]),
      kind: 'AWS::ECS::TaskDefinition',
      origin: {
        format: 'cloudformation',
        file: '/cdk.out/Stack.template.json',
        line: 4,
        column: 5,
        logicalId: 'GpuTask',
      },
    };
    const [finding] = envVarTypo.check(context([workload])).findings;
    assert.equal(finding?.target, 'AWS::ECS::TaskDefinition GpuTask container app');
    assert.deepEqual(finding?.location, { file: '/cdk.out/Stack.template.json', line: 4, column: 5 });
  });

  it('treats names from cards (env.required) and config (env.known) as known, and suggests them', () => {
    const card: ModelCard = {
      file: '/cards/model-card.json',
      runtime: {},
      image: { repository: 'ghcr.io/acme/llm' },
      env: { required: ['RERANKER_ENDPOINT'] },
    };
    const workload = deployment([
      container('server', ['OPENAI_KEY', 'RERANKER_ENDPOINT', 'RERANKER_ENDPIONT']),
    ]);
    const { findings } = envVarTypo.check(context([workload], { cards: [card], known: ['OPENAI_KEY'] }));
    assert.deepEqual(
      findings.map((finding) => [finding.effective, finding.declared]),
      [['RERANKER_ENDPIONT', 'RERANKER_ENDPOINT']],
    );
  });

  it('notes when only one of AWS_REGION and AWS_DEFAULT_REGION is set', () => {
    const only = envVarTypo.check(context([deployment([container('server', ['AWS_REGION'])])]));
    assert.equal(only.findings.length, 1);
    const [note] = only.findings;
    assert.equal(note?.severity, 'note');
    assert.equal(note?.effective, 'AWS_REGION');
    assert.match(
      note?.message ?? '',
      /^only AWS_REGION is set; the AWS CLI and boto3 document AWS_DEFAULT_REGION/,
    );
    assert.match(note?.fix ?? '', /^set AWS_DEFAULT_REGION to the same region as AWS_REGION/);
    assert.equal(only.passed.length, 1, 'a note does not fail the container');

    const both = envVarTypo.check(
      context([deployment([container('server', ['AWS_REGION', 'AWS_DEFAULT_REGION'])])]),
    );
    assert.deepEqual(both.findings, []);
    const envFrom = envVarTypo.check(
      context([deployment([container('server', ['AWS_DEFAULT_REGION'], { envFromSources: 1 })])]),
    );
    assert.deepEqual(envFrom.findings, []);
  });

  it('never puts an env value in any finding or pass (values can be secrets)', () => {
    const names = [
      'OPEN_API_KEY',
      'openai_api_key',
      'CLAUDE_API_KEY',
      'HUGGING_FACE_HUB_TOKEN',
      'AWS_KEY',
      'AWS_REGION',
      'HF_TOKEN',
      'REDIS_URL',
    ];
    const secretBacked = container('sidecar', ['OPENAI_KEY']);
    secretBacked.env = secretBacked.env.map((envVar) => ({ ...envVar, fromSecret: true }));
    const outcome = envVarTypo.check(context([deployment([container('server', names), secretBacked])]));
    assert.ok(outcome.findings.length >= 6);
    const text = JSON.stringify(outcome);
    assert.equal(text.includes('sk-canary'), false);
    assert.equal(text.includes(CANARY), false);
  });
});
