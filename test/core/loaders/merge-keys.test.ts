import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCheck } from '../../../core/check/run-check';
import { InputError } from '../../../core/errors';
import { parseDocuments } from '../../../core/loaders/documents';
import { loadModelCard } from '../../../core/loaders/model-card';
import { DEFAULT_CONFIG } from '../../../core/model/config';
import { loadWorkloads } from '../../../core/workloads/load-inputs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'workloads', 'k8s-args');

describe('YAML merge keys, applied as Kubernetes reads them (sigs.k8s.io/yaml, go-yaml v2)', () => {
  it('checks an env list pulled in by <<: *anchor, placed where it is written', () => {
    const { workloads } = loadWorkloads([join(FIXTURES, 'merge-keys.yaml')]);
    const server = workloads[0]!.containers.find((container) => container.kind === 'app')!;
    assert.equal(server.name, 'server');
    assert.equal(server.image, 'ghcr.io/acme/llm-server:2.3.0');
    assert.deepEqual(
      server.env.map((env) => [env.name, env.value]),
      [
        ['TOKENIZER_SHA', '9e7f02d'],
        ['MODEL_REVISION', '0e9e39f'],
      ],
    );
    const card = loadModelCard(join(FIXTURES, 'merge-card.json'));
    const { findings } = runCheck({ workloads, cards: [card] }, DEFAULT_CONFIG, '2026-12-06');
    const skew = findings.find((finding) => finding.rule === 'model-card-skew');
    assert.match(skew?.message ?? '', /tokenizer_sha MISMATCH/);
    // The merged value's position is where it is written: the init container's env entry.
    assert.equal(skew?.location?.file, join(FIXTURES, 'merge-keys.yaml'));
    assert.equal(skew?.location?.line, 21);
  });

  it('lets a key after << win, a merge replace a key before it, and the first of several sources win', () => {
    const text = [
      'base: &base {a: base, b: base, c: base}',
      'other: &other {a: other, d: other}',
      'm:',
      '  b: before',
      '  <<: [*other, *base]',
      '  c: after',
      'quoted: {"<<": *base}',
    ].join('\n');
    const [doc] = parseDocuments(text, 'm.yaml');
    const value = doc!.value as Record<string, Record<string, unknown>>;
    assert.deepEqual(value.m, { b: 'base', a: 'other', d: 'other', c: 'after' });
    assert.deepEqual(Object.keys(value.quoted!), ['<<'], 'only a plain << is a merge key');
    assert.deepEqual(doc!.locate(['m', 'd']), { file: 'm.yaml', line: 2, column: 29 });
  });

  it('refuses a merge of something other than a map, with its position', () => {
    // A file's input error is collected (the run goes on with the other files), not thrown.
    const [error] = loadWorkloads([join(FIXTURES, 'merge-not-a-map.yaml')]).errors;
    assert.ok(error instanceof InputError);
    assert.match(error.message, /map merge requires map or sequence of maps/);
    assert.equal(error.location?.line, 13);
  });
});
