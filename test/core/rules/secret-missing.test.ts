import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECK_RULES } from '../../../core/check/run-check';
import { parseDocuments, type SourceDocument } from '../../../core/loaders/documents';
import { type Config, DEFAULT_CONFIG } from '../../../core/model/config';
import type { RuleOutcome } from '../../../core/model/finding';
import { ruleInfo } from '../../../core/rules/catalog';
import { secretMissing } from '../../../core/rules/secret-missing';
import { secretProvidersFromCloudFormation, secretProvidersFromKubernetes } from '../../../core/secrets';
import {
  documentFormat,
  workloadsFromCloudFormation,
  workloadsFromKubernetes,
} from '../../../core/workloads';

const CANARY = 'sk-canary-3f9a1e7c2b';
const FILE = '/manifests/llm.yaml';

type Files = Record<string, string[]>;

/** Reads manifests and templates as `preflight check` does, then runs the rule alone. */
function check(files: Files | string[], config: Partial<Config> = {}): RuleOutcome {
  const docs: SourceDocument[] = Object.entries(Array.isArray(files) ? { [FILE]: files } : files).flatMap(
    ([file, lines]) => parseDocuments(lines.join('\n'), file),
  );
  const cfn = (doc: SourceDocument) => documentFormat(doc.value) === 'cloudformation';
  return secretMissing.check({
    workloads: docs.flatMap((doc) =>
      cfn(doc) ? workloadsFromCloudFormation(doc) : workloadsFromKubernetes(doc),
    ),
    cards: [],
    bindings: [],
    secretProviders: docs.flatMap((doc) =>
      cfn(doc) ? secretProvidersFromCloudFormation(doc) : secretProvidersFromKubernetes(doc),
    ),
    config: { ...DEFAULT_CONFIG, ...config },
  });
}

/** Findings in brief: severity, target, message. */
function brief(outcome: RuleOutcome): [string, string, string][] {
  return outcome.findings.map((f) => [f.severity, f.target, f.message]);
}

/** Passed checks in brief: target, subject, value, source. */
function passes(outcome: RuleOutcome): string[] {
  return outcome.passed.map((p) => `${p.target} | ${p.subject} | ${p.value} | ${p.source}`);
}

/** A pod in namespace `namespace` (none when undefined) whose container reads `secret`/`key` into env TOKEN. */
function podReading(
  name: string,
  namespace: string | undefined,
  secret: string,
  key = 'token',
  extra: string[] = [],
) {
  return [
    'apiVersion: v1',
    'kind: Pod',
    `metadata: { name: ${name}${namespace ? `, namespace: ${namespace}` : ''} }`,
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: ghcr.io/acme/app:1',
    `      env: [{ name: TOKEN, valueFrom: { secretKeyRef: { name: ${secret}, key: ${key} } } }]`,
    ...extra,
  ];
}

const secretDoc = (name: string, namespace: string | undefined, keys: string[]) => [
  '---',
  'apiVersion: v1',
  'kind: Secret',
  `metadata: { name: ${name}${namespace ? `, namespace: ${namespace}` : ''} }`,
  `stringData: { ${keys.map((key) => `${key}: ${CANARY}`).join(', ')} }`,
];

describe('secret-missing rule', () => {
  it('matches its catalog entry and runs in preflight check between model-card-skew and env-var-typo', () => {
    const info = ruleInfo('secret-missing');
    assert.deepEqual(
      [secretMissing.id, secretMissing.description, secretMissing.defaultSeverity],
      [info.id, info.description, info.defaultSeverity],
    );
    const ids = CHECK_RULES.map((rule) => rule.id);
    assert.ok(ids.indexOf('model-card-skew') < ids.indexOf('secret-missing'));
    assert.ok(ids.indexOf('secret-missing') < ids.indexOf('env-var-typo'));
  });

  it('reports a missing Secret with target, position, reference, fix, and no value', () => {
    const outcome = check(podReading('vllm', 'llm', 'hf-token'));
    assert.deepEqual(outcome.findings, [
      {
        rule: 'secret-missing',
        severity: 'error',
        message:
          'env TOKEN ← secret hf-token key token (env[].valueFrom.secretKeyRef) is not provided: no Secret ' +
          '"hf-token" in namespace llm, and it is not listed in secrets.external',
        target: 'Pod/llm/vllm container app',
        location: { file: FILE, line: 8, column: 55 },
        declared: 'hf-token key token',
        effective: 'not provided',
        fix:
          'create Secret "hf-token" in namespace llm (a Secret, SealedSecret or ExternalSecret), or list ' +
          'hf-token under secrets.external in preflight.yaml if it is created outside these inputs',
      },
    ]);
    assert.deepEqual(outcome.passed, []);
  });
});

