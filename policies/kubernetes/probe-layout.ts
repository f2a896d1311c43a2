import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Where things sit in the probe's image (runtime-probe/Containerfile) and on the pod's shared volume.
export const PROBE_IMAGE_DIR = '/opt/preflight';
export const PROBE_SCRIPT = `${PROBE_IMAGE_DIR}/preflight-probe.js`;
export const PREFLIGHT_DIR = '/run/preflight';
export const ENV_FILE = `${PREFLIGHT_DIR}/env`;
/** Copied here by an init container: the app's image does not have it. */
export const WRAPPER = `${PREFLIGHT_DIR}/with-preflight-env`;
/** The probe's own API credentials, away from the path the kubelet's automount uses. */
export const API_CREDENTIALS_DIR = '/var/run/secrets/preflight-guard.dev/kube-api';

export const SHARED_VOLUME = 'preflight-guard';
export const API_VOLUME = 'preflight-guard-kube-api';
export const INSTALL_CONTAINER = 'preflight-install';
export const CUDA_CONTAINER = 'preflight-cuda';
export const SECRETS_CONTAINER = 'preflight-secrets';

/** The `node` user of the probe's image (node:20-alpine): numeric, so the kubelet can check runAsNonRoot. */
export const PROBE_USER = 1000;

/** The image `podman build -f runtime-probe/Containerfile -t preflight-probe` makes, at this package's version. */
export function defaultProbeImage(): string {
  return `preflight-probe:${packageVersion()}`;
}

/** Walks up to our package.json: the source and the build sit at different depths. */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'preflight-guard') return pkg.version ?? '0.0.0';
  }
  return '0.0.0';
}
