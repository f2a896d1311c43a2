import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocuments, parseJsonDocument } from '../../../core/loaders/documents';
import { secretProvidersFromCloudFormation } from '../../../core/secrets/cloudformation';

const CANARY = 'sk-canary-0e4d2f9b7c';
const SYNTH = join(__dirname, '../../fixtures/workloads/cfn/cloud-assembly/LlmServiceStack.template.json');

describe('secretProvidersFromCloudFormation', () => {
  it('reads a cdk synth template: the secret by its literal Name, with its logical id and position', () => {
    const providers = secretProvidersFromCloudFormation(
      parseJsonDocument(readFileSync(SYNTH, 'utf8'), SYNTH),
    );
    assert.deepEqual(providers, [
      {
        name: 'ml/hf-token',
        kind: 'AWS::SecretsManager::Secret',
        creates: true,
        logicalId: 'HfToken7E0E5D4C',
        file: SYNTH,
        location: { file: SYNTH, line: 6, column: 13 },
      },
    ]);
  });

  it('names a secret or parameter without a literal Name `${LogicalId}`, the way a Ref to it reads', () => {
    const file = '/stack/template.yaml';
    const [doc] = parseDocuments(
      [
        'Parameters:',
        '  Stage: { Type: String }',
        'Resources:',
        '  Generated:',
        '    Type: AWS::SecretsManager::Secret',
        '    Properties:',
        `      GenerateSecretString: { SecretStringTemplate: '{"user": "${CANARY}"}', GenerateStringKey: password }`,
        '  StageNamed:',
        '    Type: AWS::SecretsManager::Secret',
        '    Properties:',
        '      Name: !Sub "${Stage}/openai"',
        `      SecretString: ${CANARY}`,
        '  WandbKey:',
        '    Type: AWS::SSM::Parameter',
        `    Properties: { Name: /ml/wandb-key, Type: String, Value: ${CANARY} }`,
        '  Unnamed:',
        '    Type: AWS::SSM::Parameter',
        '    Properties: { Type: String, Value: x }',
        '  Bucket:',
        '    Type: AWS::S3::Bucket',
      ].join('\n'),
      file,
    );
    const providers = secretProvidersFromCloudFormation(doc!);
    assert.deepEqual(
      providers.map((p) => [p.kind, p.name, p.logicalId, p.location?.line]),
      [
        ['AWS::SecretsManager::Secret', '${Generated}', 'Generated', 5],
        ['AWS::SecretsManager::Secret', '${StageNamed}', 'StageNamed', 11],
        ['AWS::SSM::Parameter', '/ml/wandb-key', 'WandbKey', 15],
        ['AWS::SSM::Parameter', '${Unnamed}', 'Unnamed', 17],
      ],
    );
    assert.ok(!JSON.stringify(providers).includes(CANARY), 'values and templates are never read');
  });

  it('gives nothing for a template without Resources', () => {
    const [doc] = parseDocuments('AWSTemplateFormatVersion: "2010-09-09"\n', '/t.yaml');
    assert.deepEqual(secretProvidersFromCloudFormation(doc!), []);
  });
});
