/**
 * Where things sit in the runtime probe's image (runtime-probe/Containerfile) and on the volume the
 * probe shares with the app: a contract between the image and every front that attaches the probe.
 */

/** The probe's bundle and the env wrapper, in the image. */
export const PROBE_IMAGE_DIR = '/opt/preflight';
export const PROBE_SCRIPT = `${PROBE_IMAGE_DIR}/preflight-probe.js`;
/** The folder the probe and the app share: the probe writes it, the app reads it. */
export const PREFLIGHT_DIR = '/run/preflight';
/** The env file the wrapper sources before it execs the app (CPU safe mode on fallback). */
export const PREFLIGHT_ENV_FILE = `${PREFLIGHT_DIR}/env`;
/** The wrapper, copied by the probe onto the shared volume so that any app image can run it. */
export const PREFLIGHT_WRAPPER = `${PREFLIGHT_DIR}/with-preflight-env`;
/** The `node` user of the probe's image (node:24-alpine), numeric so runtimes can check non-root. */
export const PROBE_USER = 1000;

/** The app's command behind the wrapper, run by `sh` (the shared volume may be noexec). */
export function wrappedCommand<T>(command: readonly T[]): (string | T)[] {
  return ['/bin/sh', PREFLIGHT_WRAPPER, '--env-file', PREFLIGHT_ENV_FILE, '--', ...command];
}
