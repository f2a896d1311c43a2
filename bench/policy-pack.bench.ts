import { join } from 'node:path';
import {
  analyzeCapture,
  emptyRecord,
  type PreviewResult,
  type ProgramCapture,
  type ResourceRecord,
} from '../policies/engine';
import { engineUrn } from '../policies/engine/engine-urn';

const RESOURCES = 10_000;
const ROUNDS = 3;
const TARGET_ANALYZE = 1.25;
const TARGET_STARTUP = 1.5;

/**
 * Issue 3: a 10,000-resource stack through the emulated engine, the preflight-guard pack against a
 * no-op pack of the same shape, in one run: Analyze-all plus AnalyzeStack time, start-up (spawn to
 * port), and the pack process's peak memory.
 */
export async function benchPolicyPack(): Promise<void> {
  const capture = syntheticStack(RESOURCES);
  const packs = {
    'preflight-guard': join(__dirname, '..', 'policies'),
    'no-op pack': join(__dirname, 'noop-pack'),
  };
  const runs: Record<string, PreviewResult[]> = { 'preflight-guard': [], 'no-op pack': [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, packDir] of Object.entries(packs)) {
      runs[name]!.push(await analyzeCapture(capture, { programDir: __dirname, packDir }));
    }
  }
  const median = (name: string, pick: (result: PreviewResult) => number) => {
    const values = runs[name]!.map(pick).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  const ours = runs['preflight-guard']![0]!;
  console.log(
    `\n== policy pack: ${ours.analyzed} resources analyzed (stack and default provider included), ${ROUNDS} rounds, medians`,
  );
  for (const name of Object.keys(packs)) {
    const startup = median(name, (r) => r.timings.startupMs);
    const analyze = median(name, (r) => r.timings.analyzeMs);
    const peak = median(name, (r) => r.timings.packPeakRssMiB ?? Number.NaN);
    console.log(
      `   ${name.padEnd(16)} start-up ${startup.toFixed(0).padStart(5)} ms   Analyze-all + AnalyzeStack ${analyze.toFixed(0).padStart(6)} ms   pack peak RSS ${peak.toFixed(0)} MiB`,
    );
  }
  const analyzeRatio =
    median('preflight-guard', (r) => r.timings.analyzeMs) / median('no-op pack', (r) => r.timings.analyzeMs);
  const startupRatio =
    median('preflight-guard', (r) => r.timings.startupMs) / median('no-op pack', (r) => r.timings.startupMs);
  console.log(
    `   violations found: ${ours.diagnostics.length} (${ours.diagnostics.filter((d) => d.enforcementLevel === 'mandatory').length} mandatory)`,
  );
  console.log(
    `   ratio analyze = ${analyzeRatio.toFixed(2)} (target ≤ ${TARGET_ANALYZE}) ${analyzeRatio <= TARGET_ANALYZE ? 'OK' : 'OVER TARGET'}`,
  );
  console.log(
    `   ratio start-up = ${startupRatio.toFixed(2)} (target ≤ ${TARGET_STARTUP}) ${startupRatio <= TARGET_STARTUP ? 'OK' : 'OVER TARGET'}`,
  );
}

/** A stack of GPU Deployments with their Services, ConfigMaps and Secrets, and a card per 50 Deployments. */
function syntheticStack(count: number): ProgramCapture {
  const stack = 'bench';
  const project = 'llm-fleet';
  const stackUrn = engineUrn(stack, project, '', 'pulumi:pulumi:Stack', `${project}-${stack}`);
  const resources: ResourceRecord[] = [];
  const add = (type: string, name: string, props: Record<string, unknown>, custom = true) =>
    resources.push({
      ...emptyRecord(type, name, engineUrn(stack, project, '', type, name), stackUrn, custom),
      inputs: props,
      outputs: props,
    });
  // The Secret the workloads reference: a stack that provides what it uses.
  add('kubernetes:core/v1:Secret', 'hf-token', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'hf-token', namespace: 'llm' },
    stringData: { token: 'placeholder' },
  });
  for (let i = 0; resources.length < count; i++) {
    const group = Math.floor(i / 50);
    if (i % 50 === 0) {
      add(
        'preflight-guard:index:ModelCard',
        `card-${group}`,
        {
          file: `cards/${group}.json`,
          modelCard: {
            tokenizer_sha: 'ad4c1b9',
            runtime: { cuda: '12.1' },
            image: { repository: `ghcr.io/acme/llm-${group}` },
          },
        },
        false,
      );
    }
    const labels = { app: `llm-${i}` };
    add('kubernetes:core/v1:ConfigMap', `prompts-${i}`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `prompts-${i}`, namespace: 'llm' },
      data: { 'system.txt': 'You are helpful.' },
    });
    add('kubernetes:apps/v1:Deployment', `llm-${i}`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `llm-${i}`, namespace: 'llm', labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'vllm',
                image: `ghcr.io/acme/llm-${group}:2.3.0-cuda12.1`,
                args: ['--model', `org/model-${group}`, '--port', '8000'],
                env: [
                  { name: 'TOKENIZER_SHA', value: i % 7 === 0 ? '9e7f02d' : 'ad4c1b9' },
                  { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } },
                  { name: i % 11 === 0 ? 'OPEN_API_KEY' : 'OPENAI_API_KEY', value: 'x' },
                ],
                resources: { limits: { 'nvidia.com/gpu': '1' } },
              },
            ],
          },
        },
      },
    });
    add('kubernetes:core/v1:Service', `llm-${i}`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `llm-${i}`, namespace: 'llm' },
      spec: { selector: labels, ports: [{ port: 80 }] },
    });
  }
  return { project, stack, organization: 'organization', resources: resources.slice(0, count), config: {} };
}
