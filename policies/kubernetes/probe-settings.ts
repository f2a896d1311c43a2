import { resolve } from 'node:path';
import { InputError } from '../../core/errors';
import { loadConfig } from '../../core/loaders/config';
import { durationProblem, tryParseDuration } from '../../core/loaders/duration';
import { loadModelCard } from '../../core/loaders/model-card';
import { type CudaProbeMode, DEFAULT_CONFIG } from '../../core/model/config';
import type { ModelCard } from '../../core/model/model-card';
import { defaultProbeImage } from './probe-layout';

/** How the runtime probe is attached to Kubernetes workloads. Every field is optional. */
export interface RuntimeProbeOptions {
  /** The probe's image (default: `preflight-probe:<this package's version>`, built from runtime-probe/). */
  image?: string;
  /** `strict | fallback | warn | off` (default: `cuda_probe.mode` of `config`, else fallback). */
  mode?: CudaProbeMode;
  /** The CUDA a workload needs when neither its annotation nor a bound model card says (`12.4`). */
  requireCuda?: string;
  /** Model card files; a workload binds to one by annotation or image repository, as in `preflight check`. */
  modelCards?: string[];
  /** How long the boot checkpoint waits for Secrets (`90s`, `2m`, seconds; default: `secret_timeout`). */
  secretTimeout?: string | number;
  /** A `preflight.yaml`: its cuda_probe.mode, secret_timeout and model_cards are the defaults. */
  config?: string;
  /** Also attach to workloads with all these labels (workload or pod template), GPU or not. */
  selector?: Record<string, string>;
}

/** The options checked and filled in. */
export interface ProbeSettings {
  image: string;
  mode: CudaProbeMode;
  requireCuda?: string;
  cards: ModelCard[];
  secretTimeoutSeconds: number;
  selector: Record<string, string>;
}

const MODES: readonly CudaProbeMode[] = ['strict', 'fallback', 'warn', 'off'];

/** Reads the config and cards once; bad options are input errors naming the option. */
export function probeSettings(options: RuntimeProbeOptions = {}): ProbeSettings {
  const config = options.config === undefined ? DEFAULT_CONFIG : loadConfig(resolve(options.config));
  const mode = options.mode ?? config.cuda_probe.mode;
  if (!MODES.includes(mode)) {
    throw new InputError(
      `unknown mode "${mode}" (expected one of: ${MODES.join(', ')})`,
      undefined,
      'runtime probe mode',
    );
  }
  if (options.image !== undefined && !/^\S+$/.test(options.image)) {
    throw new InputError(`"${options.image}" is not an image reference`, undefined, 'runtime probe image');
  }
  return {
    image: options.image ?? defaultProbeImage(),
    mode,
    requireCuda: options.requireCuda,
    cards: [...(options.modelCards ?? []).map((file) => resolve(file)), ...config.model_cards].map(
      loadModelCard,
    ),
    secretTimeoutSeconds:
      options.secretTimeout === undefined ? config.secret_timeout : seconds(options.secretTimeout),
    selector: options.selector ?? {},
  };
}

function seconds(value: string | number): number {
  const parsed = typeof value === 'number' ? value : tryParseDuration(value);
  if (parsed === null || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InputError(
      `expected a duration such as 90s or 2m, got ${JSON.stringify(value)}`,
      undefined,
      'runtime probe secretTimeout',
    );
  }
  const problem = durationProblem(parsed);
  if (problem)
    throw new InputError(`${JSON.stringify(value)} ${problem}`, undefined, 'runtime probe secretTimeout');
  return parsed;
}
