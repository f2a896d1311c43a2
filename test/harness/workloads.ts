import type { ModelCard } from '../../core/model/model-card';
import type { Container, EnvVar, Workload } from '../../core/model/workload';

/** A Deployment with one app container, for rule tests that do not need a manifest file. */
export function deployment(
  name: string,
  container: Omit<Partial<Container>, 'env'> & { env?: Record<string, string> | EnvVar[] },
  extra: Partial<Workload> = {},
): Workload {
  const env: EnvVar[] = Array.isArray(container.env)
    ? container.env
    : Object.entries(container.env ?? {}).map(([envName, value], index) => ({
        name: envName,
        value,
        path: ['spec', 'template', 'spec', 'containers', 0, 'env', index],
      }));
  return {
    kind: 'Deployment',
    name,
    namespace: 'llm',
    annotations: {},
    labels: {},
    secretRefs: [],
    origin: { format: 'kubernetes', file: `/manifests/${name}.yaml`, line: 1, column: 1 },
    ...extra,
    containers: [
      {
        name: container.name ?? 'app',
        image: container.image,
        imageUnknown: container.imageUnknown,
        env,
        envFromSources: container.envFromSources ?? 0,
        command: container.command ?? [],
        args: container.args ?? [],
        gpus: container.gpus ?? 0,
        kind: container.kind ?? 'app',
        path: ['spec', 'template', 'spec', 'containers', 0],
      },
    ],
  };
}

/** A model card as the loader would return it. */
export function card(fields: Partial<ModelCard> & { image: ModelCard['image'] }): ModelCard {
  return { file: '/cards/model-card.json', runtime: {}, env: { required: [] }, ...fields };
}
