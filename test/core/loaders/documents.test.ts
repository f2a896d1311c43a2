import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../../core/errors';
import { parseDocuments, parseJsonDocument } from '../../../core/loaders/documents';
import { readSourceFile } from '../../../core/loaders/source-file';
import { tempFiles } from '../../harness/temp-files';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an InputError');
}

describe('parseDocuments', () => {
  it('parses every document of a multi-document file and locates paths on demand', () => {
    const text = 'a: 1\n---\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: x\n';
    const docs = parseDocuments(text, 'm.yaml');
    assert.equal(docs.length, 2);
    assert.deepEqual(docs[1]!.value, { kind: 'Pod', spec: { containers: [{ name: 'app', image: 'x' }] } });
    assert.deepEqual(docs[1]!.locate(['spec', 'containers', 0, 'image']), {
      file: 'm.yaml',
      line: 7,
      column: 14,
    });
    assert.equal(docs[1]!.line, 3);
  });

  it('skips empty documents', () => {
    assert.equal(parseDocuments('---\n---\na: 1\n', 'f.yaml').length, 1);
  });

  it('reads CloudFormation short-form tags as their long form', () => {
    const [doc] = parseDocuments(
      'a: !Ref Foo\nb: !GetAtt Res.Arn\nc: !Join [":", [x, !Ref y]]\nd: !Sub "${AWS::Region}"\n',
      't.yaml',
    );
    assert.deepEqual(doc!.value, {
      a: { Ref: 'Foo' },
      b: { 'Fn::GetAtt': ['Res', 'Arn'] },
      c: { 'Fn::Join': [':', ['x', { Ref: 'y' }]] },
      d: { 'Fn::Sub': '${AWS::Region}' },
    });
  });

  it('names file, line and column for malformed YAML', () => {
    const error = inputError(() => parseDocuments('a: 1\nb: [1, 2\nc: 3\n', 'bad.yaml'));
    assert.equal(error.location?.file, 'bad.yaml');
    assert.ok(error.location?.line && error.location.line >= 2, `line ${error.location?.line}`);
    assert.match(error.describe(), /^bad\.yaml:\d+:\d+: /);
  });

  it('refuses duplicate keys', () => {
    const error = inputError(() => parseDocuments('a: 1\na: 2\n', 'dup.yaml'));
    assert.match(error.message, /unique/i);
    assert.equal(error.location?.line, 2);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    const error = inputError(() => parseDocuments(bomb, 'bomb.yaml'));
    assert.match(error.message, /too many YAML aliases/);
    assert.equal(error.location?.file, 'bomb.yaml');
  });
});

describe('parseJsonDocument', () => {
  it('reports the line and column of a JSON syntax error', () => {
    const error = inputError(() => parseJsonDocument('{\n  "a": 1,\n  "b": }\n', 'card.json'));
    assert.equal(error.location?.file, 'card.json');
    assert.equal(error.location?.line, 3);
    assert.equal(error.location?.column, 8);
  });

  it('keeps positions for valid JSON', () => {
    const doc = parseJsonDocument('{\n  "image": {\n    "repository": "x"\n  }\n}\n', 'card.json');
    assert.deepEqual(doc.locate(['image', 'repository']), { file: 'card.json', line: 3, column: 19 });
  });
});

describe('readSourceFile', () => {
  it('refuses a file over the size limit before reading it', () => {
    const dir = tempFiles({ 'big.yaml': Buffer.alloc(2048, 0x61) });
    const error = inputError(() => readSourceFile(join(dir, 'big.yaml'), 1024));
    assert.match(error.message, /over the 1 KiB limit/);
    assert.equal(error.location?.file, join(dir, 'big.yaml'));
  });

  it('refuses a binary file', () => {
    const dir = tempFiles({ 'image.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) });
    assert.match(
      inputError(() => readSourceFile(join(dir, 'image.yaml'))).message,
      /binary file \(NUL byte at offset 4\)/,
    );
  });

  it('refuses invalid UTF-8 and says where', () => {
    const dir = tempFiles({ 'latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x74, 0xe9, 0x0a]) });
    assert.match(
      inputError(() => readSourceFile(join(dir, 'latin1.yaml'))).message,
      /not valid UTF-8 \(at byte 3\)/,
    );
  });

  it('names a missing file', () => {
    const error = inputError(() => readSourceFile('/nonexistent/preflight.yaml'));
    assert.match(error.describe(), /^\/nonexistent\/preflight\.yaml: cannot read: no such file \(ENOENT\)/);
  });

  it('drops a leading byte order mark', () => {
    const dir = tempFiles({ 'bom.yaml': '\ufeffa: 1\n' });
    assert.equal(readSourceFile(join(dir, 'bom.yaml')), 'a: 1\n');
  });
});
