import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocuments } from '../../../core/loaders/documents';
import type { SecretProvider } from '../../../core/model/secret-provider';
import { secretProvidersFromKubernetes } from '../../../core/secrets/kubernetes';
import { expectInputError } from '../../harness/input-error';

const CANARY = 'sk-canary-5b7e0c1d9a';
const FILE = '/manifests/secrets.yaml';

function providersOf(lines: string[]): SecretProvider[] {
  return parseDocuments(lines.join('\n'), FILE).flatMap(secretProvidersFromKubernetes);
}

/** The providers without their positions, for comparing shapes. */
function shapes(providers: SecretProvider[]): Omit<SecretProvider, 'location'>[] {
  return providers.map(({ location, ...provider }) => provider);
}

describe('secretProvidersFromKubernetes: v1 Secret', () => {
  const providers = providersOf([
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: openai',
    '  namespace: llm',
    'type: Opaque',
    'data:',
    `  api-key: ${Buffer.from(CANARY).toString('base64')}`,
    'stringData:',
    `  org-id: ${CANARY}`,
    `  api-key: ${CANARY}`,
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata: { name: registry-creds }',
    'type: kubernetes.io/dockerconfigjson',
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata: { generateName: token- }',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: openai, namespace: llm }',
    'data: { api-key: not-a-secret }',
  ]);

  it('gives name, namespace and the keys of data and stringData, each once', () => {
    assert.deepEqual(shapes(providers), [
      { name: 'openai', namespace: 'llm', keys: ['api-key', 'org-id'], kind: 'Secret', creates: true },
      { name: 'registry-creds', keys: [], kind: 'Secret', creates: true },
    ]);
  });

  it('places each at its name', () => {
    assert.deepEqual(providers[0]!.location, { file: FILE, line: 4, column: 9 });
    assert.deepEqual(providers[1]!.location, { file: FILE, line: 15, column: 19 });
  });

  it('never holds a value, plain or encoded', () => {
    const json = JSON.stringify(providers);
    assert.ok(!json.includes(CANARY));
    assert.ok(!json.includes(Buffer.from(CANARY).toString('base64')));
  });

  it('reports a data field of the wrong shape at its position', () => {
    const error = expectInputError(() =>
      providersOf(['apiVersion: v1', 'kind: Secret', 'metadata: { name: s }', 'data: [a, b]']),
    );
    assert.match(error.describe(), /secrets\.yaml:4:7: data: expected a map$/);
  });
});

describe('secretProvidersFromKubernetes: External Secrets Operator', () => {
  it('defaults the target name to the ExternalSecret name; keys from data and template data', () => {
    const providers = providersOf([
      'apiVersion: external-secrets.io/v1beta1',
      'kind: ExternalSecret',
      'metadata: { name: hf-token, namespace: llm }',
      'spec:',
      '  secretStoreRef: { kind: ClusterSecretStore, name: vault }',
      '  target:',
      '    template:',
      '      data:',
      `        config.json: '{"token": "{{ .token }}", "canary": "${CANARY}"}'`,
      '  data:',
      '    - secretKey: token',
      '      remoteRef: { key: ml/huggingface, property: token }',
      '---',
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata: { name: openai-sync, namespace: llm }',
      'spec:',
      '  target: { name: openai, creationPolicy: Orphan }',
      '  data:',
      '    - { secretKey: api-key, remoteRef: { key: ml/openai } }',
    ]);
    assert.deepEqual(shapes(providers), [
      {
        name: 'hf-token',
        namespace: 'llm',
        keys: ['token', 'config.json'],
        kind: 'ExternalSecret',
        creates: true,
      },
      { name: 'openai', namespace: 'llm', keys: ['api-key'], kind: 'ExternalSecret', creates: true },
    ]);
    assert.equal(providers[1]!.location?.line, 18, 'placed at spec.target.name');
    assert.ok(!JSON.stringify(providers).includes(CANARY), 'template data values are never read');
  });

  it('creationPolicy Merge and None do not create; None writes no key', () => {
    const providers = providersOf([
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata: { name: merge, namespace: llm }',
      'spec:',
      '  target: { name: base, creationPolicy: Merge }',
      '  data: [{ secretKey: extra, remoteRef: { key: k } }]',
      '---',
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata: { name: none, namespace: llm }',
      'spec:',
      '  target: { creationPolicy: None }',
      '  data: [{ secretKey: extra, remoteRef: { key: k } }]',
    ]);
    assert.deepEqual(
      providers.map((p) => [p.name, p.creates, p.keys]),
      [
        ['base', false, ['extra']],
        ['none', false, []],
      ],
    );
  });

  it('dataFrom and templateFrom make the keys unknown', () => {
    const providers = providersOf([
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata: { name: all-of-it }',
      'spec:',
      '  dataFrom: [{ extract: { key: ml/everything } }]',
      '  data: [{ secretKey: extra, remoteRef: { key: k } }]',
      '---',
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata: { name: templated }',
      'spec:',
      '  target:',
      '    template:',
      '      templateFrom: [{ configMap: { name: tpl, items: [{ key: conf }] } }]',
    ]);
    assert.deepEqual(shapes(providers), [
      { name: 'all-of-it', kind: 'ExternalSecret', creates: true },
      { name: 'templated', kind: 'ExternalSecret', creates: true },
    ]);
  });

  it('ClusterExternalSecret: listed namespaces, or any namespace for a label selector', () => {
    const providers = providersOf([
      'apiVersion: external-secrets.io/v1beta1',
      'kind: ClusterExternalSecret',
      'metadata: { name: registry }',
      'spec:',
      '  externalSecretName: registry-sync',
      '  namespaces: [llm, batch]',
      '  externalSecretSpec:',
      '    target: { name: registry-creds }',
      '    data: [{ secretKey: .dockerconfigjson, remoteRef: { key: ci/registry } }]',
      '---',
      'apiVersion: external-secrets.io/v1',
      'kind: ClusterExternalSecret',
      'metadata: { name: shared-token }',
      'spec:',
      '  namespaceSelectors: [{ matchLabels: { team: ml } }]',
      '  externalSecretSpec:',
      '    dataFrom: [{ extract: { key: shared } }]',
    ]);
    assert.deepEqual(shapes(providers), [
      {
        name: 'registry-creds',
        namespace: 'llm',
        keys: ['.dockerconfigjson'],
        creates: true,
        kind: 'ClusterExternalSecret',
      },
      {
        name: 'registry-creds',
        namespace: 'batch',
        keys: ['.dockerconfigjson'],
        creates: true,
        kind: 'ClusterExternalSecret',
      },
      { name: 'shared-token', creates: true, kind: 'ClusterExternalSecret', anyNamespace: true },
    ]);
  });

  it('reads no other group: a CRD that happens to be called ExternalSecret', () => {
    assert.deepEqual(
      providersOf(['apiVersion: example.com/v1', 'kind: ExternalSecret', 'metadata: { name: x }']),
      [],
    );
  });
});

