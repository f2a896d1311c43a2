import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

const execFileAsync = promisify(execFile);

// Made here, not in a test: a test's temp folder goes when that test ends, and the tarball is shared.
const PACK_DIR = mkdtempSync(join(tmpdir(), 'preflight-pack-'));
after(() => rmSync(PACK_DIR, { recursive: true, force: true }));
let tarball: string | undefined;

/** `npm pack` of this checkout (its prepack builds), once per test file: the tarball's path. */
function packedTarball(): string {
  if (tarball) return tarball;
  const dir = PACK_DIR;
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  tarball = join(dir, name);
  return tarball;
}

// `npm pack` builds the real tarball; it is unpacked into a fresh project's node_modules, whose other
// dependencies are linked from this checkout (no registry needed). The pack then runs from the
// installed copy, as `pulumi preview --policy-pack node_modules/preflight-guard/policies` would.
describe('the policy pack from a packed tarball (emulated engine)', () => {
  it('installs with its PulumiPolicy.yaml and compiled main, and blocks a failing program', () => {
    const project = tempFiles({
      'program/Pulumi.yaml': 'name: from-tarball\nruntime: nodejs\n',
      'program/model-card.json': JSON.stringify({
        tokenizer_sha: 'ad4c1b9',
        image: { repository: 'ghcr.io/acme/llm' },
      }),
      'program/index.ts': [
        "import * as k8s from '@pulumi/kubernetes';",
        "import { join } from 'node:path';",
        "import { ModelCard } from 'preflight-guard/policies';",
        "new ModelCard('llm', { path: join(__dirname, 'model-card.json') });",
        "new k8s.core.v1.Pod('llm', { metadata: { name: 'llm' }, spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/llm:1', env: [{ name: 'TOKENIZER_SHA', value: '9e7f02d' }] }] } });",
        '',
      ].join('\n'),
    });
    const installed = join(project, 'node_modules', 'preflight-guard');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', packedTarball(), '-C', installed, '--strip-components=1']);
    for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
      if (entry.startsWith('.')) continue;
      symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(project, 'node_modules', entry));
    }
    const packFiles = readdirSync(join(installed, 'policies')).sort();
    assert.deepEqual(packFiles, ['PulumiPolicy.yaml', 'package.json']);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'from-tarball', private: true }));
    const run = spawnSync(
      process.execPath,
      [join(installed, 'dist', 'cli', 'main.js'), 'preview', 'program'],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /\(local: node_modules\/preflight-guard\/policies\)/);
    assert.match(
      run.stdout,
      /\[mandatory\] \[severity: high\] {2}model-card-skew {2}\(kubernetes:core\/v1:Pod: llm\)/,
    );
    assert.match(run.stdout, /tokenizer_sha MISMATCH: .* declares ad4c1b9, env TOKENIZER_SHA says 9e7f02d/);
  });
});

/** `npm install` into a fresh project, from the registry (or npm's cache); no install scripts run. */
function npmProject(files: Record<string, string>, dependencies: Record<string, string>): string {
  const project = tempFiles({
    ...files,
    'package.json': JSON.stringify({ name: 'user-project', private: true, dependencies }),
  });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], {
    cwd: project,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return project;
}

/** Every installed package, as `npm ls` lists them (the project itself left out). */
function installedPackages(project: string): string[] {
  const paths = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: project, encoding: 'utf8' });
  return [...new Set(paths.trim().split('\n').slice(1))];
}

/** Every copy of a package on disk, nested ones included. */
function copiesOf(dir: string, name: string): string[] {
  const found: string[] = [];
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const scoped = entry.name.startsWith('@')
      ? readdirSync(join(modules, entry.name)).map((inner) => `${entry.name}/${inner}`)
      : [entry.name];
    for (const pkg of scoped) {
      if (pkg === name) found.push(join(modules, pkg));
      found.push(...copiesOf(join(modules, pkg), name));
    }
  }
  return found;
}

function preflight(project: string, args: string[]) {
  return spawnSync(join(project, 'node_modules', '.bin', 'preflight'), args, {
    cwd: project,
    encoding: 'utf8',
  });
}