describe('secret-missing: every place a pod references a secret', () => {
  const outcome = check([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: vllm, namespace: llm }',
    'spec:',
    '  template:',
    '    spec:',
    '      imagePullSecrets: [{ name: registry-creds }]',
    '      initContainers:',
    '        - name: fetch',
    '          image: amazon/aws-cli:2',
    '          env:',
    '            - { name: AWS_SECRET_ACCESS_KEY, valueFrom: { secretKeyRef: { name: s3-creds, key: secret-key } } }',
    '            - { name: AWS_ACCESS_KEY_ID, valueFrom: { secretKeyRef: { name: s3-creds, key: access-key } } }',
    '      containers:',
    '        - name: server',
    '          image: vllm/vllm-openai:v0.6.3',
    '          envFrom: [{ secretRef: { name: api-keys } }, { secretRef: { name: extra-env, optional: true } }]',
    '      ephemeralContainers:',
    '        - name: debug',
    '          image: busybox:1',
    '          env: [{ name: DEBUG_TOKEN, valueFrom: { secretKeyRef: { name: debug-token, key: token } } }]',
    '      volumes:',
    '        - name: tls',
    '          secret: { secretName: tls-cert, items: [{ key: tls.crt, path: c }, { key: tls.key, path: k }] }',
    '        - name: keys',
    '          secret: { secretName: api-keys }',
    '        - name: projected',
    '          projected: { sources: [{ secret: { name: api-keys, items: [{ key: anthropic, path: a }] } }] }',
    '        - name: csi',
    '          csi:',
    '            driver: secrets-store.csi.k8s.io',
    '            volumeAttributes: { secretProviderClass: aws-llm }',
    '            nodePublishSecretRef: { name: csi-creds }',
    '        - name: azure',
    '          azureFile: { secretName: azure-storage, shareName: models }',
    ...secretDoc('s3-creds', 'llm', ['secret-key']),
    ...secretDoc('api-keys', 'llm', ['openai']),
  ]);

  it('checks env secretKeyRef keys, envFrom, volumes with items, projections, CSI and legacy plugins, and imagePullSecrets', () => {
    const D = 'Deployment/llm/vllm';
    const none = (name: string) =>
      `no Secret "${name}" in namespace llm, and it is not listed in secrets.external`;
    assert.deepEqual(brief(outcome), [
      [
        'error',
        `${D} container fetch`,
        'env AWS_ACCESS_KEY_ID ← secret s3-creds key access-key (env[].valueFrom.secretKeyRef) is not provided: ' +
          'Secret "s3-creds" in namespace llm has no key "access-key"',
      ],
      [
        'note',
        `${D} container server`,
        `secret extra-env (envFrom[].secretRef) is not provided: ${none('extra-env')}; the reference is optional, ` +
          'so the pod starts without it',
      ],
      [
        'error',
        `${D} container debug`,
        `env DEBUG_TOKEN ← secret debug-token key token (env[].valueFrom.secretKeyRef) is not provided: ${none('debug-token')}`,
      ],
      ['error', D, `secret registry-creds (imagePullSecrets[]) is not provided: ${none('registry-creds')}`],
      ['error', D, `secret tls-cert key tls.crt (volumes[].secret) is not provided: ${none('tls-cert')}`],
      ['error', D, `secret tls-cert key tls.key (volumes[].secret) is not provided: ${none('tls-cert')}`],
      [
        'error',
        D,
        'secret api-keys key anthropic (volumes[].projected.sources[].secret) is not provided: ' +
          'Secret "api-keys" in namespace llm has no key "anthropic"',
      ],
      [
        'error',
        D,
        `secret csi-creds (volumes[].csi.nodePublishSecretRef) is not provided: ${none('csi-creds')}`,
      ],
      [
        'error',
        D,
        `secret azure-storage (volumes[].azureFile.secretName) is not provided: ${none('azure-storage')}`,
      ],
    ]);
  });

  it('names the keys a Secret has when one is missing', () => {
    const finding = outcome.findings[0]!;
    assert.deepEqual(
      [finding.declared, finding.effective, finding.source, finding.fix],
      [
        's3-creds key access-key',
        'keys secret-key',
        'Secret',
        'add key "access-key" to the Secret that provides s3-creds, or reference a key it has',
      ],
    );
    assert.equal(finding.location?.line, 13);
  });

  it('lists each satisfied reference as passed, with the provider kind and where it is read', () => {
    assert.deepEqual(passes(outcome), [
      'Deployment/llm/vllm container fetch | secret s3-creds key secret-key | Secret | env AWS_SECRET_ACCESS_KEY',
      'Deployment/llm/vllm container server | secret api-keys | Secret | envFrom[].secretRef',
      'Deployment/llm/vllm | secret api-keys | Secret | volumes[].secret',
    ]);
  });

  it('never puts a value into findings or passed checks', () => {
    assert.ok(!JSON.stringify(outcome).includes(CANARY));
  });
});

