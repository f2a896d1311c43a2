#!/usr/bin/env node
import { runPreflight } from './run-preflight';

runPreflight(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
