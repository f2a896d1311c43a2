import { CUDA_USAGE } from '../../runtime-probe/cuda-options';
import { MODEL_USAGE } from '../../runtime-probe/model-files';
import { PROBE_USAGE, runProbe } from '../../runtime-probe/probe-command';
import { SECRETS_USAGE } from '../../runtime-probe/secret-checkpoint';
import type { Command } from '../command';

/** `preflight probe <cuda|secrets|model>`: the boot-time probe, the same code its single-file bundle runs. */
export const probeCommand: Command = {
  name: 'probe',
  summary: 'boot-time checks before the app starts: CUDA driver, secrets, model files',
  // Every check's options, for `preflight --help`-style listings; `probe <check> --help` shows one.
  usage: [PROBE_USAGE, CUDA_USAGE, SECRETS_USAGE, MODEL_USAGE].join('\n\n'),
  handlesHelp: true,
  run: runProbe,
};
