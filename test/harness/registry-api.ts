import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** An image config as the OCI image spec writes it (the parts tests set). */
export function imageConfigJson(env: Record<string, string>, labels: Record<string, string> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Env: Object.entries(env).map(([name, value]) => `${name}=${value}`), Labels: labels },
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(EMPTY_TAR)}`] },
    }),
  );
}

const EMPTY_TAR = Buffer.alloc(1024);
const LAYER = gzipSync(EMPTY_TAR);

export function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Pushes an image straight through the distribution HTTP API (blob uploads, then the manifest):
 * faster than a buildah build when a benchmark needs hundreds of images. Returns the manifest digest.
 */
export async function pushImageOverApi(
  host: string,
  repository: string,
  tag: string,
  config: Buffer,
  login?: { username: string; password: string },
): Promise<string> {
  const base = `http://${host}/v2/${repository}`;
  const auth: Record<string, string> = login
    ? { authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` }
    : {};
  await uploadBlob(base, config, auth);
  await uploadBlob(base, LAYER, auth);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: `sha256:${sha256(config)}`,
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: `sha256:${sha256(LAYER)}`,
          size: LAYER.length,
        },
      ],
    }),
  );
  const response = await fetch(`${base}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  if (response.status !== 201)
    throw new Error(`manifest PUT ${repository}:${tag}: ${response.status} ${await response.text()}`);
  return `sha256:${sha256(manifest)}`;
}

async function uploadBlob(base: string, body: Buffer, auth: Record<string, string>): Promise<void> {
  const digest = `sha256:${sha256(body)}`;
  const head = await fetch(`${base}/blobs/${digest}`, { method: 'HEAD', headers: auth });
  if (head.status === 200) return;
  const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST', headers: auth });
  if (start.status !== 202) throw new Error(`blob upload start: ${start.status}`);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    body,
  });
  if (put.status !== 201) throw new Error(`blob upload: ${put.status} ${await put.text()}`);
}
