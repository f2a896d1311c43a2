import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocuments, parseJsonDocument } from '../../../core/loaders/documents';
import { MAX_NESTING } from '../../../core/loaders/nesting';
import { parseTemplateJson } from '../../../core/loaders/template-json';
import { expectInputError } from '../../harness/input-error';

/** A Pod whose `spec.x` holds `depth` nested flow lists, on line 9 from column 6. */
function podWithNestedLists(depth: number): string {
  return `# shape: Kubernetes Pod v1 with an extra field nested deep; written for preflight-guard
apiVersion: v1
kind: Pod
metadata:
  name: deep
spec:
  containers:
    - {name: app, image: "vllm/vllm-openai:v0.6.0"}
  x: ${'['.repeat(depth)}${']'.repeat(depth)}
`;
}

const TOO_DEEP = new RegExp(`nested more than ${MAX_NESTING} levels deep`);

describe('manifests nested too deep for the recursive readers: a positioned input error, never a stack overflow', () => {
  it(`a Pod with lists nested ${MAX_NESTING + 44} deep: refused at the first list past the limit`, () => {
    const error = expectInputError(() => parseDocuments(podWithNestedLists(MAX_NESTING + 44), 'deep.yaml'));
    assert.match(error.message, TOO_DEEP);
    // Root map (1) > spec (2) > x's lists from 3: the list past the limit is the (MAX - 2)th `[`.
    assert.deepEqual(error.location, { file: 'deep.yaml', line: 9, column: 6 + MAX_NESTING - 2 });
  });

  it('5,000 nested lists, past what the YAML library itself can follow: its guard reads as the same error', () => {
    const error = expectInputError(() => parseDocuments(podWithNestedLists(5000), 'deep.yaml'));
    assert.match(error.message, TOO_DEEP);
    assert.doesNotMatch(error.message, /call stack/i);
    assert.equal(error.location?.line, 9);
  });

  it('block style nesting counts the same', () => {
    const levels = Array.from({ length: 400 }, (_, index) => `${' '.repeat(index * 2)}- `).join('\n');
    const error = expectInputError(() => parseDocuments(`items:\n${levels}x\n`, 'block.yaml'));
    assert.match(error.message, TOO_DEEP);
  });

  it('nesting up to the limit is read', () => {
    const [doc] = parseDocuments(podWithNestedLists(MAX_NESTING - 2), 'ok.yaml');
    assert.ok(doc);
  });

  it('aliases count with what they bring in: three anchors of 100 levels nested through each other', () => {
    const nest = (inner: string) => `${'['.repeat(100)}${inner}${']'.repeat(100)}`;
    const text = `a: &a ${nest('x')}\nb: &b ${nest('*a')}\nc: &c ${nest('*b')}\n`;
    const error = expectInputError(() => parseDocuments(text, 'aliases.yaml'));
    assert.match(error.message, TOO_DEEP);
    assert.match(error.message, /through the alias \*b/);
    assert.equal(error.location?.line, 3);
  });

  it('an alias inside the node it names (a cycle) is refused where it stands', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: &spec\n  containers: [{name: c, image: i}]\n  x: *spec\n';
    const error = expectInputError(() => parseDocuments(text, 'cycle.yaml'));
    assert.match(error.message, /alias \*spec stands inside the node it refers to/);
    assert.deepEqual(error.location, { file: 'cycle.yaml', line: 6, column: 6 });
  });

  it('an alias to an earlier sibling is fine', () => {
    const [doc] = parseDocuments('env: &env [{name: A, value: b}]\nother: *env\n', 'ok.yaml');
    assert.deepEqual((doc!.value as Record<string, unknown>).other, [{ name: 'A', value: 'b' }]);
  });

  it('a .json manifest nested 1,000 deep: refused at the first bracket past the limit', () => {
    const text = `{"kind": "Pod", "x": ${'['.repeat(1000)}${']'.repeat(1000)}}`;
    const error = expectInputError(() => parseJsonDocument(text, 'deep.json'));
    assert.match(error.message, TOO_DEEP);
    assert.deepEqual(error.location, { file: 'deep.json', line: 1, column: 22 + MAX_NESTING - 1 });
  });

  it('a cdk synth template nested 100,000 deep (JSON.parse reads it; the readers after it would not)', () => {
    const text = `{"Resources": {"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const error = expectInputError(() => parseTemplateJson(text, 'deep.template.json'));
    assert.match(error.message, TOO_DEEP);
    assert.equal(error.location?.line, 1);
  });

  it('brackets inside JSON strings do not count', () => {
    const text = `{"a": "${'['.repeat(1000)}\\"${'{'.repeat(1000)}"}`;
    assert.deepEqual(parseTemplateJson(text, 'strings.template.json').value, {
      a: `${'['.repeat(1000)}"${'{'.repeat(1000)}`,
    });
  });
});
