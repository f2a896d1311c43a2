import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { type CliRun, REPO_ROOT } from '../harness/run-cli';
import { runInProcess } from '../harness/run-in-process';

// Property tests over what `check` and `lint-prompts` read: manifests in the shapes real projects
// publish (then broken at random: a field replaced by any JSON value, text cut or spliced), model
// cards, and templates built from the dialects' own pieces. Whatever the input, a run ends with 0, 1
// or 2 and says what went wrong in one line: never a stack trace, never "internal error". Most runs
// go through the entry `main` calls, in this process; a few spawn the built CLI under a kill timeout.

/** A crash, however it shows: our own last-resort line, a V8 stack frame, a stack overflow. */
const CRASH = /internal error|Maximum call stack|\n\s+at [\w.<>]+ \(|\bTypeError\b|\bRangeError\b/;

function assertClean(run: CliRun, input: unknown): void {
  const context = `input: ${JSON.stringify(input).slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`;
  assert.ok(run.code === 0 || run.code === 1 || run.code === 2, `exit ${run.code}\n${context}`);
  assert.doesNotMatch(run.stdout + run.stderr, CRASH, context);
}

/** A fresh folder holding `files`, removed after `use`. */
async function inFolder<T>(files: Record<string, string>, use: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-fuzz-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- manifests -------------------------------------------------------------------------------------

const text = fc.oneof(
  fc.constantFrom(
    'app',
    'vllm',
    'llm-server',
    '',
    'x'.repeat(300),
    'ünï\u202Ecode',
    '${HF_TOKEN}',
    '{{ x }}',
    '0',
    // Names that are also properties of every plain object.
    '__proto__',
    'constructor',
    'toString',
  ),
  fc.string({ maxLength: 12 }),
);
/** Mostly a plausible name, sometimes anything: a run that only ever fails early checks little. */
const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('app', 'vllm', 'llm-server', 'worker', 'hf-token', 'openai') },
  { weight: 1, arbitrary: text },
);
/** Null (no change) about `none` times in `none + 1`. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, none: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: none, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}
const image = fc.oneof(
  fc.constantFrom(
    'vllm/vllm-openai:v0.6.0',
    'nvcr.io/nvidia/pytorch:24.05-py3',
    'ghcr.io/huggingface/text-generation-inference:2.0.4',
    'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
    'llm-server:1.2.3-cuda12.4',
    `registry.local:5000/llm@sha256:${'a'.repeat(64)}`,
    'UPPER/Case:tag',
    ':',
    '',
  ),
  text,
);
const envName = fc.oneof(
  fc.constantFrom(
    'OPENAI_API_KEY',
    'OPEN_API_KEY',
    'HF_TOKEN',
    'HUGGING_FACE_HUB_TOKEN',
    'CUDA_VISIBLE_DEVICES',
    'MODEL_ID',
  ),
  text,
);
const envEntry = fc.oneof(
  fc.record({ name: envName, value: text }),
  fc.record({ name: envName, valueFrom: fc.record({ secretKeyRef: fc.record({ name, key: name }) }) }),
  fc.record({ name: envName, valueFrom: fc.record({ configMapKeyRef: fc.record({ name, key: name }) }) }),
);
const container = fc.record(
  {
    name,
    image,
    env: fc.array(envEntry, { maxLength: 4 }),
    args: fc.array(
      fc.oneof(fc.constantFrom('--model', 'meta-llama/Llama-3.1-8B-Instruct', '--revision'), text),
      {
        maxLength: 4,
      },
    ),
    envFrom: fc.array(fc.record({ secretRef: fc.record({ name }) }), { maxLength: 2 }),
    resources: fc.record({
      limits: fc.record({
        'nvidia.com/gpu': fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, 2, '1') }, fc.integer(), text),
      }),
    }),
  },
  { requiredKeys: ['name', 'image'] },
);
const podSpec = fc.record(
  {
    containers: fc.array(container, { maxLength: 3 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    volumes: fc.array(fc.record({ name, secret: fc.record({ secretName: name }) }), { maxLength: 3 }),
    imagePullSecrets: fc.array(fc.record({ name }), { maxLength: 2 }),
  },
  { requiredKeys: ['containers'] },
);
const metadata = fc.record(
  { name, namespace: name, annotations: fc.dictionary(text, text, { maxKeys: 2 }) },
  { requiredKeys: ['name'] },
);
const template = fc.record({ metadata, spec: podSpec });
const kubernetesObject = fc.oneof(
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata, spec: podSpec }),
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((kind) =>
    fc.record({
      apiVersion: fc.constant('apps/v1'),
      kind: fc.constant(kind),
      metadata,
      spec: fc.record({ template }),
    }),
  ),
  fc.record({
    apiVersion: fc.constant('batch/v1'),
    kind: fc.constant('Job'),
    metadata,
    spec: fc.record({ template }),
  }),
  fc.record({
    apiVersion: fc.constant('batch/v1'),
    kind: fc.constant('CronJob'),
    metadata,
    spec: fc.record({ jobTemplate: fc.record({ spec: fc.record({ template }) }) }),
  }),
  fc.record({
    apiVersion: fc.constant('serving.kserve.io/v1beta1'),
    kind: fc.constant('InferenceService'),
    metadata,
    spec: fc.record({
      predictor: fc.oneof(
        podSpec,
        fc.record({ model: fc.record({ modelFormat: fc.record({ name: text }), storageUri: text }) }),
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('leaderworkerset.x-k8s.io/v1'),
    kind: fc.constant('LeaderWorkerSet'),
    metadata,
    spec: fc.record({
      leaderWorkerTemplate: fc.record({ leaderTemplate: template, workerTemplate: template }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Secret'),
    metadata,
    stringData: fc.dictionary(name, text),
  }),
);
const cloudFormation = fc.record({
  Resources: fc.dictionary(
    fc.constantFrom('Task', 'Service', 'Secret'),
    fc.record({
      Type: fc.constantFrom(
        'AWS::ECS::TaskDefinition',
        'AWS::SecretsManager::Secret',
        'AWS::Batch::JobDefinition',
      ),
      Properties: fc.record({
        ContainerDefinitions: fc.array(
          fc.record({
            Name: text,
            Image: fc.oneof(image, fc.record({ 'Fn::Sub': text }), fc.record({ Ref: text })),
            Environment: fc.array(fc.record({ Name: envName, Value: text }), { maxLength: 3 }),
            Secrets: fc.array(
              fc.record({ Name: envName, ValueFrom: fc.oneof(text, fc.record({ Ref: text })) }),
              {
                maxLength: 2,
              },
            ),
          }),
          { maxLength: 2 },
        ),
      }),
    }),
    { maxKeys: 3 },
  ),
});
const document = fc.oneof(
  { weight: 4, arbitrary: kubernetesObject },
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('List'),
    items: fc.array(kubernetesObject, { maxLength: 3 }),
  }),
  cloudFormation,
);

/** Every path into a value, the root included; iteratively, in a stable order. */
function paths(value: unknown): (string | number)[][] {
  const found: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    found.push(path);
    if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        stack.push([child, [...path, Array.isArray(node) ? Number(key) : key]]);
      }
    }
  }
  return found;
}

