import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

const REPO_ROOT = join(__dirname, '..');

/**
 * Packages the CLI loads on every `check` or `lint-prompts`, written into the bundle: `yaml` alone is
 * 72 modules, and Node's start-up pays per module (resolve, stat, read, compile) more than per byte.
 * Every other package stays a plain require of the installed one: the template engines and re2js load
 * only when used, ajv's runtime under the precompiled validators, the Pulumi SDK (an optional peer,
 * the user's own copy) under `preflight preview`.
 */
const INLINED_PACKAGES = ['yaml', 'semver'];

/**
 * Bundles the CLI (cli/run-preflight.ts and what it imports from core/, policies/engine/ and
 * runtime-probe/) into one file in place of tsc's dist/cli/run-preflight.js, which the bin entry
 * (dist/cli/main.js) requires. Run after tsc: `node --import tsx cli/bundle.ts`. The rest of dist/
 * (the library, the pack, the constructs) stays as tsc wrote it.
 */
export async function bundleCli(outDir = join(REPO_ROOT, 'dist', 'cli')): Promise<string> {
  const outfile = join(outDir, 'run-preflight.js');
  await build({
    entryPoints: [join(REPO_ROOT, 'cli', 'run-preflight.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [inlineOnly(INLINED_PACKAGES), builtDirname(outDir)],
  });
  return outfile;
}

/** Every package import not in `names` stays `require('package')`, resolved at run time as before. */
function inlineOnly(names: readonly string[]): Plugin {
  return {
    name: 'inline-only',
    setup(plugin) {
      plugin.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@')
          ? args.path.split('/').slice(0, 2).join('/')
          : args.path.split('/')[0]!;
        return names.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/**
 * Each source file's `__dirname` becomes the folder tsc writes it to (dist/core/loaders for
 * core/loaders/x.ts), so what it finds beside itself (the precompiled validators, the pack folder,
 * package.json) is found from the bundle as from tsc's output.
 */
function builtDirname(outDir: string): Plugin {
  return {
    name: 'built-dirname',
    setup(plugin) {
      plugin.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!/\b__dirname\b/.test(source)) return undefined;
        const built = join(REPO_ROOT, 'dist', relative(REPO_ROOT, dirname(args.path)));
        const dir = `require('node:path').join(__dirname, ${JSON.stringify(relative(outDir, built))})`;
        return { loader: 'ts', contents: source.replace(/\b__dirname\b/g, dir) };
      });
    },
  };
}

if (require.main === module) {
  bundleCli(process.argv[2]).then(
    (file) => console.log(`bundled ${file}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
