import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's `docker-registry` (CNCF distribution) on 127.0.0.1, with throw-away storage. */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`, the registry part of image references. */
  host: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The Debian tools these tests run for real; a missing one fails with what to install, not ENOENT. */
export function requireRegistryTools(): void {
  const missing = [
    ['docker-registry', 'docker-registry'],
    ['buildah', 'buildah'],
    ['htpasswd', 'apache2-utils'],
  ].filter(([command]) => !onPath(command!));
  if (missing.length === 0) return;
  throw new Error(
    `${missing.map(([command]) => command).join(', ')} not found on PATH: the registry tests run a real registry; ` +
      `install the Debian packages ${missing.map(([, pkg]) => pkg).join(' ')} (bash .ci/run does)`,
  );
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Starts a registry; with `basicAuth`, it requires those credentials (htpasswd, bcrypt). With
 * `blobRedirect`, its `redirect` storage middleware answers every blob GET with a 307 to that base URL
 * (what registries in front of S3 or a CDN do).
 */
export async function startRegistry(
  basicAuth?: { username: string; password: string },
  options: { blobRedirect?: string } = {},
): Promise<LocalRegistry> {
  requireRegistryTools();
  const dir = mkdtempSync(join(tmpdir(), 'preflight-registry-'));
  const port = await freePort();
  const auth = basicAuth ? htpasswdFile(dir, basicAuth) : undefined;
  const config = [
    'version: 0.1',
    'log: { level: error, accesslog: { disabled: true } }',
    `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
    `http: { addr: 127.0.0.1:${port} }`,
    ...(auth ? [`auth: { htpasswd: { realm: test-realm, path: ${auth} } }`] : []),
    ...(options.blobRedirect
      ? [`middleware: { storage: [{ name: redirect, options: { baseurl: "${options.blobRedirect}" } }] }`]
      : []),
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), config);
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const host = `127.0.0.1:${port}`;
  await waitUntilServing(host, child, () => stderr);
  return {
    host,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** htpasswd reads the password on stdin, so it is in no process's argv. */
function htpasswdFile(dir: string, auth: { username: string; password: string }): string {
  const file = join(dir, 'htpasswd');
  const line = execFileSync('htpasswd', ['-Bin', auth.username], { input: auth.password, encoding: 'utf8' });
  writeFileSync(file, line);
  return file;
}

async function waitUntilServing(host: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr()}`);
    try {
      const response = await fetch(`http://${host}/v2/`);
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error(`docker-registry did not start on ${host}: ${stderr()}`);
}

/**
 * buildah with its own storage (vfs, chroot isolation) in a temp folder, so tests share no global
 * state. Images are `FROM scratch`: they need no base image and no network.
 */
export class ImageBuilder {
  private readonly dir = mkdtempSync(join(tmpdir(), 'preflight-buildah-'));

  constructor() {
    requireRegistryTools();
  }

  /** Builds a Containerfile's text as `localhost/<name>`. */
  build(name: string, containerfile: string, arch = 'amd64'): string {
    const context = join(this.dir, 'contexts', name.replace(/[^a-z0-9]/g, '-'));
    mkdirSync(context, { recursive: true });
    writeFileSync(join(context, 'Containerfile'), containerfile);
    const tag = `localhost/${name}`;
    this.buildah(['bud', '--isolation', 'chroot', '--arch', arch, '-t', tag, context]);
    return tag;
  }

  /** Pushes a local image to `docker://<destination>`, with a Docker config file for credentials. */
  push(local: string, destination: string, authfile?: string): void {
    this.buildah([
      'push',
      '--tls-verify=false',
      ...(authfile ? ['--authfile', authfile] : []),
      local,
      `docker://${destination}`,
    ]);
  }

  /** Pushes a multi-platform index of local images. */
  pushIndex(name: string, images: readonly string[], destination: string, authfile?: string): void {
    const list = `localhost/${name}`;
    this.buildah(['manifest', 'create', list]);
    for (const image of images) this.buildah(['manifest', 'add', list, image]);
    this.buildah([
      'manifest',
      'push',
      '--all',
      '--tls-verify=false',
      ...(authfile ? ['--authfile', authfile] : []),
      list,
      `docker://${destination}`,
    ]);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private buildah(args: string[]): void {
    const storage = [
      '--root',
      join(this.dir, 'root'),
      '--runroot',
      join(this.dir, 'run'),
      '--storage-driver',
      'vfs',
    ];
    execFileSync('buildah', [...storage, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
}

/** A Docker config file with an `auths` entry, written as `docker login` writes it (base64 `auth`). */
export function dockerConfigFile(dir: string, registry: string, username: string, password: string): string {
  const file = join(dir, `docker-config-${registry.replace(/[^a-z0-9]/gi, '-')}.json`);
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  writeFileSync(file, JSON.stringify({ auths: { [registry]: { auth } } }));
  return file;
}
