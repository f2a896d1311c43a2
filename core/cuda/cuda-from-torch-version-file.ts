import { tryParseVersion } from '../versions/parse-version';
import { type CudaVersion, parseCudaVersion } from './cuda-version';

/**
 * What `site-packages/torch/version.py` says torch was built for, read as text (importing torch would
 * initialize CUDA): `cuda = '12.1'` (or `cuda: Optional[str] = '12.1'`), `None` for a CPU wheel. When
 * the line is missing, the `+cu121` suffix of `__version__`. `cpu` is true for a CPU-only build.
 */
export function cudaFromTorchVersionFile(text: string): { cuda?: CudaVersion; torch?: string; cpu: boolean } {
  const torch = /^__version__\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]/m.exec(text)?.[1];
  const line = /^cuda\s*(?::[^=]*)?=\s*(?:['"]([^'"]*)['"]|(None))\s*$/m.exec(text);
  if (line?.[2] === 'None') return { torch, cpu: true };
  const written = line?.[1] ?? (torch === undefined ? undefined : tryParseVersion(torch)?.cuda);
  const cuda = written ? parseCudaVersion(written) : null;
  return cuda ? { cuda, torch, cpu: false } : { torch, cpu: torch?.endsWith('+cpu') ?? false };
}
