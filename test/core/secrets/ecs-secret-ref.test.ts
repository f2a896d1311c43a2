import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsSecretNamesMatch, parseEcsSecretRef } from '../../../core/secrets/ecs-secret-ref';

const SECRETS = 'secrets[].valueFrom';

describe('parseEcsSecretRef', () => {
  const cases: [string, string, ReturnType<typeof parseEcsSecretRef>][] = [
    [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:ml/hf-token-AbCdEf',
      SECRETS,
      { store: 'secretsmanager', name: 'ml/hf-token-AbCdEf', deployTime: false },
    ],
    [
      'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:ml/db-AbCdEf:password::',
      SECRETS,
      { store: 'secretsmanager', name: 'ml/db-AbCdEf', key: 'password', deployTime: false },
    ],
    [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:ml/db:password:AWSPREVIOUS:',
      SECRETS,
      { store: 'secretsmanager', name: 'ml/db', key: 'password', deployTime: false },
    ],
    [
      'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:ml/hf-token',
      SECRETS,
      { store: 'secretsmanager', name: 'ml/hf-token', deployTime: false },
    ],
    [
      'arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${Stage}-token',
      SECRETS,
      { store: 'secretsmanager', name: '${Stage}-token', deployTime: true },
    ],
    [
      'arn:aws:ssm:us-east-1:123456789012:parameter/ml/wandb-key',
      SECRETS,
      { store: 'ssm', name: '/ml/wandb-key', deployTime: false },
    ],
    [
      'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/flat',
      SECRETS,
      { store: 'ssm', name: '/flat', deployTime: false },
    ],
    [
      'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${WandbKey}',
      SECRETS,
      { store: 'ssm', name: '${WandbKey}', deployTime: true },
    ],
    [
      '/ml/splunk-token',
      'logConfiguration.secretOptions[].valueFrom',
      { store: 'ssm', name: '/ml/splunk-token', deployTime: false },
    ],
    ['wandb-key', SECRETS, { store: 'ssm', name: 'wandb-key', deployTime: false }],
    [
      'dockerhub-creds',
      'repositoryCredentials.credentialsParameter',
      { store: 'secretsmanager', name: 'dockerhub-creds', deployTime: false },
    ],
    ['${HfToken7E0E5D4C}', SECRETS, { name: '${HfToken7E0E5D4C}', deployTime: true }],
    ['${Db}:password::', SECRETS, { name: '${Db}', key: 'password', deployTime: true }],
    [
      'arn:aws:kms:us-east-1:123456789012:key/abc',
      SECRETS,
      { name: 'arn:aws:kms:us-east-1:123456789012:key/abc', deployTime: false },
    ],
  ];
  for (const [valueFrom, via, expected] of cases) {
    it(`${valueFrom} (${via})`, () => assert.deepEqual(parseEcsSecretRef(valueFrom, via), expected));
  }
});

describe('awsSecretNamesMatch', () => {
  it('Secrets Manager: equal, or equal but for the six-character ARN suffix, either way round', () => {
    assert.ok(awsSecretNamesMatch('secretsmanager', 'ml/hf-token', 'ml/hf-token'));
    assert.ok(awsSecretNamesMatch('secretsmanager', 'ml/hf-token', 'ml/hf-token-AbCdEf'));
    assert.ok(awsSecretNamesMatch('secretsmanager', 'ml/hf-token-AbCdEf', 'ml/hf-token'));
    assert.ok(
      !awsSecretNamesMatch('secretsmanager', 'ml/hf', 'ml/hf-token'),
      'five characters are no suffix',
    );
    assert.ok(!awsSecretNamesMatch('secretsmanager', 'ml/openai', 'ml/openai-apikey-x'));
    assert.ok(!awsSecretNamesMatch('secretsmanager', '/ml/key', 'ml/key'));
  });

  it('SSM: equal but for a leading slash; no suffix', () => {
    assert.ok(awsSecretNamesMatch('ssm', '/ml/wandb-key', 'ml/wandb-key'));
    assert.ok(!awsSecretNamesMatch('ssm', 'ml/key', 'ml/key-AbCdEf'));
  });

  it('no store: either way', () => {
    assert.ok(awsSecretNamesMatch(undefined, '/ml/key', 'ml/key'));
    assert.ok(awsSecretNamesMatch(undefined, 'ml/key', 'ml/key-AbCdEf'));
  });
});
