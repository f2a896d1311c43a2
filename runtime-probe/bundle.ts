import { chmodSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { makeFolder } from '../core/output/make-folder';

const REPO_ROOT = join(__dirname, '..');

/** Packages only the model check and `--config` need: a third of a megabyte the CUDA probe never runs. */
const DEFERRED_PACKAGES = ['yaml', 'ajv', 'semver', 're2js'];

/**
 * Bundles the probe into one JavaScript file that runs with plain `node` and no node_modules (what the
 * probe's image ships), and puts the env wrapper beside it. Returns the bundle's path.
 * Run from the source tree: `node --import tsx runtime-probe/bundle.ts [OUT_DIR]`.
 */
export async function bundleProbe(outDir = join(REPO_ROOT, 'dist', 'runtime-probe')): Promise<string> {
  makeFolder(outDir);
  const outfile = join(outDir, 'preflight-probe.js');
  await build({
    entryPoints: [join(REPO_ROOT, 'runtime-probe', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // Start-up time is what a boot probe costs: less code to parse.
    minify: true,
    legalComments: 'eof',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
    plugins: [deferredPackages(DEFERRED_PACKAGES)],
  });
  chmodSync(outfile, 0o755);
  const wrapper = join(outDir, 'with-preflight-env');
  copyFileSync(join(REPO_ROOT, 'runtime-probe', 'with-preflight-env'), wrapper);
  chmodSync(wrapper, 0o755);
  return outfile;
}

/**
 * Writes the probe image's build context into `imageDir`: the bundle and the wrapper from `bundleDir`,
 * and Containerfile.prebuilt as its `Containerfile`. The CDK constructs use this folder as an asset.
 */
export function writeImageContext(bundleDir: string, imageDir = join(bundleDir, 'image')): string {
  makeFolder(imageDir);
  for (const file of ['preflight-probe.js', 'with-preflight-env']) {
    copyFileSync(join(bundleDir, file), join(imageDir, file));
  }
  copyFileSync(join(REPO_ROOT, 'runtime-probe', 'Containerfile.prebuilt'), join(imageDir, 'Containerfile'));
  return imageDir;
}

/**
 * Embeds each package as a string of code compiled on its first require. Node parses every function
 * of a script at start-up, even ones never called; a string literal it only scans. The CUDA probe
 * never requires these packages, so it starts as fast as if they were not in the file at all.
 */
function deferredPackages(names: readonly string[]): Plugin {
  return {
    name: 'deferred-packages',
    setup(plugin) {
      const filter = new RegExp(`^(${names.join('|')})(/.*)?$`);
      plugin.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'deferred' }));
      plugin.onLoad({ filter: /.*/, namespace: 'deferred' }, async (args) => {
        const result = await build({
          stdin: {
            contents: `module.exports = require(${JSON.stringify(args.path)});`,
            resolveDir: REPO_ROOT,
          },
          bundle: true,
          platform: 'node',
          target: 'node22',
          format: 'cjs',
          minify: true,
          legalComments: 'none',
          write: false,
        });
        const code = `${result.outputFiles[0]!.text}\n//# sourceURL=${args.path}`;
        return {
          loader: 'js',
          contents: `const m = { exports: {} };
new Function('module', 'exports', 'require', ${JSON.stringify(code)})(m, m.exports, require);
module.exports = m.exports;`,
        };
      });
    },
  };
}

if (require.main === module) {
  bundleProbe(process.argv[2]).then(
    (file) => console.log(`bundled ${file}; image context ${writeImageContext(dirname(file))}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