const GPU_POD_PROGRAM = [
  "import * as k8s from '@pulumi/kubernetes';",
  "import { join } from 'node:path';",
  "import { ModelCard, runtimeProbeTransformation } from 'preflight-guard/policies';",
  "new ModelCard('llm', { path: join(__dirname, 'model-card.json') });",
  'const gpuPod = (name: string, opts = {}) =>',
  '  new k8s.core.v1.Pod(name, { metadata: { name }, spec: { containers: [{ name: "app", image: "ghcr.io/acme/llm:1",',
  '    command: ["python", "-m", "server"], env: [{ name: "TOKENIZER_SHA", value: "9e7f02d" }],',
  '    resources: { limits: { "nvidia.com/gpu": "1" } } }] } }, opts);',
  "gpuPod('probed', { transformations: [runtimeProbeTransformation({ requireCuda: '12.4', image: 'ghcr.io/acme/preflight-probe:0.1.0' })] });",
  "gpuPod('control');",
  '',
].join('\n');

// A user project as npm lays it out: the tarball and the project's own packages from the registry
// (npm's cache when warm), no links into this checkout.
describe('the packed tarball in a user project installed by npm (needs the npm registry or a warm npm cache)', () => {
  it('a CLI-only project: at most 25 packages; check and probe run; preview names the peers to install', () => {
    const project = npmProject(
      {
        'k8s/pod.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: web, image: nginx:1.27 }]\n',
        'program/Pulumi.yaml': 'name: p\nruntime: nodejs\n',
        'program/index.ts': '',
      },
      { 'preflight-guard': `file:${packedTarball()}` },
    );
    const packages = installedPackages(project);
    assert.ok(packages.length <= 25, `${packages.length} packages:\n${packages.join('\n')}`);
    assert.deepEqual(copiesOf(project, '@pulumi/pulumi'), []);
    assert.deepEqual(copiesOf(project, 'tsx'), []);

    const check = preflight(project, ['check', 'k8s']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const envFile = join(project, 'env');
    const probe = preflight(project, [
      'probe',
      'cuda',
      '--root',
      project,
      '--require-cuda',
      '12.4',
      '--env-out',
      envFile,
    ]);
    assert.equal(probe.status, 0, probe.stderr);
    assert.match(readFileSync(envFile, 'utf8'), /^export CUDA_VISIBLE_DEVICES=''$/m);

    const preview = preflight(project, ['preview', 'program']);
    assert.equal(preview.status, 2, preview.stdout + preview.stderr);
    assert.match(preview.stderr, /npm install --save-dev @pulumi\/pulumi @pulumi\/policy tsx\n$/);
  });

  it('a Pulumi project with @pulumi/pulumi 3.248.0 of its own: one copy, used by the pack, ModelCard and the transform', () => {
    const project = npmProject(
      {
        'program/Pulumi.yaml': 'name: from-tarball\nruntime: nodejs\n',
        'program/model-card.json': JSON.stringify({
          tokenizer_sha: 'ad4c1b9',
          image: { repository: 'ghcr.io/acme/llm' },
        }),
        'program/index.ts': GPU_POD_PROGRAM,
      },
      {
        'preflight-guard': `file:${packedTarball()}`,
        '@pulumi/pulumi': '3.248.0',
        '@pulumi/policy': '1.21.0',
        '@pulumi/kubernetes': '4.34.2',
        tsx: '4.23.15',
      },
    );
    const copies = copiesOf(project, '@pulumi/pulumi');
    assert.deepEqual(copies, [join(project, 'node_modules', '@pulumi', 'pulumi')]);
    assert.equal(JSON.parse(readFileSync(join(copies[0]!, 'package.json'), 'utf8')).version, '3.248.0');
    const listed = execFileSync('npm', ['ls', '@pulumi/pulumi', '--all', '--parseable'], {
      cwd: project,
      encoding: 'utf8',
    });
    assert.deepEqual(
      [
        ...new Set(
          listed
            .trim()
            .split('\n')
            .filter((line) => line !== project),
        ),
      ],
      copies,
    );

    const run = preflight(project, ['preview', 'program']);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /\(local: node_modules\/preflight-guard\/policies\)/);
    // ModelCard: the card reached the pack, and both pods contradict it.
    for (const pod of ['probed', 'control']) {
      assert.match(
        run.stdout,
        new RegExp(
          `\\[mandatory\\] \\[severity: high\\] {2}model-card-skew {2}\\(kubernetes:core/v1:Pod: ${pod}\\)`,
        ),
      );
    }
    // The transform: only the pod without it lacks the probe.
    assert.match(
      run.stdout,
      /\[advisory\] \[severity: medium\] {2}gpu-probe-attached {2}\(kubernetes:core\/v1:Pod: control\)/,
    );
    assert.doesNotMatch(run.stdout, /gpu-probe-attached {2}\(kubernetes:core\/v1:Pod: probed\)/);
  });
});