describe('secret-missing: namespaces', () => {
  it('a workload and a Secret without namespace, or with default, are both in default', () => {
    for (const [workloadNs, secretNs] of [
      [undefined, undefined],
      [undefined, 'default'],
      ['default', undefined],
    ] as const) {
      const outcome = check([
        ...podReading('p', workloadNs, 'hf-token'),
        ...secretDoc('hf-token', secretNs, ['token']),
      ]);
      assert.deepEqual(outcome.findings, [], `${workloadNs} / ${secretNs}`);
      assert.equal(outcome.passed.length, 1);
    }
  });

  it('a Secret of another namespace does not count, and the message says where one is', () => {
    const outcome = check([
      ...podReading('p', 'llm', 'hf-token'),
      ...secretDoc('hf-token', undefined, ['token']),
    ]);
    assert.match(
      outcome.findings[0]!.message,
      /no Secret "hf-token" in namespace llm \(namespace default has one; a pod reads Secrets of its own namespace only\), and it is not listed/,
    );
  });
});

describe('secret-missing: External Secrets Operator', () => {
  const externalSecret = (lines: string[]) => [
    '---',
    'apiVersion: external-secrets.io/v1',
    'kind: ExternalSecret',
    ...lines,
  ];

  it('an ExternalSecret provides its target, named after itself by default, with its keys', () => {
    const eso = externalSecret([
      'metadata: { name: hf-token, namespace: llm }',
      'spec:',
      '  target:',
      `    template: { data: { config.json: '{"t": "${CANARY}"}' } }`,
      '  data: [{ secretKey: token, remoteRef: { key: ml/hf } }]',
    ]);
    const ok = check([...podReading('p', 'llm', 'hf-token'), ...eso]);
    assert.deepEqual(ok.findings, []);
    assert.deepEqual(passes(ok), [
      'Pod/llm/p container app | secret hf-token key token | ExternalSecret | env TOKEN',
    ]);
    const wrongKey = check([...podReading('p', 'llm', 'hf-token', 'hf_token'), ...eso]);
    assert.match(
      wrongKey.findings[0]!.message,
      /Secret "hf-token" in namespace llm \(from ExternalSecret\) has no key "hf_token"$/,
    );
    assert.equal(wrongKey.findings[0]!.effective, 'keys token, config.json');
    assert.ok(!JSON.stringify([ok, wrongKey]).includes(CANARY), 'template data values never appear');
  });

  it('dataFrom makes keys unknown: any key passes', () => {
    const outcome = check([
      ...podReading('p', 'llm', 'all', 'whatever'),
      ...externalSecret([
        'metadata: { name: all, namespace: llm }',
        'spec: { dataFrom: [{ extract: { key: ml/all } }] }',
      ]),
    ]);
    assert.deepEqual(outcome.findings, []);
  });

  for (const policy of ['Merge', 'None']) {
    it(`creationPolicy ${policy} alone does not create the Secret`, () => {
      const outcome = check([
        ...podReading('p', 'llm', 'hf-token'),
        ...externalSecret([
          'metadata: { name: hf-sync, namespace: llm }',
          `spec: { target: { name: hf-token, creationPolicy: ${policy} }, data: [{ secretKey: token, remoteRef: { key: k } }] }`,
        ]),
      ]);
      assert.deepEqual(brief(outcome), [
        [
          'error',
          'Pod/llm/p container app',
          'env TOKEN ← secret hf-token key token (env[].valueFrom.secretKeyRef) is not provided: no Secret ' +
            '"hf-token" in namespace llm (an ExternalSecret with creationPolicy Merge or None targets it but ' +
            'does not create it), and it is not listed in secrets.external',
        ],
      ]);
      assert.match(outcome.findings[0]!.fix!, /set the ExternalSecret's creationPolicy to Owner/);
    });
  }

  it('creationPolicy Merge into a base Secret adds its keys to the base', () => {
    const merge = externalSecret([
      'metadata: { name: hf-sync, namespace: llm }',
      'spec: { target: { name: hf-token, creationPolicy: Merge }, data: [{ secretKey: token, remoteRef: { key: k } }] }',
    ]);
    const outcome = check([
      ...podReading('p', 'llm', 'hf-token'),
      ...secretDoc('hf-token', 'llm', ['other']),
      ...merge,
    ]);
    assert.deepEqual(outcome.findings, []);
    assert.deepEqual(passes(outcome), [
      'Pod/llm/p container app | secret hf-token key token | Secret | env TOKEN',
    ]);
    const external = check([...podReading('p', 'llm', 'hf-token', 'any'), ...merge], {
      secrets: { external: ['hf-token'] },
    });
    assert.deepEqual(external.findings, [], 'an external base: keys unknown');
  });

  it('a ClusterExternalSecret provides in its listed namespaces, or in any for a label selector', () => {
    const listed = [
      '---',
      'apiVersion: external-secrets.io/v1',
      'kind: ClusterExternalSecret',
      'metadata: { name: registry-creds }',
      'spec: { namespaces: [llm], externalSecretSpec: { data: [{ secretKey: token, remoteRef: { key: k } }] } }',
    ];
    assert.deepEqual(check([...podReading('p', 'llm', 'registry-creds'), ...listed]).findings, []);
    assert.equal(check([...podReading('p', 'batch', 'registry-creds'), ...listed]).findings.length, 1);
    const selected = [
      '---',
      'apiVersion: external-secrets.io/v1',
      'kind: ClusterExternalSecret',
      'metadata: { name: shared }',
      'spec: { namespaceSelectors: [{ matchLabels: { team: ml } }], externalSecretSpec: { dataFrom: [{ extract: { key: k } }] } }',
    ];
    const outcome = check([...podReading('p', 'batch', 'shared'), ...selected]);
    assert.deepEqual(outcome.findings, []);
    assert.equal(outcome.passed[0]!.value, 'ClusterExternalSecret');
  });
});

describe('secret-missing: SealedSecret', () => {
  const sealed = [
    '---',
    'apiVersion: bitnami.com/v1alpha1',
    'kind: SealedSecret',
    'metadata: { name: hf-token, namespace: llm }',
    `spec: { encryptedData: { token: AgB${CANARY} } }`,
  ];

  it('provides a Secret of the same name and namespace with its encrypted keys', () => {
    const outcome = check([...podReading('p', 'llm', 'hf-token'), ...sealed]);
    assert.deepEqual(outcome.findings, []);
    assert.equal(outcome.passed[0]!.value, 'SealedSecret');
    assert.match(
      check([...podReading('p', 'llm', 'hf-token', 'nope'), ...sealed]).findings[0]!.message,
      /\(from SealedSecret\) has no key "nope"/,
    );
    assert.equal(check([...podReading('p', 'other', 'hf-token'), ...sealed]).findings.length, 1);
  });
});

describe('secret-missing: Secrets Store CSI', () => {
  const spc = [
    '---',
    'apiVersion: secrets-store.csi.x-k8s.io/v1',
    'kind: SecretProviderClass',
    'metadata: { name: aws-llm, namespace: llm }',
    'spec:',
    '  provider: aws',
    '  secretObjects: [{ secretName: hf-token, type: Opaque, data: [{ objectName: hf, key: token }] }]',
  ];
  const mounting = (className: string) => [
    '  volumes:',
    '    - name: secrets',
    `      csi: { driver: secrets-store.csi.k8s.io, readOnly: true, volumeAttributes: { secretProviderClass: ${className} } }`,
  ];

  it('a synced Secret satisfies a pod that mounts the class', () => {
    const outcome = check([...podReading('p', 'llm', 'hf-token', 'token', mounting('aws-llm')), ...spc]);
    assert.deepEqual(outcome.findings, []);
    assert.equal(outcome.passed[0]!.value, 'SecretProviderClass');
  });

  it('and no pod that does not: the Secret exists only while a mounting pod runs', () => {
    for (const extra of [[], mounting('other-class')]) {
      const outcome = check([...podReading('p', 'llm', 'hf-token', 'token', extra), ...spc]);
      assert.deepEqual(brief(outcome), [
        [
          'error',
          'Pod/llm/p container app',
          'env TOKEN ← secret hf-token key token (env[].valueFrom.secretKeyRef) is not provided: no Secret ' +
            '"hf-token" in namespace llm while this pod runs (SecretProviderClass "aws-llm" syncs it only for ' +
            'pods that mount its CSI volume; this pod does not), and it is not listed in secrets.external',
        ],
      ]);
      assert.match(outcome.findings[0]!.fix!, /volumeAttributes\.secretProviderClass: aws-llm\) in this pod/);
    }
  });

  it('a synced key that is not there is reported', () => {
    const outcome = check([...podReading('p', 'llm', 'hf-token', 'other', mounting('aws-llm')), ...spc]);
    assert.match(outcome.findings[0]!.message, /\(from SecretProviderClass\) has no key "other"/);
  });
});

