import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as PromptInputs from '../core/loaders/prompt-inputs';
import type * as PromptVars from '../core/loaders/prompt-vars';
import type * as PromptLinting from '../core/prompts/lint-prompt-files';
import { BENCH_DIALECT_RULES, BENCH_VARIABLES, generatePrompts } from './generate-prompts';
import { interleavedMedians, peakRssMiB } from './measure';

/**
 * The built modules, which `preflight lint-prompts` runs (`npm run bench` builds first). Under tsx the
 * TypeScript sources pay for its CommonJS wrappers (exports read through getters, `__name` on every
 * closure made), about a fifth more time than the shipped code.
 */
function builtModules() {
  const built = join(__dirname, '..', 'dist', 'core');
  return {
    ...(require(join(built, 'loaders', 'prompt-inputs')) as typeof PromptInputs),
    ...(require(join(built, 'loaders', 'prompt-vars')) as typeof PromptVars),
    ...(require(join(built, 'prompts', 'lint-prompt-files')) as typeof PromptLinting),
  };
}
type Built = ReturnType<typeof builtModules>;

const FILES = 10_000;
const BYTES_PER_FILE = 5_100;
const ROUNDS = 5;
const TARGET_RATIO = 5;
/** What a quick CI check for stray placeholders would grep for: `{{ x }}`, `{x}`, `$X`, `${X}`. */
const PLACEHOLDER = '\\{\\{[^}]*\\}\\}|\\{[A-Za-z_]+\\}|\\$\\{?[A-Za-z_]+';

/**
 * Issue 6: `preflight lint-prompts` on 10,000 generated prompt files (about 50 MB, every dialect)
 * against `grep -rEc` with a placeholder regex over the same files, interleaved in one run. The lint
 * is measured in-process (the built code), from walking the folder to the last finding; grep is
 * spawned.
 */
export async function benchPrompts(): Promise<void> {
  const built = builtModules();
  const { promptInputs, loadPromptVars, lintPromptFiles } = built;
  const dir = join(__dirname, '.out', 'prompts');
  rmSync(dir, { recursive: true, force: true });
  const files = generatePrompts(dir, FILES, BYTES_PER_FILE);
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  writeFileSync(
    join(dir, 'prompt_vars.yaml'),
    `variables:\n${BENCH_VARIABLES.map((name) => `  ${name}: {}`).join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'preflight.yaml'),
    `prompts:\n  vars: prompt_vars.yaml\n  dialects:\n${BENCH_DIALECT_RULES.map((rule) => `    - { glob: "${rule.glob}", dialect: ${rule.dialect} }`).join('\n')}\n`,
  );
  const rules = BENCH_DIALECT_RULES.map((rule) => ({ ...rule, base: dir }));
  const vars = loadPromptVars(join(dir, 'prompt_vars.yaml'));

  let findings = 0;
  let linted = 0;
  const medians = interleavedMedians(
    {
      grep: () => {
        const result = spawnSync('grep', ['-rEc', PLACEHOLDER, dir], { stdio: 'ignore' });
        if (result.status !== 0) throw new Error(`grep exited ${result.status}`);
      },
      lint: () => {
        const { inputs } = promptInputs(['.'], dir, rules);
        const run = lintPromptFiles(inputs, vars, { cwd: dir });
        findings = run.findings.length;
        linted = run.files;
      },
    },
    ROUNDS,
  );
  const grep = medians.grep!;
  const lint = medians.lint!;
  // On a shared machine wall time includes waiting for a core; CPU time says what the lint itself costs.
  const cpuStart = process.cpuUsage();
  lintPromptFiles(promptInputs(['.'], dir, rules).inputs, vars, { cwd: dir });
  const cpu = process.cpuUsage(cpuStart);
  const lintCpuMs = (cpu.user + cpu.system) / 1000;
  const ratio = lint / grep;

  const cli = join(__dirname, '..', 'dist', 'cli', 'main.js');
  const lintPeak = peakRssMiB([
    cli,
    'lint-prompts',
    dir,
    '--config',
    join(dir, 'preflight.yaml'),
    '--format',
    'json',
    '--output',
    join(dir, 'report.json'),
  ]);
  const grepPeak = grepPeakMiB(dir);
  const rate = (ms: number) =>
    `${Math.round(FILES / (ms / 1000))
      .toLocaleString('en-US')
      .padStart(7)} files/s  ${(bytes / 1e6 / (ms / 1000)).toFixed(0).padStart(4)} MB/s`;

  console.log(`\n== preflight lint-prompts: ${linted} files, ${(bytes / 1e6).toFixed(1)} MB, every dialect`);
  console.log(
    `   grep -rEc (baseline)   ${grep.toFixed(0).padStart(6)} ms  ${rate(grep)}   peak RSS ${grepPeak}`,
  );
  console.log(
    `   lint-prompts           ${lint.toFixed(0).padStart(6)} ms  ${rate(lint)}   peak RSS ${lintPeak.peakMiB.toFixed(0)} MiB (CLI, exit ${lintPeak.code})`,
  );
  console.log(`   lint-prompts CPU time, one more pass: ${lintCpuMs.toFixed(0)} ms`);
  console.log(`   findings: ${findings}`);
  console.log(
    `   ratio lint / grep = ${ratio.toFixed(1)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
  );
  console.log(`   per dialect (one pass): ${perDialect(built, dir, rules, vars)}`);
  rmSync(dir, { recursive: true, force: true });
}

/** grep's own peak RSS through GNU time when it is installed; grep is not a node process. */
function grepPeakMiB(dir: string): string {
  if (!existsSync('/usr/bin/time')) return 'n/a (no /usr/bin/time)';
  const result = spawnSync('/usr/bin/time', ['-f', '%M', 'grep', '-rEc', PLACEHOLDER, dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const kib = Number(result.stderr.trim().split('\n').at(-1));
  return Number.isFinite(kib) ? `${(kib / 1024).toFixed(0)} MiB` : 'n/a';
}

/** µs per file for each dialect, to show where the time goes. */
function perDialect(
  { promptInputs, lintPromptFiles }: Built,
  dir: string,
  rules: Parameters<Built['promptInputs']>[2],
  vars: ReturnType<Built['loadPromptVars']>,
): string {
  const { inputs } = promptInputs(['.'], dir, rules);
  const groups = new Map<string, typeof inputs>();
  for (const input of inputs) {
    const key = input.file.endsWith('.json') ? 'tokenizer_config.json' : input.dialect;
    groups.set(key, [...(groups.get(key) ?? []), input]);
  }
  return [...groups]
    .map(([key, group]) => {
      const start = process.hrtime.bigint();
      lintPromptFiles(group, vars, { cwd: dir });
      const micros = Number(process.hrtime.bigint() - start) / 1e3 / group.length;
      return `${key} ${micros.toFixed(0)} µs`;
    })
    .join(', ');
}
