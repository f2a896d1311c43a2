import { spawnSync } from 'node:child_process';

/** A POSIX sh to run scripts under: `/bin/sh` (dash on Debian) always, busybox's where it is installed. */
export interface Shell {
  name: string;
  argv: string[];
  /** Why it cannot run here, for a clear skip. */
  missing?: string;
}

export const SHELLS: Shell[] = [
  { name: '/bin/sh', argv: ['/bin/sh'] },
  {
    name: 'busybox sh',
    argv: ['busybox', 'sh'],
    missing:
      spawnSync('busybox', ['true']).status === 0
        ? undefined
        : 'busybox is not installed (CI: add busybox to the apt-get line in .ci/run)',
  },
];
