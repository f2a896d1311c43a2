import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

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
export function registerTypeScript(sdkDir: string): void {
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
export function sdkDirOf(programDir: string): string {
  return dirname(require.resolve('@pulumi/pulumi/package.json', { paths: [programDir] }));
}