describe('secret-missing: optional references and secrets.external', () => {
  it('an optional reference to a missing Secret or key is a note', () => {
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: p, namespace: llm }',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: a:1',
      '      env:',
      '        - { name: A, valueFrom: { secretKeyRef: { name: gone, key: k, optional: true } } }',
      '        - { name: B, valueFrom: { secretKeyRef: { name: there, key: nope, optional: true } } }',
      '        - { name: C, valueFrom: { secretKeyRef: { name: there, key: nope, optional: false } } }',
      ...secretDoc('there', 'llm', ['k']),
    ];
    assert.deepEqual(
      check(pod).findings.map((f) => [f.severity, f.message.endsWith('so the pod starts without it')]),
      [
        ['note', true],
        ['note', true],
        ['error', false],
      ],
    );
  });

  it('a name in secrets.external satisfies a reference, bare or as namespace/name; its keys are unknown', () => {
    const pod = podReading('p', 'llm', 'hf-token', 'anything');
    for (const external of [['hf-token'], ['llm/hf-token']]) {
      const outcome = check(pod, { secrets: { external } });
      assert.deepEqual(outcome.findings, [], external[0]);
      assert.deepEqual(passes(outcome), [
        'Pod/llm/p container app | secret hf-token key anything | secrets.external | env TOKEN',
      ]);
    }
    assert.equal(check(pod, { secrets: { external: ['batch/hf-token', 'hf'] } }).findings.length, 1);
  });
});

