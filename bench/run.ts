/**
 * `npm run bench`: every benchmark side by side in one process run, each printing its ratio against the
 * baseline named in its issue. Timings live here, never in tests.
 */
import { benchCheck } from './check.bench';

async function main(): Promise<void> {
  await benchCheck();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
