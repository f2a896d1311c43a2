import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where images install Python packages: system, Debian's dist-packages, conda, and common venvs. */
const LIB_DIRS = ['usr/local/lib', 'usr/lib', 'opt/conda/lib', 'opt/venv/lib'];

/** `torch/version.py` files of the Python installs under `root`, the active venv's first. */
export function torchVersionFiles(root: string, virtualEnv: string | undefined): string[] {
  const libs = [...(virtualEnv ? [join(virtualEnv, 'lib')] : []), ...LIB_DIRS].map((dir) => join(root, dir));
  const found: string[] = [];
  for (const lib of libs) {
    let names: string[];
    try {
      names = readdirSync(lib);
    } catch {
      continue;
    }
    for (const python of names.filter((name) => /^python3(\.\d+)?$/.test(name)).sort()) {
      for (const packages of ['site-packages', 'dist-packages']) {
        const file = join(lib, python, packages, 'torch', 'version.py');
        if (existsSync(file) && !found.includes(file)) found.push(file);
      }
    }
  }
  return found;
}
