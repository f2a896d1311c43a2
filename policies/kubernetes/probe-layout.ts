import { packageVersion } from '../../core/loaders/package-version';

// The image's layout and the shared volume's paths are core/model/probe-layout.ts; these are the pod's.
/** The probe's own API credentials, away from the path the kubelet's automount uses. */
export const API_CREDENTIALS_DIR = '/var/run/secrets/preflight-guard.dev/kube-api';

export const SHARED_VOLUME = 'preflight-guard';
export const API_VOLUME = 'preflight-guard-kube-api';
export const INSTALL_CONTAINER = 'preflight-install';
export const CUDA_CONTAINER = 'preflight-cuda';
export const SECRETS_CONTAINER = 'preflight-secrets';

/** The image `podman build -f runtime-probe/Containerfile -t preflight-probe` makes, at this package's version. */
export function defaultProbeImage(): string {
  return `preflight-probe:${packageVersion()}`;
}