/** `value` with the value at one of its paths replaced (or removed, for `undefined`). */
function replaced(value: unknown, pick: number, replacement: unknown): unknown {
  const all = paths(value);
  const path = all[pick % all.length]!;
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** Text that means something to a YAML or JSON reader, spliced in at random. */
const splice = fc.oneof(
  fc.constantFrom(
    ': ',
    '- ',
    '&a ',
    '*a',
    '*b',
    '!Ref ',
    '!!binary ',
    '<<: *a',
    '{{ .Values.x }}',
    '\t',
    '"',
    "'",
    '[',
    '{',
    '}',
    '\u202E',
    '\u0000',
    '%YAML 1.1\n',
    '\n---\n',
    '? ',
    '|\n',
    '#',
    '\n  ',
  ),
  fc.string({ maxLength: 6 }),
);
const textMutation = sometimes(fc.record({ at: fc.nat(), cut: fc.boolean(), insert: splice }), 3);

function mutateText(source: string, mutation: { at: number; cut: boolean; insert: string } | null): string {
  if (!mutation) return source;
  const at = mutation.at % (source.length + 1);
  return mutation.cut
    ? source.slice(0, at) + mutation.insert
    : source.slice(0, at) + mutation.insert + source.slice(at);
}

const manifestFile = fc
  .record({
    docs: fc.array(document, { minLength: 1, maxLength: 3 }),
    change: sometimes(
      fc.record({ pick: fc.nat(), to: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)) }),
      2,
    ),
    format: fc.constantFrom('yaml', 'json', 'template.json'),
    mutation: textMutation,
  })
  .map(({ docs, change, format, mutation }) => {
    const changed = change
      ? docs.map((doc, index) => (index === 0 ? replaced(doc, change.pick, change.to) : doc))
      : docs;
    const source =
      format === 'yaml'
        ? changed.map((doc) => stringify(doc ?? null)).join('---\n')
        : JSON.stringify(changed[0] ?? null, null, 1);
    return { name: `manifests/m.${format}`, text: mutateText(source, mutation) };
  });

