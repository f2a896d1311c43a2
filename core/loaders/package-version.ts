import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version in our package.json, found by walking up (the source and the build sit at different depths). */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'preflight-guard') return pkg.version ?? '0.0.0';
  }
  return '0.0.0';
}
