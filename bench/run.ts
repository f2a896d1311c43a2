/**
 * `npm run bench`: every benchmark side by side in one process run, each printing its ratio against the
 * baseline named in its issue. Timings live here, never in tests. `npm run bench -- NAME...` runs some.
 */
import { benchCdk } from './cdk.bench';
import { benchCheck, benchCheckKinds } from './check.bench';
import { benchPolicyPack } from './policy-pack.bench';
import { benchProbe } from './probe.bench';
import { benchPrompts } from './prompts.bench';
import { benchRegistry } from './registry.bench';
import { benchStartup } from './startup.bench';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  cdk: benchCdk,
  check: benchCheck,
  'check-kinds': benchCheckKinds,
  'policy-pack': benchPolicyPack,
  probe: benchProbe,
  prompts: benchPrompts,
  registry: benchRegistry,
  startup: benchStartup,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')} (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  for (const [name, run] of Object.entries(BENCHMARKS))
    if (names.length === 0 || names.includes(name)) await run();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