// What a TypeScript user writes against each entry; tsc only reads it, so the values need not make sense.
const ENTRY_USAGE = [
  "import { DEFAULT_CONFIG, RULE_CATALOG, runCheck, type Finding, type ModelCard as DeclaredCard, type RuleId } from 'preflight-guard';",
  "import { ModelCard, POLICIES, runtimeProbeTransformation, type ModelCardArgs, type RuntimeProbeOptions } from 'preflight-guard/policies';",
  "import { ModelCard as CdkModelCard, PreflightGuardValidation, ProbeMode, type ModelCardProps } from 'preflight-guard/constructs';",
  '',
  'export const ruleIds: RuleId[] = RULE_CATALOG.map((rule) => rule.id);',
  'export const findings = (cards: DeclaredCard[]): Finding[] => runCheck({ workloads: [], cards }, DEFAULT_CONFIG).findings;',
  "const args: ModelCardArgs = { path: 'model-card.json' };",
  "export const card = new ModelCard('llm', args);",
  'export const policyNames: string[] = POLICIES.map((policy) => policy.name);',
  "const probe: RuntimeProbeOptions = { requireCuda: '12.4' };",
  'export const transform = runtimeProbeTransformation(probe);',
  "const props: ModelCardProps = { file: 'model-card.json' };",
  'export const cdkCard = (scope: ConstructorParameters<typeof CdkModelCard>[0]) => new CdkModelCard(scope, "card", props);',
  'export const mode: ProbeMode = ProbeMode.FALLBACK;',
  'export const plugin = new PreflightGuardValidation();',
  '',
].join('\n');

/** moduleResolution → the module setting TypeScript pairs it with. */
const RESOLUTIONS = { node10: 'commonjs', node16: 'node16', bundler: 'esnext' } as const;

describe('the packed tarball in a TypeScript user project (needs the npm registry or a warm npm cache)', () => {
  it('each entry type-checks with skipLibCheck: false under moduleResolution node10, node16 and bundler, and loads at run time', async () => {
    const pinned = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).devDependencies;
    const tsconfigs = Object.fromEntries(
      Object.entries(RESOLUTIONS).map(([moduleResolution, module]) => [
        `tsconfig.${moduleResolution}.json`,
        JSON.stringify({
          compilerOptions: {
            strict: true,
            skipLibCheck: false,
            noEmit: true,
            target: 'es2022',
            module,
            moduleResolution,
          },
          files: ['usage.ts'],
        }),
      ]),
    );
    const project = npmProject(
      { ...tsconfigs, 'usage.ts': ENTRY_USAGE },
      {
        'preflight-guard': `file:${packedTarball()}`,
        '@pulumi/pulumi': '3.248.0',
        '@pulumi/policy': pinned['@pulumi/policy'],
        'aws-cdk-lib': pinned['aws-cdk-lib'],
        constructs: pinned.constructs,
        '@types/node': pinned['@types/node'],
      },
    );
    // The repository's own tsc, once per setting, the three at once: each reads all of aws-cdk-lib's
    // declaration files (about 3,000), as a CDK user's own check does.
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const runs = await Promise.all(
      Object.keys(RESOLUTIONS).map((moduleResolution) =>
        execFileAsync(process.execPath, [tsc, '-p', `tsconfig.${moduleResolution}.json`], {
          cwd: project,
        }).then(
          () => [],
          (failed: { stdout: string; stderr: string }) => [
            `moduleResolution ${moduleResolution}:\n${failed.stdout}${failed.stderr}`,
          ],
        ),
      ),
    );
    const failures = runs.flat();
    assert.deepEqual(failures, []);

    // The same entries at run time: require from CommonJS, import from ES modules.
    const entries = ['preflight-guard', 'preflight-guard/policies', 'preflight-guard/constructs'];
    const required = spawnSync(
      process.execPath,
      ['-e', `for (const entry of ${JSON.stringify(entries)}) console.log(entry, typeof require(entry))`],
      { cwd: project, encoding: 'utf8' },
    );
    assert.equal(required.stdout, entries.map((entry) => `${entry} object\n`).join(''), required.stderr);
    const imported = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `for (const entry of ${JSON.stringify(entries)}) console.log(entry, Object.keys(await import(entry)).length > 0)`,
      ],
      { cwd: project, encoding: 'utf8' },
    );
    assert.equal(imported.stdout, entries.map((entry) => `${entry} true\n`).join(''), imported.stderr);
  });
});
