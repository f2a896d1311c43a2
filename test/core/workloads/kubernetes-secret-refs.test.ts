import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocuments } from '../../../core/loaders/documents';
import { workloadsFromKubernetes } from '../../../core/workloads/kubernetes';

const FILE = join(__dirname, '../../fixtures/workloads/k8s/secret-refs.yaml');

describe('workloadsFromKubernetes: secret references', () => {
  const [pod] = parseDocuments(readFileSync(FILE, 'utf8'), FILE).flatMap(workloadsFromKubernetes);

  it('finds every place of VisitPodSecretNames, containers of all three lists included', () => {
    assert.deepEqual(
      pod!.secretRefs.map(({ path, ...ref }) => ref),
      [
        {
          name: 's3-creds',
          key: 'secret-key',
          via: 'env[].valueFrom.secretKeyRef',
          container: 'fetch-weights',
        },
        {
          name: 'hf-token',
          key: 'token',
          optional: true,
          via: 'env[].valueFrom.secretKeyRef',
          container: 'server',
        },
        { name: 'api-keys', optional: false, via: 'envFrom[].secretRef', container: 'server' },
        { name: 'debug-creds', via: 'envFrom[].secretRef', container: 'debugger' },
        { name: 'registry-creds', via: 'imagePullSecrets[]' },
        { name: 'tls-cert', optional: true, via: 'volumes[].secret' },
        { name: 'signing-keys', key: 'private.pem', via: 'volumes[].secret' },
        { name: 'signing-keys', key: 'public.pem', via: 'volumes[].secret' },
        { name: 'projected-secret', key: 'config.json', via: 'volumes[].projected.sources[].secret' },
        { name: 'projected-whole', via: 'volumes[].projected.sources[].secret' },
        { name: 'csi-creds', via: 'volumes[].csi.nodePublishSecretRef' },
        { name: 'azure-storage', via: 'volumes[].azureFile.secretName' },
        { name: 'ceph-secret', via: 'volumes[].cephfs.secretRef' },
        { name: 'cinder-secret', via: 'volumes[].cinder.secretRef' },
        { name: 'flex-secret', via: 'volumes[].flexVolume.secretRef' },
        { name: 'iscsi-secret', via: 'volumes[].iscsi.secretRef' },
        { name: 'rbd-secret', via: 'volumes[].rbd.secretRef' },
        { name: 'scaleio-secret', via: 'volumes[].scaleIO.secretRef' },
        { name: 'storageos-secret', via: 'volumes[].storageOS.secretRef' },
      ],
    );
  });

  it('gives each reference a path that locates its source line', () => {
    const lineOf = (name: string, key?: string) => {
      const ref = pod!.secretRefs.find((r) => r.name === name && r.key === key)!;
      return pod!.origin.locate!(ref.path!)?.line;
    };
    const lines = readFileSync(FILE, 'utf8').split('\n');
    const lineWith = (text: string) => lines.findIndex((line) => line.includes(text)) + 1;
    assert.equal(lineOf('hf-token', 'token'), lineWith('name: hf-token'));
    assert.equal(lineOf('registry-creds'), lineWith('name: registry-creds'));
    assert.equal(lineOf('signing-keys', 'public.pem'), lineWith('key: public.pem'));
    assert.equal(lineOf('csi-creds'), lineWith('name: csi-creds'));
    assert.equal(lineOf('azure-storage'), lineWith('secretName: azure-storage'));
    assert.equal(lineOf('storageos-secret'), lineWith('name: storageos-secret'));
  });

  it('counts envFrom sources whatever they import', () => {
    assert.deepEqual(
      pod!.containers.map((c) => [c.kind, c.name, c.envFromSources]),
      [
        ['init', 'fetch-weights', 0],
        ['app', 'server', 2],
        ['ephemeral', 'debugger', 1],
      ],
    );
  });
});
