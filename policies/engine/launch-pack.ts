import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface LaunchedPack {
  port: number;
  process: ChildProcess;
  /** What the pack wrote to stderr so far (its own errors, e.g. a bad PolicyPack). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface PackEnvironment {
  project: string;
  stack: string;
  organization: string;
  /** Decrypted stack config, `<ns>:<key>` → value, as the CLI passes it. */
  config: Record<string, string>;
}

/** A pack that has not printed its port by then is broken. */
const START_TIMEOUT_MS = 60_000;

/**
 * Starts a policy pack the way the Pulumi CLI's nodejs language host does: `run-policy-pack` resolved
 * from the pack's own folder, run with the engine address (ignored by it) and the pack folder, with
 * the pack folder as working directory and the stack in the environment. Resolves once the pack prints
 * its port.
 */
export async function launchPack(packDir: string, environment: PackEnvironment): Promise<LaunchedPack> {
  const runner = require.resolve('@pulumi/pulumi/cmd/run-policy-pack', { paths: [packDir] });
  const child = spawn(process.execPath, [runner, '127.0.0.1:1', packDir], {
    cwd: packDir,
    env: {
      ...process.env,
      PULUMI_NODEJS_PROJECT: environment.project,
      PULUMI_NODEJS_STACK: environment.stack,
      PULUMI_NODEJS_ORGANIZATION: environment.organization,
      PULUMI_NODEJS_DRY_RUN: 'true',
      PULUMI_CONFIG: JSON.stringify(environment.config),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`policy pack did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        const value = Number(line.trim());
        if (Number.isInteger(value) && value > 0) resolve(value);
        else reject(new Error(`policy pack printed "${line.trim()}" instead of its port`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `policy pack exited with code ${code} before it was ready${stderr ? `:\n${stderr.trim()}` : ''}`,
        ),
      );
    });
  });
  return {
    port,
    process: child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