describe('secret-missing: ECS task definitions', () => {
  const TEMPLATE = '/stack/template.yaml';
  const template = (secrets: string[], extra: string[] = []) => [
    'Parameters:',
    '  TokenArn: { Type: String }',
    'Resources:',
    '  HfToken:',
    '    Type: AWS::SecretsManager::Secret',
    `    Properties: { Name: ml/hf-token, SecretString: ${CANARY} }`,
    '  Generated:',
    '    Type: AWS::SecretsManager::Secret',
    `    Properties: { GenerateSecretString: { SecretStringTemplate: '{"u": "${CANARY}"}', GenerateStringKey: p } }`,
    '  WandbKey:',
    '    Type: AWS::SSM::Parameter',
    `    Properties: { Name: /ml/wandb-key, Type: String, Value: ${CANARY} }`,
    '  Task:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Properties:',
    '      ContainerDefinitions:',
    '        - Name: app',
    '          Image: ghcr.io/acme/app:1',
    '          Secrets:',
    ...secrets.map((line) => `            - ${line}`),
    ...extra,
  ];

  it('Ref, Ref with a JSON key, GetAtt, ARN by name, SSM ARN and name: satisfied by the template', () => {
    const outcome = check({
      [TEMPLATE]: template([
        '{ Name: HF_TOKEN, ValueFrom: !Ref HfToken }',
        "{ Name: DB_PASSWORD, ValueFrom: !Join ['', [!Ref Generated, ':password::']] }",
        '{ Name: HF_ID, ValueFrom: !GetAtt HfToken.Id }',
        '{ Name: HF_ARN, ValueFrom: !Sub "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:ml/hf-token" }',
        '{ Name: HF_FULL, ValueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ml/hf-token-AbCdEf:token::" }',
        '{ Name: WANDB_ARN, ValueFrom: !Sub "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/ml/wandb-key" }',
        '{ Name: WANDB_NAME, ValueFrom: /ml/wandb-key }',
        '{ Name: WANDB_REF, ValueFrom: !Ref WandbKey }',
      ]),
    });
    assert.deepEqual(outcome.findings, []);
    const T = 'AWS::ECS::TaskDefinition Task container app';
    const S = 'AWS::SecretsManager::Secret';
    const P = 'AWS::SSM::Parameter';
    assert.deepEqual(passes(outcome), [
      `${T} | secret ml/hf-token | ${S} | env HF_TOKEN`,
      `${T} | secret \${Generated} key password | ${S} | env DB_PASSWORD`,
      `${T} | secret ml/hf-token | ${S} | env HF_ID`,
      `${T} | secret ml/hf-token | ${S} | env HF_ARN`,
      `${T} | secret ml/hf-token-AbCdEf key token | ${S} | env HF_FULL`,
      `${T} | SSM parameter /ml/wandb-key | ${P} | env WANDB_ARN`,
      `${T} | SSM parameter /ml/wandb-key | ${P} | env WANDB_NAME`,
      `${T} | SSM parameter /ml/wandb-key | ${P} | env WANDB_REF`,
    ]);
    assert.ok(!JSON.stringify(outcome).includes(CANARY));
  });

  const outside = template(
    [
      '{ Name: OPENAI_API_KEY, ValueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ml/openai-key-Qw12Er" }',
      '{ Name: DB_PASSWORD, ValueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ml/db:password::" }',
      '{ Name: WANDB, ValueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/team/wandb" }',
      '{ Name: SPLUNK, ValueFrom: team/splunk }',
    ],
    [
      '          LogConfiguration:',
      '            LogDriver: splunk',
      '            SecretOptions: [{ Name: splunk-token, ValueFrom: /ml/splunk-token }]',
      '          RepositoryCredentials: { CredentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf" }',
    ],
  );

  it('reports secrets the stack does not create, by store, for secrets, log options and repository credentials', () => {
    const outcome = check({ [TEMPLATE]: outside });
    const T = 'AWS::ECS::TaskDefinition Task container app';
    const notListed = ', and it is not listed in secrets.external';
    assert.deepEqual(brief(outcome), [
      [
        'error',
        T,
        'env OPENAI_API_KEY ← secret ml/openai-key-Qw12Er (secrets[].valueFrom) is not provided: no Secrets ' +
          `Manager secret "ml/openai-key-Qw12Er" in these inputs${notListed}`,
      ],
      [
        'error',
        T,
        'env DB_PASSWORD ← secret ml/db key password (secrets[].valueFrom) is not provided: no Secrets Manager ' +
          `secret "ml/db" in these inputs${notListed}`,
      ],
      [
        'error',
        T,
        'env WANDB ← SSM parameter /team/wandb (secrets[].valueFrom) is not provided: no SSM parameter ' +
          `"/team/wandb" in these inputs${notListed}`,
      ],
      [
        'error',
        T,
        `env SPLUNK ← SSM parameter team/splunk (secrets[].valueFrom) is not provided: no SSM parameter "team/splunk" in these inputs${notListed}`,
      ],
      [
        'error',
        T,
        'SSM parameter /ml/splunk-token (logConfiguration.secretOptions[].valueFrom) is not provided: no SSM ' +
          `parameter "/ml/splunk-token" in these inputs${notListed}`,
      ],
      [
        'error',
        T,
        'secret dockerhub-AbCdEf (repositoryCredentials.credentialsParameter) is not provided: no Secrets ' +
          `Manager secret "dockerhub-AbCdEf" in these inputs${notListed}`,
      ],
    ]);
    const first = outcome.findings[0]!;
    assert.equal(first.declared, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ml/openai-key-Qw12Er');
    assert.equal(first.location?.line, 20);
    assert.match(
      first.fix!,
      /create it \(AWS::SecretsManager::Secret\) in this stack, or list ml\/openai-key-Qw12Er under secrets\.external/,
    );
  });

  it('matches secrets.external by name with or without the ARN suffix, by ARN, and SSM names with or without a slash', () => {
    const outcome = check(
      { [TEMPLATE]: outside },
      {
        secrets: {
          external: [
            'ml/openai-key',
            'arn:aws:secretsmanager:us-east-1:123456789012:secret:ml/db-Zx98Yw',
            'team/wandb',
            '/team/splunk',
            'arn:aws:ssm:us-east-1:123456789012:parameter/ml/splunk-token',
            'dockerhub',
          ],
        },
      },
    );
    assert.deepEqual(outcome.findings, []);
    assert.ok(outcome.passed.every((p) => p.value === 'secrets.external'));
    assert.equal(outcome.passed.length, 6);
  });

  it('a name that only another store has is not it, and the message says so', () => {
    const outcome = check({
      [TEMPLATE]: template(['{ Name: HF, ValueFrom: ml/hf-token }']),
    });
    assert.match(
      outcome.findings[0]!.message,
      /no SSM parameter "ml\/hf-token" \(a Secrets Manager secret of that name is; ECS reads a bare name as an SSM parameter: use the secret's ARN\)/,
    );
    assert.ok(
      !check(
        { [TEMPLATE]: template(['{ Name: HF, ValueFrom: ml/hf-token }']) },
        { secrets: { external: ['ml/hf-token'] } },
      ).findings.length,
    );
  });

  it('a Ref to a secret of another template does not count', () => {
    const outcome = check({
      '/stack/a.yaml': template([]).slice(0, 12),
      '/stack/b.yaml': [
        'Resources:',
        '  Task:',
        '    Type: AWS::ECS::TaskDefinition',
        '    Properties:',
        '      ContainerDefinitions:',
        '        - { Name: app, Image: a:1, Secrets: [{ Name: HF, ValueFrom: !Ref HfToken }] }',
      ],
    });
    assert.equal(outcome.findings.length, 1);
    assert.equal(outcome.findings[0]!.effective, 'unknown until deploy');
  });

  it('a name only deployment decides cannot be verified: reported at unknown_values, unless listed as written', () => {
    const refs = [
      '{ Name: TOKEN, ValueFrom: !Ref TokenArn }',
      '{ Name: STAGED, ValueFrom: !Sub "arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${TokenArn}-token" }',
    ];
    const outcome = check({ [TEMPLATE]: template(refs) });
    assert.deepEqual(brief(outcome), [
      [
        'error',
        'AWS::ECS::TaskDefinition Task container app',
        'env TOKEN ← secret ${TokenArn} (secrets[].valueFrom) cannot be verified: its name is only known at ' +
          'deploy time (${TokenArn}), and it is not listed in secrets.external',
      ],
      [
        'error',
        'AWS::ECS::TaskDefinition Task container app',
        'env STAGED ← secret ${TokenArn}-token (secrets[].valueFrom) cannot be verified: its name is only known ' +
          'at deploy time (${TokenArn}-token), and it is not listed in secrets.external',
      ],
    ]);
    assert.deepEqual(
      check({ [TEMPLATE]: template(refs) }, { unknown_values: 'warning' }).findings.map((f) => f.severity),
      ['warning', 'warning'],
    );
    assert.equal(
      check({ [TEMPLATE]: template(refs) }, { secrets: { external: ['${TokenArn}'] } }).findings.length,
      1,
    );
  });
});
