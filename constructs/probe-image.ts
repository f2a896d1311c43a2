import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { PROBE_IMAGE_DIR } from '../core/model/probe-layout';

/** The recipe the build writes beside the bundled probe (runtime-probe/Containerfile.prebuilt). */
export const PROBE_IMAGE_RECIPE = 'Containerfile';

export { PROBE_IMAGE_DIR };

/**
 * Folders the prebuilt image context may be in: beside the compiled constructs (`dist/`, as installed
 * from npm), or under `dist/` of a source checkout (constructs run from TypeScript).
 */
const CANDIDATES = [
  join(__dirname, '..', 'runtime-probe', 'image'),
  join(__dirname, '..', 'dist', 'runtime-probe', 'image'),
];

/** The runtime probe's container image. */
// biome-ignore lint/complexity/noStaticOnlyClass: CDK's factory style, as ecs.ContainerImage.fromAsset
export class RuntimeProbeImage {
  /**
   * The probe's image built from this package's prebuilt context: `node:24-alpine` plus the bundled
   * probe and the env wrapper, a few hundred kilobytes. An asset: synth only copies the folder, the
   * CDK CLI builds and pushes it at deploy time.
   */
  static fromAsset(options: ecs.AssetImageProps = {}): ecs.ContainerImage {
    return ecs.ContainerImage.fromAsset(probeImageContext(), { file: PROBE_IMAGE_RECIPE, ...options });
  }
}

/** The folder of the prebuilt image context; a clear error when the package was not built. */
export function probeImageContext(candidates: readonly string[] = CANDIDATES): string {
  const found = candidates.find((dir) => existsSync(join(dir, PROBE_IMAGE_RECIPE)));
  if (!found) {
    throw new Error(
      `the runtime probe's image context was not found: looked for ${candidates.map((dir) => join(dir, PROBE_IMAGE_RECIPE)).join(' and ')}; build it with \`npm run build\` in preflight-guard, or pass any image with the probe at ${PROBE_IMAGE_DIR} as \`image\``,
    );
  }
  return found;
}
