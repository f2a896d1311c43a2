import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCheck } from '../core/check/run-check';
import { loadModelCard } from '../core/loaders/model-card';
import { DEFAULT_CONFIG } from '../core/model/config';
import { loadWorkloads } from '../core/workloads/load-inputs';
import { generateWorkloads } from './generate-workloads';
import { interleavedMedians, peakRssMiB } from './measure';

const WORKLOADS = 5000;
const ROUNDS = 7;
const TARGET_RATIO = 2;

/**
 * Issue 2: `preflight check` on 5,000 generated workloads against only parsing the same YAML with the
 * `yaml` package (parseAllDocuments + toJS, what any tool reading these files must do), in one run.
 */
export async function benchCheck(): Promise<void> {
  await benchCheckOf('built-in');
}

/**
 * Issue 13: the same on a mix of the kinds LLM teams deploy (LeaderWorkerSet, RayService, KServe
 * InferenceService, JobSet, Knative Service beside the built-in kinds): each pod template is a workload.
 */
export async function benchCheckKinds(): Promise<void> {
  await benchCheckOf('mixed');
}

async function benchCheckOf(kinds: 'built-in' | 'mixed'): Promise<void> {
  const dir = join(__dirname, '.out', `check-${kinds}`);
  rmSync(dir, { recursive: true, force: true });
  const { files, cards } = generateWorkloads(dir, WORKLOADS, 100, kinds);
  const bytes = files.reduce((sum, file) => sum + readFileSync(file).length, 0);

  let findings = 0;
  const medians = interleavedMedians(
    {
      'yaml parse only': () => {
        for (const file of files) for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) doc.toJS();
      },
      'preflight check': () => {
        const cardModels = cards.map((card) => loadModelCard(card));
        const { workloads, secretProviders } = loadWorkloads([dir]);
        findings = runCheck({ workloads, cards: cardModels, secretProviders }, DEFAULT_CONFIG).findings
          .length;
      },
    },
    ROUNDS,
  );
  const parse = medians['yaml parse only']!;
  const check = medians['preflight check']!;
  const ratio = check / parse;

  const cli = join(__dirname, '..', 'dist', 'cli', 'main.js');
  const checkPeak = peakRssMiB([cli, 'check', dir, '--format', 'json', '--output', join(dir, 'report.json')]);
  const parsePeak = peakRssMiB([
    '-e',
    `const {parseAllDocuments}=require('yaml');const fs=require('fs');for(const f of ${JSON.stringify(files)})for(const d of parseAllDocuments(fs.readFileSync(f,'utf8')))d.toJS();`,
  ]);

  console.log(
    `\n== preflight check: ${WORKLOADS} workloads (${kinds === 'mixed' ? 'a mix of custom resources and built-in kinds' : 'built-in kinds'}), ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${cards.length} model cards`,
  );
  console.log(
    `   yaml parse only (baseline)  ${parse.toFixed(0).padStart(6)} ms   peak RSS ${parsePeak.peakMiB.toFixed(0)} MiB`,
  );
  console.log(
    `   preflight check             ${check.toFixed(0).padStart(6)} ms   peak RSS ${checkPeak.peakMiB.toFixed(0)} MiB (CLI, exit ${checkPeak.code})`,
  );
  console.log(`   findings: ${findings}`);
  console.log(
    `   ratio check / parse = ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
  );
  rmSync(dir, { recursive: true, force: true });
}