const modelCard = fc
  .record({
    card: fc.record(
      {
        model: fc.record(
          { id: fc.oneof(fc.constant('meta-llama/Llama-3.1-8B-Instruct'), text), revision: text },
          { requiredKeys: [] },
        ),
        image: fc.record({ repository: fc.oneof(fc.constantFrom('vllm/vllm-openai', 'llm-server'), text) }),
        runtime: fc.dictionary(
          fc.constantFrom('cuda', 'pytorch', 'transformers', 'vllm', 'Bad Key'),
          fc.oneof(text, fc.constantFrom('12.4', '2.3.0', '>=4.40')),
        ),
        env: fc.record({ required: fc.array(envName, { maxLength: 3 }) }),
        tokenizer_sha: fc.oneof(fc.constant('a'.repeat(64)), text),
      },
      { requiredKeys: ['image'] },
    ),
    change: sometimes(fc.record({ pick: fc.nat(), to: fc.jsonValue({ maxDepth: 2 }) }), 4),
    mutation: sometimes(fc.record({ at: fc.nat(), cut: fc.boolean(), insert: splice }), 6),
  })
  .map(({ card, change, mutation }) =>
    mutateText(JSON.stringify(change ? replaced(card, change.pick, change.to) : card), mutation),
  );

const checkCase = fc.record({
  manifests: fc.array(manifestFile, { minLength: 1, maxLength: 3 }),
  card: fc.option(modelCard),
  format: fc.constantFrom('text', 'json', 'sarif', 'github'),
});

type CheckCase = typeof checkCase extends fc.Arbitrary<infer T> ? T : never;

function checkFiles(input: CheckCase): { files: Record<string, string>; args: string[] } {
  const files: Record<string, string> = {};
  input.manifests.forEach((file, index) => {
    files[file.name.replace('/m.', `/m${index}.`)] = file.text;
  });
  const args = ['check', 'manifests', '-f', input.format];
  if (input.card !== null) {
    files['model-card.json'] = input.card;
    args.push('-m', 'model-card.json');
  }
  return { files, args };
}

// ---- prompts ---------------------------------------------------------------------------------------

