import { cudaFromNvidiaRequire } from '../core/cuda/cuda-from-nvidia-require';
import { type CudaVersion, compareCudaVersions, cudaText, parseCudaVersion } from '../core/cuda/cuda-version';
import { parseNvidiaRequire } from '../core/cuda/nvidia-require';
import { InputError } from '../core/errors';
import { INPUT_LIMITS, readSourceFile } from '../core/loaders/source-file';
import { torchVersionFiles } from './torch-version-files';

export interface RequiredCuda {
  cuda: CudaVersion;
  /** Where it came from: `--require-cuda`, `env CUDA_VERSION`, `torch 2.3.0+cu121 (/usr/.../version.py)`. */
  source: string;
}

/**
 * The CUDA the app needs: `--require-cuda`, else `PREFLIGHT_REQUIRED_CUDA`, else what the app image says
 * (when the probe runs inside it): the highest of `CUDA_VERSION`, the `cuda>=` of `NVIDIA_REQUIRE_CUDA`
 * and torch's `version.py`, since an image can carry a torch built for a newer CUDA than its base.
 */
export function requiredCuda(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  root: string,
): RequiredCuda | undefined {
  if (flag !== undefined) return { cuda: cudaOption(flag, '--require-cuda'), source: '--require-cuda' };
  const explicit = env.PREFLIGHT_REQUIRED_CUDA;
  if (explicit)
    return { cuda: cudaOption(explicit, 'PREFLIGHT_REQUIRED_CUDA'), source: 'env PREFLIGHT_REQUIRED_CUDA' };
  const candidates: RequiredCuda[] = [];
  if (env.CUDA_VERSION)
    candidates.push({ cuda: cudaOption(env.CUDA_VERSION, 'CUDA_VERSION'), source: 'env CUDA_VERSION' });
  if (env.NVIDIA_REQUIRE_CUDA) {
    const expression = parseNvidiaRequire(env.NVIDIA_REQUIRE_CUDA);
    if ('error' in expression) throw new InputError(expression.error, undefined, 'NVIDIA_REQUIRE_CUDA');
    const cuda = cudaFromNvidiaRequire(expression);
    if (cuda) candidates.push({ cuda, source: 'env NVIDIA_REQUIRE_CUDA' });
  }
  const torch = torchRequirement(root, env.VIRTUAL_ENV);
  if (torch) candidates.push(torch);
  return candidates.reduce<RequiredCuda | undefined>(
    (best, candidate) => (!best || compareCudaVersions(candidate.cuda, best.cuda) > 0 ? candidate : best),
    undefined,
  );
}

function cudaOption(text: string, field: string): CudaVersion {
  const cuda = parseCudaVersion(text);
  if (!cuda)
    throw new InputError(
      `invalid CUDA version "${text}": expected major.minor such as 12.4`,
      undefined,
      field,
    );
  return cuda;
}

/** Loaded only when needed: it brings the general version parser, which start-up can do without. */
function torchRequirement(root: string, virtualEnv: string | undefined): RequiredCuda | undefined {
  const [file] = torchVersionFiles(root, virtualEnv);
  if (!file) return undefined;
  const { cudaFromTorchVersionFile } =
    require('../core/cuda/cuda-from-torch-version-file') as typeof import('../core/cuda/cuda-from-torch-version-file');
  const torch = cudaFromTorchVersionFile(readSourceFile(file, INPUT_LIMITS.torchVersion));
  if (!torch.cuda) return undefined;
  return { cuda: torch.cuda, source: `torch ${torch.torch ?? cudaText(torch.cuda)} (${file})` };
}
