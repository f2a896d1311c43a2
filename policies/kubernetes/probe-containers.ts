import { durationText } from '../../core/loaders/duration';
import type { CudaProbeMode } from '../../core/model/config';
import {
  PREFLIGHT_DIR,
  PREFLIGHT_ENV_FILE,
  PREFLIGHT_WRAPPER,
  PROBE_IMAGE_DIR,
  PROBE_SCRIPT,
  PROBE_USER,
} from '../../core/model/probe-layout';
import {
  API_CREDENTIALS_DIR,
  API_VOLUME,
  CUDA_CONTAINER,
  INSTALL_CONTAINER,
  SECRETS_CONTAINER,
  SHARED_VOLUME,
} from './probe-layout';

type Manifest = Record<string, unknown>;

export interface ProbeSteps {
  image: string;
  mode: CudaProbeMode;
  /** major.minor; absent only in mode off. */
  cuda?: string;
  /** Secret names (or stand-ins for computed names) the boot checkpoint waits for. */
  secretNames: readonly string[];
  secretTimeoutSeconds: number;
}

/**
 * The Pod Security Standards' restricted profile. The user is numeric: the kubelet cannot verify
 * runAsNonRoot against the image's `USER node`.
 */
const SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: PROBE_USER,
  runAsGroup: PROBE_USER,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Node and a one-file script: small, but above what Node itself needs to start. */
const RESOURCES = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '128Mi' },
};

const SHARED_MOUNT = { name: SHARED_VOLUME, mountPath: PREFLIGHT_DIR };

/**
 * The init containers, in the order they run: copy the wrapper onto the shared volume, check CUDA
 * (milliseconds: a strict failure should not wait for secrets), then wait for the Secrets. None asks
 * for a GPU: the driver version is read from /sys and /proc, which every container sees.
 */
export function probeInitContainers(steps: ProbeSteps): Manifest[] {
  const container = (name: string, command: string[], args: string[], mounts: Manifest[]): Manifest => ({
    name,
    image: steps.image,
    imagePullPolicy: 'IfNotPresent',
    command,
    ...(args.length ? { args } : {}),
    volumeMounts: mounts,
    securityContext: SECURITY_CONTEXT,
    resources: RESOURCES,
  });
  // `--` ends node's options, and --env-out is a name Node never takes for its own (see the README's probe section).
  const probe = ['node', '--', PROBE_SCRIPT];
  const containers = [
    container(
      INSTALL_CONTAINER,
      ['cp', `${PROBE_IMAGE_DIR}/with-preflight-env`, PREFLIGHT_WRAPPER],
      [],
      [SHARED_MOUNT],
    ),
    container(
      CUDA_CONTAINER,
      probe,
      [
        'cuda',
        '--mode',
        steps.mode,
        ...(steps.cuda ? ['--require-cuda', steps.cuda] : []),
        '--env-out',
        PREFLIGHT_ENV_FILE,
        '--status-file',
        `${PREFLIGHT_DIR}/cuda.json`,
      ],
      [SHARED_MOUNT],
    ),
  ];
  if (steps.secretNames.length > 0) {
    containers.push(
      container(
        SECRETS_CONTAINER,
        probe,
        [
          'secrets',
          ...steps.secretNames.flatMap((name) => ['--kubernetes-secret', name]),
          '--timeout',
          durationText(steps.secretTimeoutSeconds),
          '--kubernetes-credentials',
          API_CREDENTIALS_DIR,
          '--status-file',
          `${PREFLIGHT_DIR}/secrets.json`,
        ],
        [SHARED_MOUNT, { name: API_VOLUME, mountPath: API_CREDENTIALS_DIR, readOnly: true }],
      ),
    );
  }
  return containers;
}

/** The shared folder, and the probe's API credentials when it asks the API for Secrets. */
export function probeVolumes(withApi: boolean): Manifest[] {
  const volumes: Manifest[] = [{ name: SHARED_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }];
  if (withApi) {
    // What the kubelet's own kube-api-access volume holds, mounted into the checkpoint only.
    volumes.push({
      name: API_VOLUME,
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          {
            downwardAPI: {
              items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
            },
          },
        ],
      },
    });
  }
  return volumes;
}

/** The app sees the probe's files, and cannot change them. */
export const APP_MOUNT = { ...SHARED_MOUNT, readOnly: true };
