// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation writes deploy-time values as ${...} in plain strings
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ECR_HOST_STAND_IN, ecsImage } from '../../../core/workloads/ecs-image';
import { literalText, subText, templateString } from '../../../core/workloads/template-string';

const TEMPLATE = {
  Parameters: { Tag: { Type: 'String' } },
  Resources: {
    Named: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'llm-server' } },
    Unnamed: { Type: 'AWS::ECR::Repository' },
  },
};

const read = (value: unknown) => templateString(value, TEMPLATE);

describe('templateString', () => {
  it('keeps literals and joins them', () => {
    assert.equal(literalText(read('plain')), 'plain');
    assert.equal(literalText(read(8000)), '8000');
    assert.equal(literalText(read({ 'Fn::Join': ['-', ['a', 'b', 3]] })), 'a-b-3');
    assert.equal(literalText(read({ 'Fn::Sub': 'no variables' })), 'no variables');
    assert.equal(literalText(read({ 'Fn::Sub': ['${Repo}:1', { Repo: 'llm' }] })), 'llm:1');
    assert.equal(literalText(read({ 'Fn::Sub': 'literal ${!Dollar}' })), 'literal ${Dollar}');
    assert.equal(
      literalText(read({ Ref: 'Named' })),
      'llm-server',
      'Ref to a named ECR repository is its name',
    );
  });

  it('marks what deployment decides, with a reason and the Fn::Sub spelling', () => {
    const value = read({
      'Fn::Join': [
        '',
        [{ Ref: 'AWS::Region' }, '/', { Ref: 'Tag' }, { 'Fn::GetAtt': ['Repo', 'Arn'] }, { Ref: 'Unnamed' }],
      ],
    });
    assert.equal(literalText(value), undefined);
    assert.deepEqual(value, [
      { reason: 'AWS::Region', sub: '${AWS::Region}', pseudo: 'AWS::Region' },
      '/',
      { reason: 'Ref to a parameter', sub: '${Tag}' },
      { reason: 'Fn::GetAtt', sub: '${Repo.Arn}' },
      { reason: 'Ref to a resource', sub: '${Unnamed}' },
    ]);
    assert.equal(
      subText(read({ 'Fn::Sub': '${Repo.Arn}:${AWS::StackName}' })),
      '${Repo.Arn}:${AWS::StackName}',
    );
    assert.deepEqual(read({ 'Fn::ImportValue': 'x' }), [
      { reason: 'Fn::ImportValue x', sub: '${ImportValue:x}' },
    ]);
    assert.deepEqual(read({ 'Fn::ImportValue': { 'Fn::Sub': '${AWS::StackName}-x' } }), [
      { reason: 'Fn::ImportValue', sub: '${Fn::ImportValue}' },
    ]);
    assert.deepEqual(read({ 'Fn::Join': ['', { Ref: 'List' }] }), [
      { reason: 'Fn::Join', sub: '${Fn::Join}' },
    ]);
  });
});

describe('ecsImage', () => {
  const image = (value: unknown) => ecsImage(read(value));

  it('keeps a literal image as written', () => {
    assert.deepEqual(image('vllm/vllm-openai:v0.6.3'), { image: 'vllm/vllm-openai:v0.6.3' });
  });

  it('replaces a deploy-time ECR host and keeps repository and tag', () => {
    assert.deepEqual(
      image({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/ml/llm:2.3.0' }),
      {
        image: `${ECR_HOST_STAND_IN}/ml/llm:2.3.0`,
      },
    );
    assert.deepEqual(
      image({ 'Fn::Sub': '123456789012.dkr.ecr.${AWS::Region}.amazonaws.com/llm@sha256:abc' }),
      {
        image: `${ECR_HOST_STAND_IN}/llm@sha256:abc`,
      },
    );
  });

  it('leaves the image unknown when deployment decides its repository or tag, or a non-ECR host', () => {
    assert.deepEqual(image({ 'Fn::Sub': 'registry.example.com/llm:${Tag}' }), {
      imageUnknown: 'Ref to a parameter',
    });
    assert.deepEqual(
      image({ 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.us-east-1.amazonaws.com/llm-${AWS::Region}:1' }),
      {
        imageUnknown: 'AWS::Region',
      },
    );
    assert.deepEqual(image({ 'Fn::Sub': '${Tag}/llm:1' }), { imageUnknown: 'Ref to a parameter' });
    assert.deepEqual(image({ 'Fn::GetAtt': ['Repo', 'RepositoryUri'] }), { imageUnknown: 'Fn::GetAtt' });
    assert.deepEqual(
      image({
        'Fn::Sub':
          '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}:0123abcd',
      }),
      { imageUnknown: 'CDK asset image' },
    );
    assert.deepEqual(image(''), { imageUnknown: 'empty image' });
  });
});
