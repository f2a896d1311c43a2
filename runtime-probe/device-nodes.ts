import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** `/dev/nvidiactl` and `/dev/nvidia0`, `/dev/nvidia1`, ...: present when the container was given GPUs. */
export function nvidiaDeviceNodes(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, 'dev'));
  } catch {
    return [];
  }
  return names
    .filter((name) => name === 'nvidiactl' || /^nvidia\d+$/.test(name))
    .sort()
    .map((name) => join(root, 'dev', name));
}
