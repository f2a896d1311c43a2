import type { RegistrySettings } from '../../core/model/config';
import type { Workload } from '../../core/model/workload';
import type { ImageLookups } from '../../core/registry/image-lookup';
import type * as ImagesToResolve from '../../core/registry/images-to-resolve';
import type * as ResolveImages from '../../core/registry/resolve-images';

/** The policies of one AnalyzeStack ask for the same images: look them up once per stack and settings. */
let lastStack: { key: string; lookups: Promise<ImageLookups> } | undefined;

/** Registry lookups for the stack's app images, or undefined when this policy's config leaves them off. */
export function stackImages(
  workloads: readonly Workload[],
  settings: RegistrySettings,
): Promise<ImageLookups> | undefined {
  if (!settings.enabled) return undefined;
  // The registry client (node:https, TLS) is loaded on the first stack that asks for it, not at the pack's start.
  const { imagesToResolve } = require('../../core/registry/images-to-resolve') as typeof ImagesToResolve;
  const { resolveImages } = require('../../core/registry/resolve-images') as typeof ResolveImages;
  const references = imagesToResolve(workloads);
  const key = JSON.stringify([references, settings]);
  if (lastStack?.key !== key) {
    lastStack = { key, lookups: resolveImages(references, settings).then((resolved) => resolved.lookups) };
  }
  return lastStack.lookups;
}
