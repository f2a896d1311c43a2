import { DOCKER_HUB } from '../images/image-ref';

/** Where a registry's HTTP API answers. */
export interface RegistryEndpoint {
  /** The registry as references name it: `docker.io`, `127.0.0.1:5000`. */
  registry: string;
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`. */
  origin: string;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/**
 * Docker Hub's API lives on registry-1.docker.io. Plain HTTP only for loopback or registries the
 * config lists as insecure: anything else must be TLS.
 */
export function registryEndpoint(registry: string, insecure: readonly string[]): RegistryEndpoint {
  const host = registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
  const plain = LOOPBACK.test(registry) || insecure.includes(registry);
  return { registry, origin: `${plain ? 'http' : 'https'}://${host}` };
}
