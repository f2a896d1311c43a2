import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { docFiles, type Fence, fences } from './markdown';
import { cdkSamples } from './samples/cdk';
import { checkSamples } from './samples/check';
import { lintPromptsSamples } from './samples/lint-prompts';
import { probeSamples } from './samples/probe';
import { pulumiSamples } from './samples/pulumi';
import { registrySamples } from './samples/registry';
import type { Sample } from './samples/sample';

// Every sample output in the README and docs/ is what the real command prints on the real input,
// today. A block marked `<!-- sample: ID [excerpt|abridged|subset] -->` is compared with the output of
// SAMPLES[ID] (test/docs/samples/*.ts; each says what it normalizes and why):
//   (no flag)  the whole output;
//   excerpt    the block's lines appear together in the output;
//   abridged   JSON: the block equals the output with some array items left off the end;
//   subset     YAML: every key the block gives is in the output with that value; `…` ends a list early.
// In any text block a line `...` stands for any lines, and a first line `$ COMMAND` must be the
// sample's command.
const SAMPLES: Record<string, Sample> = {
  ...checkSamples,
  ...registrySamples,
  ...lintPromptsSamples,
  ...pulumiSamples,
  ...cdkSamples,
  ...probeSamples,
};
const FLAGS = ['excerpt', 'abridged', 'subset'];

const all: Fence[] = docFiles().flatMap(fences);
const samples = all.filter((fence) => fence.marker?.kind === 'sample');
const inputBlocks = new Map(
  all.filter((fence) => fence.marker?.kind === 'input').map((fence) => [fence.marker!.name, fence.text]),
);
const inputs = (name: string): string => {
  const text = inputBlocks.get(name);
  assert.ok(text !== undefined, `no block marked <!-- input: ${name} --> in the docs`);
  return text;
};

/** Each producer runs once, however many blocks show its output. */
const outputs = new Map<string, Promise<unknown>>();
function output(id: string): Promise<unknown> {
  if (!outputs.has(id))
    outputs.set(
      id,
      Promise.resolve().then(() => SAMPLES[id]!.run(inputs)),
    );
  return outputs.get(id)!;
}

const where = (fence: Fence) => `${fence.file}:${fence.line}`;

describe('sample outputs in the docs are produced by tests', () => {
  it('marks every fenced block without a language as a sample, and every sample has a producer', () => {
    assert.ok(samples.length >= 20, `found ${samples.length} samples`);
    const unmarked = all.filter((fence) => fence.lang === '' && fence.marker?.kind !== 'sample').map(where);
    assert.deepEqual(unmarked, [], 'output blocks with no <!-- sample: ID --> before them');
    const unknown = samples.filter((fence) => !SAMPLES[fence.marker!.name]).map(where);
    assert.deepEqual(unknown, [], 'samples with no producer in test/docs/samples');
    const badFlags = samples.filter((fence) => fence.marker!.flags.some((flag) => !FLAGS.includes(flag)));
    assert.deepEqual(badFlags.map(where), []);
    const used = new Set(samples.map((fence) => fence.marker!.name));
    assert.deepEqual(
      Object.keys(SAMPLES).filter((id) => !used.has(id)),
      [],
      'producers whose sample left the docs',
    );
  });

  for (const fence of samples) {
    const { name, flags } = fence.marker!;
    it(`${where(fence)}: ${name}${flags.length ? ` (${flags.join(', ')})` : ''}`, async () => {
      const sample = SAMPLES[name];
      assert.ok(sample, `no producer for ${name}`);
      const actual = await output(name);
      if (flags.includes('abridged')) {
        assertAbridged(JSON.parse(fence.text), actual, '$');
        return;
      }
      if (flags.includes('subset')) {
        assertSubset(parse(fence.text), actual, '$');
        return;
      }
      assert.equal(typeof actual, 'string', `${name} produces text`);
      let expected = fence.text;
      const shown = /^\$ (.*)\n/.exec(expected);
      if (shown) {
        assert.equal(shown[1], sample.command, 'the command the block shows is the one the test runs');
        expected = expected.slice(shown[0].length);
      }
      const normalize = sample.normalize ?? ((text: string) => text);
      assertShows(normalize(expected), normalize(actual as string), flags.includes('excerpt'));
    });
  }
});

/** The block equals the output (or appears in it, for an excerpt), a `...` line matching any lines. */
function assertShows(expected: string, actual: string, excerpt: boolean): void {
  const lines = expected.replace(/\n$/, '').split('\n');
  if (!excerpt && !lines.includes('...')) {
    assert.equal(actual, expected);
    return;
  }
  const pattern = lines
    .map((line) =>
      line === '...' ? '(?:[^\\n]*\\n)*?' : `${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`,
    )
    .join('');
  const text = actual.endsWith('\n') ? actual : `${actual}\n`;
  const found = new RegExp(excerpt ? `(?:^|(?<=\\n))${pattern}` : `^${pattern}$`).test(text);
  assert.ok(found, `the docs show:\n${expected}\nthe command printed:\n${actual}`);
}

function assertAbridged(expected: unknown, actual: unknown, path: string): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    assert.ok(expected.length <= actual.length, `${path}: the docs show more items than the output has`);
    for (const [index, item] of expected.entries()) assertAbridged(item, actual[index], `${path}[${index}]`);
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object`);
    assert.deepEqual(Object.keys(expected).sort(), Object.keys(actual).sort(), `${path}: keys`);
    for (const [key, value] of Object.entries(expected))
      assertAbridged(value, (actual as Record<string, unknown>)[key], `${path}.${key}`);
  } else assert.deepEqual(actual, expected, path);
}

function assertSubset(expected: unknown, actual: unknown, path: string): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected a list`);
    const open = expected.at(-1) === '…';
    const shown = open ? expected.slice(0, -1) : expected;
    if (open)
      assert.ok(shown.length <= actual.length, `${path}: the docs show more items than the output has`);
    else assert.equal(actual.length, shown.length, `${path}: number of items`);
    for (const [index, item] of shown.entries()) assertSubset(item, actual[index], `${path}[${index}]`);
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object`);
    for (const [key, value] of Object.entries(expected))
      assertSubset(value, (actual as Record<string, unknown>)[key], `${path}.${key}`);
  } else assert.deepEqual(actual, expected, path);
}