describe('secretProvidersFromKubernetes: SealedSecret', () => {
  it('the same name and namespace whatever the scope, with encryptedData and template data keys', () => {
    const providers = providersOf([
      'apiVersion: bitnami.com/v1alpha1',
      'kind: SealedSecret',
      'metadata:',
      '  name: hf-token',
      '  namespace: llm',
      '  annotations: { sealedsecrets.bitnami.com/namespace-wide: "true" }',
      'spec:',
      `  encryptedData: { token: AgB${CANARY} }`,
      '  template:',
      '    type: Opaque',
      `    data: { note: ${CANARY} }`,
      '---',
      'apiVersion: bitnami.com/v1alpha1',
      'kind: SealedSecret',
      'metadata: { name: legacy }',
      `spec: { data: AgB${CANARY} }`,
    ]);
    assert.deepEqual(shapes(providers), [
      { name: 'hf-token', namespace: 'llm', keys: ['token', 'note'], kind: 'SealedSecret', creates: true },
      { name: 'legacy', kind: 'SealedSecret', creates: true },
    ]);
    assert.ok(!JSON.stringify(providers).includes(CANARY));
  });
});

describe('secretProvidersFromKubernetes: Secrets Store CSI SecretProviderClass', () => {
  it('gives each synced secretObject, with its keys and the class that syncs it', () => {
    const providers = providersOf([
      'apiVersion: secrets-store.csi.x-k8s.io/v1',
      'kind: SecretProviderClass',
      'metadata: { name: aws-llm, namespace: llm }',
      'spec:',
      '  provider: aws',
      '  parameters:',
      '    objects: |',
      '      - objectName: ml/hf-token',
      '  secretObjects:',
      '    - secretName: hf-token',
      '      type: Opaque',
      '      data:',
      '        - { objectName: ml/hf-token, key: token }',
      '    - secretName: tls',
      '      type: kubernetes.io/tls',
      '      data: [{ objectName: crt, key: tls.crt }, { objectName: key, key: tls.key }]',
      '---',
      'apiVersion: secrets-store.csi.x-k8s.io/v1',
      'kind: SecretProviderClass',
      'metadata: { name: mount-only, namespace: llm }',
      'spec: { provider: vault }',
    ]);
    assert.deepEqual(shapes(providers), [
      {
        name: 'hf-token',
        namespace: 'llm',
        keys: ['token'],
        kind: 'SecretProviderClass',
        creates: true,
        secretProviderClass: 'aws-llm',
      },
      {
        name: 'tls',
        namespace: 'llm',
        keys: ['tls.crt', 'tls.key'],
        kind: 'SecretProviderClass',
        creates: true,
        secretProviderClass: 'aws-llm',
      },
    ]);
    assert.equal(providers[1]!.location?.line, 14);
  });
});

describe('secretProvidersFromKubernetes: lists', () => {
  it('reads a List and a typed SecretList, positions included', () => {
    const providers = providersOf([
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Secret',
      '    metadata: { name: a, namespace: llm }',
      '    stringData: { k: v }',
      '  - apiVersion: bitnami.com/v1alpha1',
      '    kind: SealedSecret',
      '    metadata: { name: b, namespace: llm }',
      '    spec: { encryptedData: { k: AgB } }',
      '---',
      'apiVersion: v1',
      'kind: SecretList',
      'items:',
      '  - metadata: { name: c }',
      '    data: { k: dg== }',
    ]);
    assert.deepEqual(
      providers.map((p) => [p.kind, p.name, p.location?.line]),
      [
        ['Secret', 'a', 6],
        ['SealedSecret', 'b', 10],
        ['Secret', 'c', 16],
      ],
    );
  });
});
