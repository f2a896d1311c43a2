import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { App, IPolicyValidationContext } from 'aws-cdk-lib';
import { tempFiles } from '../../harness/temp-files';

/** In-memory app mode: a failed validation throws with the whole report in the message. */
export const IN_MEMORY = { '@aws-cdk/core:appMode': 'inmemory' };

/** An app's outdir in a temp folder that is removed after the test file. */
export function tempOutdir(): string {
  return join(tempFiles({}), 'cdk.out');
}

/** What the CDK hands a plugin, built from an app synthesized without it (cdk.md §5). */
export function validationContext(app: App): IPolicyValidationContext {
  const assembly = app.synth();
  const stackTemplates = assembly.stacksRecursively.map((stack) => ({
    stackConstructPath: stack.hierarchicalId,
    templatePath: stack.templateFullPath,
    accountId: undefined,
    region: undefined,
  }));
  return {
    templatePaths: stackTemplates.map((stack) => stack.templatePath),
    stackTemplates,
    appConstruct: app,
  };
}

/** Every file under a folder with its content hash: to show that nothing was written or changed. */
export function folderHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else hashes[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return hashes;
}

/** Every file's text under a folder, joined: to look for a canary. */
export function folderText(dir: string, skip: (path: string) => boolean = () => false): string {
  return Object.keys(folderHashes(dir))
    .filter((path) => !skip(path))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}
