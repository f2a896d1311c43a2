import { type CudaVersion, parseCudaVersion } from './cuda-version';
import type { RequireExpression } from './nvidia-require';

/**
 * The CUDA an image asks for: the lower bound of its unconditional clause (`cuda>=12.4`). The other
 * clauses (`brand=tesla,driver>=535,driver<536`) are forward-compatibility escape hatches for particular
 * GPU brands on particular driver branches; they lower no requirement of the app itself.
 */
export function cudaFromNvidiaRequire(expression: RequireExpression): CudaVersion | undefined {
  for (const clause of expression) {
    if (clause.some((condition) => condition.key !== 'cuda')) continue;
    for (const condition of clause) {
      if (condition.op === '>=' || condition.op === '=') {
        const version = parseCudaVersion(condition.value);
        if (version) return version;
      }
    }
  }
  return undefined;
}