/** The dialects' own pieces, and pieces that break them. */
const piece = fc.oneof(
  fc.constantFrom(
    '{{ x }}',
    '{{ user.name | default("a") }}',
    '{{ messages[0]["content"] | trim }}',
    '{% if x %}',
    '{% elif y is defined %}',
    '{% else %}',
    '{% endif %}',
    '{% for m in messages %}',
    '{% endfor %}',
    '{% set a = 1 %}',
    '{% set b %}',
    '{% endset %}',
    '{% macro f(a) %}',
    '{% endmacro %}',
    '{% raw %}',
    '{% endraw %}',
    '{% include "x" %}',
    '{#',
    '#}',
    '{{',
    '}}',
    '{%',
    '%}',
    '(',
    ')',
    '[',
    ']',
    '"',
    "'",
    '|',
    ' not ',
    ' and ',
    '.',
    '-',
    'x',
    '\n',
    ' ',
    '\u200B',
    '\u202E',
    '\uFEFF',
    '{{#if x}}',
    '{{/if}}',
    '{{#each xs as |item|}}',
    '{{/each}}',
    '{{else}}',
    '{{else if y}}',
    '{{> p}}',
    '{{{x}}}',
    '{{!-- c --}}',
    '{{#x}}',
    '{{/x}}',
    '{{^x}}',
    '{{&x}}',
    '{{=<% %>=}}',
    '{{(lookup a b)}}',
    '${X}',
    '${X:-d}',
    '${X:?}',
    '$$',
    '{name}',
    '{{}}',
    '{0}',
  ),
  fc.string({ maxLength: 4 }),
);
const promptText = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
const promptFile = fc.oneof(
  fc.record({
    name: fc.constantFrom('p.j2', 'p.jinja', 'p.hbs', 'p.mustache', 'chat_template.jinja', 'p.txt', 'p.sh'),
    text: promptText,
  }),
  fc
    .record({
      templates: fc.oneof(
        promptText,
        fc.array(fc.record({ name: text, template: promptText }), { maxLength: 3 }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      mutation: sometimes(fc.record({ at: fc.nat(), cut: fc.boolean(), insert: splice }), 4),
    })
    .map(({ templates, mutation }) => ({
      name: 'tokenizer_config.json',
      text: mutateText(JSON.stringify({ chat_template: templates, eos_token: '</s>' }), mutation),
    })),
);
const promptVars = fc.option(
  fc.record({
    variables: fc.dictionary(
      fc.oneof(fc.constantFrom('x', 'y', 'name', 'user', 'messages', 'X'), text),
      fc.record(
        { description: text, required: fc.boolean(), default: fc.jsonValue({ maxDepth: 1 }) },
        { requiredKeys: [] },
      ),
      { maxKeys: 4 },
    ),
  }),
  { freq: 2 },
);
const lintCase = fc.record({
  prompts: fc.array(promptFile, { minLength: 1, maxLength: 4 }),
  vars: promptVars,
  format: fc.constantFrom('text', 'json', 'sarif', 'github'),
});

type LintCase = typeof lintCase extends fc.Arbitrary<infer T> ? T : never;

const DIALECTS = `prompts:
  dialects:
    - glob: "**/*.txt"
      dialect: fstring
    - glob: "**/*.sh"
      dialect: shell
`;

function lintFiles(input: LintCase): { files: Record<string, string>; args: string[] } {
  const files: Record<string, string> = { 'preflight.yaml': DIALECTS };
  input.prompts.forEach((file, index) => {
    files[`prompts/${index}/${file.name}`] = file.text;
  });
  if (input.vars !== null) files['prompt_vars.yaml'] = stringify(input.vars);
  return { files, args: ['lint-prompts', 'prompts', '-f', input.format] };
}

// ---- the properties --------------------------------------------------------------------------------

/** Runs the built CLI with a kill timeout: a hang fails the test instead of stalling the suite. */
function spawnCli(args: string[], cwd: string): CliRun {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: undefined },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.signal, null, `killed after 30 s (a hang): preflight ${args.join(' ')}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('fuzz: any manifest, model card or template ends the run with 0, 1 or 2 and no crash', () => {
  // The github format would append to the job summary of the CI run this test runs in.
  const saved = process.env.GITHUB_STEP_SUMMARY;
  before(() => {
    delete process.env.GITHUB_STEP_SUMMARY;
  });
  after(() => {
    if (saved !== undefined) process.env.GITHUB_STEP_SUMMARY = saved;
  });

  it('check, in process: random and broken manifests in real shapes, with and without a model card', {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(checkCase, async (input) => {
        const { files, args } = checkFiles(input);
        const run = await inFolder(files, (dir) => runInProcess(args, dir));
        assertClean(run, files);
      }),
      { numRuns: 150 },
    );
  });

  it('lint-prompts, in process: templates of every dialect built from their pieces, and prompt_vars.yaml', {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(lintCase, async (input) => {
        const { files, args } = lintFiles(input);
        const run = await inFolder(files, (dir) => runInProcess(args, dir));
        assertClean(run, files);
      }),
      { numRuns: 200 },
    );
  });

  it('the built CLI, spawned under a kill timeout: a few of each', { timeout: 240_000 }, async () => {
    const cases = [
      ...fc.sample(checkCase, { numRuns: 3, seed: 15 }).map(checkFiles),
      ...fc.sample(lintCase, { numRuns: 3, seed: 15 }).map(lintFiles),
    ];
    for (const { files, args } of cases) {
      const run = await inFolder(files, (dir) => spawnCli(args, dir));
      assertClean(run, files);
    }
  });
});
