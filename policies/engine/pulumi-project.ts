import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../../core/errors';
import { readSourceFile } from '../../core/loaders/source-file';

/** What a program folder's `Pulumi.yaml` says about running it (sdk/go/common/workspace/project.go). */
export interface PulumiProject {
  file: string;
  name: string;
  /** `main`: the entry point, relative to the folder; absent means the folder itself. */
  main?: string;
  /** Runtime option `typescript` (default true): whether the language host registers ts-node. */
  typescript: boolean;
}

/**
 * Reads `Pulumi.yaml` (or `Pulumi.yml`) of a program folder. A folder without one is not a Pulumi
 * project: the CLI refuses it ("no Pulumi.yaml project file found"), and so does the emulated engine.
 */
export function readPulumiProject(programDir: string): PulumiProject {
  const file = ['Pulumi.yaml', 'Pulumi.yml'].map((name) => join(programDir, name)).find(existsSync);
  const shown = relative(process.cwd(), programDir) || programDir;
  if (!file) throw new InputError('not a Pulumi project: no Pulumi.yaml in this folder', { file: shown });
  const lineCounter = new LineCounter();
  const doc = parseDocument(readSourceFile(file), { lineCounter, prettyErrors: false });
  const where = (offset = 0) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const error = doc.errors[0];
  if (error) throw new InputError(error.message.split('\n')[0]!, where(error.pos[0]));
  const value = doc.toJS() as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null) throw new InputError('expected a map', { file });
  if (typeof value.name !== 'string' || value.name === '')
    throw new InputError('missing name', where(doc.contents?.range?.[0]), 'name');
  const runtime = value.runtime;
  const runtimeName =
    typeof runtime === 'object' && runtime !== null ? (runtime as { name?: unknown }).name : runtime;
  if (runtimeName !== 'nodejs') {
    throw new InputError(
      `runtime ${JSON.stringify(runtimeName ?? null)} is not nodejs: preflight preview runs Node.js programs only`,
      where((doc.get('runtime', true) as { range?: number[] } | undefined)?.range?.[0]),
      'runtime',
    );
  }
  const options =
    typeof runtime === 'object' && runtime !== null ? (runtime as { options?: unknown }).options : undefined;
  const typescript = (options as { typescript?: unknown } | undefined)?.typescript !== false;
  return {
    file,
    name: value.name,
    ...(typeof value.main === 'string' && value.main ? { main: value.main } : {}),
    typescript,
  };
}
