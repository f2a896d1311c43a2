// Runs a program the way the Node.js language host does, inside `runtime.runInPulumiStack` (so the root
// stack resource exists for stack transformations), under `runtime.setMocks` in preview mode. Prints
// each registered resource's type, name and inputs as one JSON array. Emulated: no Pulumi CLI here.
// The provider's `kubernetes:helm:template` invoke (what runs `helm template`; no helm binary here) is
// answered with the objects in the program's `helm-template.json`, as the provider returns them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const programDir = process.argv[2]!;
const pulumi = require(require.resolve('@pulumi/pulumi', { paths: [programDir] }));
const registered: { type: string; name: string; inputs: unknown }[] = [];
pulumi.runtime
  .setMocks(
    {
      newResource: (args: { type: string; name: string; inputs: Record<string, unknown> }) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: undefined, state: args.inputs };
      },
      call: (args: { token: string; inputs: Record<string, unknown> }) => {
        const rendered = join(programDir, 'helm-template.json');
        if (args.token === 'kubernetes:helm:template' && existsSync(rendered)) {
          return { result: JSON.parse(readFileSync(rendered, 'utf8')) };
        }
        return args.inputs;
      },
    },
    'project',
    'dev',
    true,
  )
  .then(() => pulumi.runtime.runInPulumiStack(async () => require(join(programDir, 'index.ts'))))
  .then(settled)
  .then(
    () => process.stdout.write(JSON.stringify(registered)),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );

/**
 * Until nothing new registers: resources constructed inside an `apply` (a Helm v3 Chart's children)
 * start after waitForRPCs has returned; the language host keeps the program alive for them too.
 */
async function settled(): Promise<void> {
  for (let seen = -1; seen !== registered.length; ) {
    seen = registered.length;
    await pulumi.runtime.waitForRPCs();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
