import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { InputError } from '../errors';
import { STDIN_NAME } from '../loaders/source-file';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Files a folder walk passes over by name: our own inputs of other kinds, and project files that are JSON
 * or YAML but never manifests (tsconfig allows comments, Pulumi stack files hold encrypted config).
 */
const NOT_MANIFESTS = new Set([
  'model-card.json',
  'preflight.yaml',
  'preflight.yml',
  'prompt_vars.yaml',
  'prompt_vars.yml',
  'package.json',
  'package-lock.json',
  'cdk.json',
  'cdk.context.json',
  'Chart.yaml',
  'Pulumi.yaml',
]);
const NOT_MANIFEST_PATTERNS = [/^tsconfig(\..+)?\.json$/, /^Pulumi\..+\.ya?ml$/];

/**
 * The manifest and template files under the given paths, each once, in a stable order. A named file is
 * always read; a folder gives its `.yaml`, `.yml` and `.json` files (sorted, without dot-folders and
 * node_modules); a CDK cloud assembly (`cdk.out`) gives only its stack templates. `-` is standard
 * input, named `<stdin>`.
 */
export function inputFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const real = realpathSync(file);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  for (const path of paths) {
    if (path === '-' || path === STDIN_NAME) {
      if (!seen.has(STDIN_NAME)) files.push(STDIN_NAME);
      seen.add(STDIN_NAME);
      continue;
    }
    const stat = statOf(path);
    if (stat.isDirectory()) walk(path, add, new Set());
    else add(path);
  }
  return files;
}

function walk(folder: string, add: (file: string) => void, visited: Set<string>): void {
  const real = realpathSync(folder);
  if (visited.has(real)) return; // a symlink loop
  visited.add(real);
  const entries = entriesOf(folder);
  if (isCloudAssembly(folder, entries)) {
    assemblyTemplates(folder, entries, add);
    return;
  }
  // A Helm chart's templates are not YAML until rendered (`helm template` first, then check the output).
  const helmChart = entries.some((entry) => entry.name === 'Chart.yaml');
  for (const entry of entries) {
    const path = join(folder, entry.name);
    const stat = entry.isSymbolicLink() ? statOrNothing(path) : entry;
    if (!stat || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (stat.isDirectory()) {
      if (!(helmChart && entry.name === 'templates')) walk(path, add, visited);
    } else if (stat.isFile() && isManifestName(entry.name)) {
      add(path);
    }
  }
}

function isManifestName(name: string): boolean {
  if (!MANIFEST_EXTENSIONS.has(extname(name).toLowerCase())) return false;
  return !NOT_MANIFESTS.has(name) && !NOT_MANIFEST_PATTERNS.some((pattern) => pattern.test(name));
}

/**
 * `cdk synth` output: a folder named `cdk.out`, or one with a cloud assembly `manifest.json` beside its
 * `cdk.out` version file or stack templates. Asset folders in it hold Docker contexts, never manifests.
 */
function isCloudAssembly(folder: string, entries: Dirent[]): boolean {
  if (basename(folder) === 'cdk.out') return true;
  const names = new Set(entries.map((entry) => entry.name));
  return (
    names.has('manifest.json') &&
    (names.has('cdk.out') || entries.some((e) => e.name.endsWith('.template.json')))
  );
}

/** Stack templates of an assembly, nested stacks included, then those of nested assemblies (stages). */
function assemblyTemplates(folder: string, entries: Dirent[], add: (file: string) => void): void {
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isFile() && entry.name.endsWith('.template.json')) add(path);
    else if (entry.isDirectory() && entry.name.startsWith('assembly-'))
      assemblyTemplates(path, entriesOf(path), add);
  }
}

function entriesOf(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch (error) {
    throw new InputError(`cannot read folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file: folder,
    });
  }
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${code ?? String(error)}`,
      {
        file: path,
      },
    );
  }
}

/** A dangling symlink inside a folder is passed over, as `find` and editors do. */
function statOrNothing(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
