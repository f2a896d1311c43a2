import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocuments } from '../../../core/loaders/documents';
import { workloadsFromKubernetes } from '../../../core/workloads/kubernetes';

describe('workloadsFromKubernetes: Secrets Store CSI mounts', () => {
  it('records the SecretProviderClass each Secrets Store CSI volume mounts', () => {
    const file = join(__dirname, '../../fixtures/workloads/k8s/secret-refs.yaml');
    const [pod] = parseDocuments(readFileSync(file, 'utf8'), file).flatMap(workloadsFromKubernetes);
    assert.deepEqual(pod!.csiSecretProviderClasses, ['vault-llm']);
  });

  it('only for the Secrets Store driver, each class once, and no field when there is none', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: d }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{ name: app, image: a:1 }]',
      '      volumes:',
      '        - { name: a, csi: { driver: secrets-store.csi.k8s.io, volumeAttributes: { secretProviderClass: aws-llm } } }',
      '        - { name: b, csi: { driver: secrets-store.csi.k8s.io, volumeAttributes: { secretProviderClass: aws-llm } } }',
      '        - { name: c, csi: { driver: ebs.csi.aws.com, volumeAttributes: { secretProviderClass: not-this } } }',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: p }',
      'spec: { containers: [{ name: app, image: a:1 }] }',
    ].join('\n');
    const [deployment, pod] = parseDocuments(text, '/m.yaml').flatMap(workloadsFromKubernetes);
    assert.deepEqual(deployment!.csiSecretProviderClasses, ['aws-llm']);
    assert.equal(Object.hasOwn(pod!, 'csiSecretProviderClasses'), false);
  });
});
