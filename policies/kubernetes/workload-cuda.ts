import { bindContainers } from '../../core/check/bindings';
import { cudaText, parseCudaVersion } from '../../core/cuda/cuda-version';
import { InputError } from '../../core/errors';
import { DEFAULT_CONFIG } from '../../core/model/config';
import { cardName } from '../../core/model/model-card';
import { type Workload, workloadTarget } from '../../core/model/workload';
import type { ProbeSettings } from './probe-settings';

/** A workload annotation naming the CUDA its app was built for, when no model card says. */
export const CUDA_ANNOTATION = 'preflight-guard.dev/cuda';

export interface WorkloadCuda {
  /** major.minor, what `probe cuda --require-cuda` takes. */
  cuda: string;
  source: string;
}

/**
 * The CUDA the probe compares the driver with: the workload's `preflight-guard.dev/cuda` annotation
 * (or its pod template's), else `runtime.cuda` of the model card its GPU containers bind to, else the
 * `requireCuda` option. Undefined only in mode off; otherwise its absence is an input error.
 */
export function workloadCuda(
  workload: Workload,
  templateAnnotations: Record<string, string>,
  settings: ProbeSettings,
): WorkloadCuda | undefined {
  const annotated = workload.annotations[CUDA_ANNOTATION] ?? templateAnnotations[CUDA_ANNOTATION];
  if (annotated !== undefined)
    return {
      cuda: checked(annotated, `annotation ${CUDA_ANNOTATION}`, workload),
      source: `annotation ${CUDA_ANNOTATION}`,
    };
  // The GPU containers' card; for a workload picked by label without a GPU, any app container's.
  const anyGpu = workload.containers.some((container) => container.gpus > 0);
  const bound = bindContainers([workload], settings.cards, DEFAULT_CONFIG).find(
    ({ container, card }) =>
      container.kind === 'app' && (container.gpus > 0 || !anyGpu) && card?.runtime.cuda !== undefined,
  );
  if (bound?.card) {
    const source = `model card ${cardName(bound.card)}`;
    return { cuda: checked(bound.card.runtime.cuda!, `${source} runtime.cuda`, workload), source };
  }
  if (settings.requireCuda !== undefined) {
    return {
      cuda: checked(settings.requireCuda, 'runtime probe requireCuda', workload),
      source: 'requireCuda',
    };
  }
  if (settings.mode === 'off') return undefined;
  throw new InputError(
    `${workloadTarget(workload)} needs the runtime probe but no required CUDA is known: annotate it ${CUDA_ANNOTATION}: "12.4", bind a model card with runtime.cuda (annotation preflight-guard.dev/model-card, or the card's image.repository), or give requireCuda`,
  );
}

function checked(text: string, field: string, workload: Workload): string {
  const cuda = parseCudaVersion(text);
  if (!cuda) {
    throw new InputError(
      `${workloadTarget(workload)}: ${field} is "${text}", not a CUDA version (expected major.minor such as 12.4)`,
    );
  }
  return cudaText(cuda);
}
