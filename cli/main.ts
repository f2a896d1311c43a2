#!/usr/bin/env node
import { realpathSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type * as RunPreflight from './run-preflight';

// The bin entry. Node's compile cache first (Node ≥ 22.8): later starts reuse the compiled code of the
// CLI instead of compiling it again. Node picks the folder (os.tmpdir()/node-compile-cache, or
// NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off) and never throws when it cannot use
// one: the run goes on uncached. Nothing else may be loaded before it, so the CLI is required after.
// Node makes that folder with a recursive mkdir, which spins forever where mkdir answers ENOENT under a
// folder that exists (procfs, sysfs: TMPDIR=/proc/nope), so the cache is used only in a real folder.
try {
  // Absent before Node 22.8: then uncached.
  if (enableCompileCache && !process.env.NODE_DISABLE_COMPILE_CACHE) {
    const folder = resolve(process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache'));
    if (isUsableCacheFolder(folder)) enableCompileCache(folder);
  }
} catch {
  // Start-up speed only: a run never fails for its cache.
}
const { runPreflight } = require('./run-preflight') as typeof RunPreflight;

runPreflight(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

/** The folder (or, while it is not made yet, its parent) is a folder, and not in a pseudo file system. */
function isUsableCacheFolder(folder: string): boolean {
  const made = statSync(folder, { throwIfNoEntry: false });
  const existing = made ? folder : dirname(folder);
  if (!(made ?? statSync(existing, { throwIfNoEntry: false }))?.isDirectory()) return false;
  const real = realpathSync(existing);
  return !['/proc', '/sys'].some((pseudo) => real === pseudo || real.startsWith(`${pseudo}/`));
}
