import { performance } from 'node:perf_hooks';
import { type CudaDecision, cudaDecision } from '../core/cuda/cuda-decision';
import { type CudaVerdict, type CudaVerdictName, cudaVerdict } from '../core/cuda/cuda-verdict';
import { cudaText } from '../core/cuda/cuda-version';
import { type CudaProbeOptions, cudaProbeOptions } from './cuda-options';
import { envFileText } from './env-file';
import { type HostDriver, readHostDriver } from './host-driver';
import { writeProbeLog } from './probe-log';
import { writeProbeFiles } from './write-files';

/** `preflight probe cuda`: returns the exit code. */
export async function runCudaProbe(argv: string[]): Promise<number> {
  const started = performance.now();
  const options = cudaProbeOptions(argv, process.env);
  const { report, decision } = await cudaProbe(options, started);
  const files: { file: string; content: string }[] = [];
  if (options.envFile) files.push({ file: options.envFile, content: envFile(report, decision) });
  if (options.statusFile)
    files.push({ file: options.statusFile, content: `${JSON.stringify(report, null, 2)}\n` });
  writeProbeFiles(files);
  writeProbeLog(report, humanLine(report, decision, options));
  return decision.exitCode;
}

/** Reads the host (nothing in mode off), judges and decides; writes nothing. */
export async function cudaProbe(
  options: CudaProbeOptions,
  started = performance.now(),
): Promise<{ report: CudaReport; decision: CudaDecision }> {
  const host: HostDriver | undefined = options.mode === 'off' ? undefined : await readHostDriver(options);
  const verdict: CudaVerdict =
    host && options.required
      ? cudaVerdict(host.reading, options.required.cuda)
      : { verdict: 'unknown', reason: 'the CUDA probe is off (mode off): nothing was checked' };
  const decision = cudaDecision(verdict.verdict, options.mode);
  return {
    report: cudaReport(options, host, verdict, decision, Math.round(performance.now() - started)),
    decision,
  };
}

export type CudaReport = ReturnType<typeof cudaReport>;

/** The status file's document and the JSON log line: what was seen, decided, and why. */
function cudaReport(
  options: CudaProbeOptions,
  host: HostDriver | undefined,
  verdict: CudaVerdict,
  decision: CudaDecision,
  elapsedMs: number,
) {
  const reading = host?.reading;
  return {
    time: new Date().toISOString(),
    probe: 'cuda' as const,
    level: decision.level,
    verdict: verdict.verdict,
    action: decision.action,
    mode: options.mode,
    device: decision.device,
    driver: reading?.state === 'found' ? reading.version.raw : null,
    driver_source: reading?.source ?? null,
    max_cuda: verdict.maxCuda ? cudaText(verdict.maxCuda) : null,
    required_cuda: options.required ? cudaText(options.required.cuda) : null,
    required_source: options.required?.source ?? null,
    reason: verdict.reason,
    device_nodes: host?.deviceNodes.length ?? null,
    nvidia_smi: host?.nvidiaSmi,
    env_file: options.envFile,
    elapsed_ms: elapsedMs,
  };
}

/** What with-preflight-env sources before it starts the app. Only fallback hides the GPUs. */
function envFile(report: CudaReport, decision: CudaDecision): string {
  const vars: Record<string, string> = {
    PREFLIGHT_DEVICE: decision.device,
    PREFLIGHT_CUDA_VERDICT: report.verdict,
    PREFLIGHT_REASON: report.reason,
  };
  if (decision.action === 'cpu-fallback') {
    // Empty hides every GPU from the CUDA runtime (read at CUDA init, so before the app starts);
    // NVIDIA_CPU_ONLY=1 is what NVIDIA's own images export when they find no driver.
    vars.CUDA_VISIBLE_DEVICES = '';
    vars.NVIDIA_CPU_ONLY = '1';
  }
  return envFileText(`preflight probe cuda ${report.time}: ${report.verdict}, ${report.action}`, vars);
}

/** The verdict's mark: the boot may go on (fallback, warn) while the GPU is still unusable. */
const MARK: Record<CudaVerdictName, string> = {
  compatible: '✔',
  'minor-version-compatible': '⚠',
  incompatible: '✖',
  'no-driver': '✖',
  unknown: '✖',
  ambiguous: '✖',
};

function humanLine(report: CudaReport, decision: CudaDecision, options: CudaProbeOptions): string {
  const from = report.required_source ? ` (required CUDA from ${report.required_source})` : '';
  const outcome: Record<CudaDecision['action'], string> = {
    none: 'GPU kept',
    warn: 'GPU kept, with this warning',
    'cpu-fallback': `CPU safe mode: CUDA_VISIBLE_DEVICES= written to ${options.envFile}`,
    fail: 'stopping the boot (mode strict)',
    off: 'nothing checked',
  };
  const mark = decision.action === 'off' ? '·' : MARK[report.verdict];
  return `preflight probe cuda: ${mark} ${report.verdict}: ${report.reason}${from} → ${outcome[decision.action]} [${report.elapsed_ms} ms]`;
}
