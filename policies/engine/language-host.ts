import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readSourceFile } from '../../core/loaders/source-file';
import type { PulumiProject } from './pulumi-project';

/**
 * Runs a program's entry point as the Node.js language host does (@pulumi/pulumi `cmd/run/run.ts`):
 * `require` for a CommonJS package, `import()` for one whose package.json says `"type": "module"`.
 * Call it with the working directory set to the program folder.
 */
export async function loadProgram(programDir: string, project: PulumiProject): Promise<unknown> {
  const entry = resolve(programDir, project.main ?? '.');
  if (packageType(programDir) === 'module') {
    // The language host registers ts-node's ESM hooks; tsx's ESM loader stands in for them here (its
    // ES module API: the CommonJS one cannot find its own loader).
    if (project.typescript) (await import('tsx/esm/api')).register();
    return import(pathToFileURL(moduleEntry(entry)).href);
  }
  if (project.typescript) registerTypeScript(sdkDirOf(programDir));
  // A folder ends in `/` so that require picks its package.json `main` or index, not a sibling file.
  return require(statSync(entry).isDirectory() ? `${entry}/` : entry);
}

function packageType(programDir: string): unknown {
  const file = join(programDir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readSourceFile(file)) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}

/** A folder's index, in the order the language host looks for one. */
function moduleEntry(entry: string): string {
  if (!statSync(entry).isDirectory()) return entry;
  const index = ['index.js', 'index.mjs', 'index.ts', 'index.mts'].find((name) =>
    existsSync(join(entry, name)),
  );
  return join(entry, index ?? 'index.js');
}

/**
 * Loads TypeScript the way the Pulumi Node.js language host does for a CommonJS program
 * (@pulumi/pulumi `cmd/run/run.ts`): ts-node (the program's own, else the SDK's vendored 7.0.1) with the
 * program's TypeScript, its tsconfig.json, and `module: nodenext` (CommonJS output in a package that is
 * not `"type": "module"`) for TypeScript 4.7 and later. So a program gets TypeScript's own module
 * semantics: a circular import reads `undefined` for a binding not yet set, as under `pulumi preview`,
 * where a bundler's output would throw. One difference, on purpose: no type check (as with
 * PULUMI_NODEJS_TRANSPILE_ONLY=true); type errors are the compiler's business, not a policy's.
 * Call it with the working directory set to the program folder, before the program is required.
 */
function registerTypeScript(sdkDir: string): void {
  const fromSdk = (id: string) => require(require.resolve(id, { paths: [sdkDir] }));
  const tsutils = fromSdk('./tsutils.js') as {
    typeScriptRequireStrings(): { typescriptRequire: string; tsnodeRequire: string };
    loadTypeScriptCompilerOptions(path: string): Record<string, unknown>;
  };
  const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? 'tsconfig.json';
  const { typescriptRequire, tsnodeRequire } = tsutils.typeScriptRequireStrings();
  const compiler = require.resolve(typescriptRequire, { paths: [sdkDir] });
  const version = (require(compiler) as { version: string }).version;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const nodeNext = major > 4 || (major === 4 && minor >= 7);
  // A loader already registered for .ts (tsx, when this runs from source) would see the file before
  // ts-node does: ts-node wraps whatever handler it finds, so give it Node's own way of reading a file.
  for (const extension of ['.ts', '.tsx']) {
    require.extensions[extension] = (module, filename) =>
      (module as unknown as { _compile(code: string, file: string): void })._compile(
        readFileSync(filename, 'utf8'),
        filename,
      );
  }
  const tsNode = fromSdk(tsnodeRequire) as { register(options: Record<string, unknown>): unknown };
  tsNode.register({
    compiler,
    transpileOnly: true,
    project: tsConfigPath,
    skipProject: !existsSync(tsConfigPath),
    compilerOptions: {
      target: 'ES2020',
      module: nodeNext ? 'nodenext' : 'commonjs',
      moduleResolution: nodeNext ? 'nodenext' : 'node',
      sourceMap: 'true',
      ...tsutils.loadTypeScriptCompilerOptions(tsConfigPath),
    },
  });
}

/** The folder of the program's own `@pulumi/pulumi`. */
function sdkDirOf(programDir: string): string {
  return dirname(require.resolve('@pulumi/pulumi/package.json', { paths: [programDir] }));
}
