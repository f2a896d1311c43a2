#!/usr/bin/env node
import { enableCompileCache } from 'node:module';
import type * as RunPreflight from './run-preflight';

// The bin entry. Node's compile cache first (Node ≥ 22.8): later starts reuse the compiled code of the
// CLI instead of compiling it again. Node picks the folder (os.tmpdir()/node-compile-cache, or
// NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off) and never throws when it cannot use
// one: the run goes on uncached. Nothing else may be loaded before it, so the CLI is required after.
try {
  // Absent before Node 22.8: then uncached.
  enableCompileCache?.();
} catch {
  // Start-up speed only: a run never fails for its cache.
}
const { runPreflight } = require('./run-preflight') as typeof RunPreflight;

runPreflight(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
