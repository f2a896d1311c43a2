import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../../core/errors';
import {
  formatImageRef,
  type ImageRef,
  normalizeRepository,
  parseImageRef,
  sameRepository,
} from '../../../core/images';

const SHA256 = `sha256:${'0123456789abcdef'.repeat(4)}`;
const SHA512 = `sha512:${'0123456789abcdef'.repeat(8)}`;

function parts(text: string): Omit<ImageRef, 'original'> {
  const { original, ...rest } = parseImageRef(text);
  assert.equal(original, text);
  return rest;
}

function rejects(text: string, ...fragments: string[]) {
  assert.throws(
    () => parseImageRef(text),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
      assert.equal(error.location, undefined);
      assert.ok(
        error.message.startsWith(`invalid image reference ${JSON.stringify(text)}: `),
        `message names the reference: ${error.message}`,
      );
      for (const fragment of fragments) {
        assert.ok(
          error.message.includes(fragment),
          `expected ${JSON.stringify(fragment)} in: ${error.message}`,
        );
      }
      return true;
    },
  );
}

describe('parseImageRef: Docker Hub normalization', () => {
  it('puts single-component names under docker.io/library', () => {
    assert.deepEqual(parts('ubuntu'), { registry: 'docker.io', repository: 'library/ubuntu' });
    assert.deepEqual(parts('ubuntu:22.04'), {
      registry: 'docker.io',
      repository: 'library/ubuntu',
      tag: '22.04',
    });
  });

  it('puts namespaced names on docker.io without library/', () => {
    assert.deepEqual(parts('vllm/vllm-openai:v0.6.0'), {
      registry: 'docker.io',
      repository: 'vllm/vllm-openai',
      tag: 'v0.6.0',
    });
  });

  it('reads docker.io and index.docker.io written out', () => {
    assert.deepEqual(parts('docker.io/library/ubuntu'), {
      registry: 'docker.io',
      repository: 'library/ubuntu',
    });
    assert.deepEqual(parts('docker.io/ubuntu'), { registry: 'docker.io', repository: 'library/ubuntu' });
    assert.deepEqual(parts('index.docker.io/vllm/vllm-openai'), {
      registry: 'docker.io',
      repository: 'vllm/vllm-openai',
    });
  });
});

describe('parseImageRef: registries', () => {
  const cases: [string, string, string][] = [
    ['nvcr.io/nvidia/tritonserver:24.05-py3', 'nvcr.io', 'nvidia/tritonserver'],
    [
      'ghcr.io/huggingface/text-generation-inference:2.0.4',
      'ghcr.io',
      'huggingface/text-generation-inference',
    ],
    ['localhost/foo', 'localhost', 'foo'],
    ['localhost:5000/foo/bar', 'localhost:5000', 'foo/bar'],
    ['127.0.0.1:5000/team/app', '127.0.0.1:5000', 'team/app'],
    ['[::1]:5000/foo', '[::1]:5000', 'foo'],
    ['[2001:db8::1]/foo', '[2001:db8::1]', 'foo'],
    ['registry:5000/foo', 'registry:5000', 'foo'],
    ['my-registry.example.com/a/b/c', 'my-registry.example.com', 'a/b/c'],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/llm/vllm',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      'llm/vllm',
    ],
    // Docker's rule: an uppercase first component is a host name.
    ['Registry/foo', 'Registry', 'foo'],
  ];
  for (const [text, registry, repository] of cases) {
    it(`${text} → ${registry} + ${repository}`, () => {
      const ref = parseImageRef(text);
      assert.equal(ref.registry, registry);
      assert.equal(ref.repository, repository);
    });
  }

  it('reads a first component without . or : as a Docker Hub namespace', () => {
    assert.deepEqual(parts('nvidia/cuda:12.1.1-base-ubuntu22.04'), {
      registry: 'docker.io',
      repository: 'nvidia/cuda',
      tag: '12.1.1-base-ubuntu22.04',
    });
  });

  it('reads localhost:5000 alone as the image localhost with tag 5000, as Docker does', () => {
    assert.deepEqual(parts('localhost:5000'), {
      registry: 'docker.io',
      repository: 'library/localhost',
      tag: '5000',
    });
  });
});

describe('parseImageRef: tags and digests', () => {
  it('reads a digest', () => {
    assert.deepEqual(parts(`ubuntu@${SHA256}`), {
      registry: 'docker.io',
      repository: 'library/ubuntu',
      digest: SHA256,
    });
    assert.equal(parseImageRef(`foo@${SHA512}`).digest, SHA512);
    assert.equal(parseImageRef(`foo@sha384:${'ab'.repeat(48)}`).digest, `sha384:${'ab'.repeat(48)}`);
  });

  it('reads a tag and a digest together', () => {
    assert.deepEqual(parts(`localhost:5000/app:v1@${SHA256}`), {
      registry: 'localhost:5000',
      repository: 'app',
      tag: 'v1',
      digest: SHA256,
    });
  });

  it('accepts every tag character and the 128-character limit', () => {
    assert.equal(parseImageRef('foo:A_b.c-D').tag, 'A_b.c-D');
    assert.equal(parseImageRef('foo:_x').tag, '_x');
    assert.equal(parseImageRef(`foo:${'a'.repeat(128)}`).tag, 'a'.repeat(128));
  });

  it('accepts every path separator', () => {
    assert.equal(parseImageRef('x/a.b_c__d---e/f').repository, 'x/a.b_c__d---e/f');
  });
});

describe('parseImageRef: invalid references', () => {
  it('rejects an empty reference', () => rejects('', 'empty'));
  it('rejects white space', () => {
    rejects('foo bar', 'white space');
    rejects(' ubuntu', 'white space');
    rejects('ubuntu\n', 'white space');
  });
  it('rejects an uppercase repository', () => {
    rejects('Ubuntu', 'repository "Ubuntu" must be lowercase');
    rejects('vllm/VLLM-openai', 'must be lowercase');
    rejects('ghcr.io/HuggingFace/tgi', 'repository "HuggingFace/tgi" must be lowercase');
  });
  it('rejects bad tags', () => {
    rejects('foo:', 'empty tag');
    rejects('foo:-x', 'invalid tag "-x"');
    rejects('foo:.x', 'invalid tag ".x"');
    rejects('foo:a+b', 'invalid tag "a+b"');
    rejects(`foo:${'a'.repeat(129)}`, 'invalid tag', 'up to 128');
  });
  it('rejects bad digests', () => {
    rejects('foo@', 'invalid digest ""');
    rejects('foo@sha256:abc', 'invalid digest "sha256:abc"');
    rejects(`foo@sha256${SHA256.slice(7)}`, 'invalid digest'); // no colon
    rejects(`foo@sha256:${'a'.repeat(63)}`, 'invalid sha256 digest', 'got 63');
    rejects(`foo@sha256:${'a'.repeat(65)}`, 'sha256', 'expected 64 hex digits, got 65');
    rejects(`foo@sha512:${'a'.repeat(64)}`, 'sha512', 'expected 128 hex digits, got 64');
    rejects(`foo@sha256:${'A'.repeat(64)}`, 'lowercase');
    rejects(`foo@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm "md5"');
    rejects(`foo@sha256:${'g'.repeat(64)}`, 'invalid digest');
    rejects(`foo@${SHA256}@${SHA256}`, 'more than one "@"');
  });
  it('rejects bad path components', () => {
    rejects('a//b', 'empty path component');
    rejects('foo/', 'empty path component');
    rejects('docker.io/', 'no repository');
    rejects('a/-b', 'invalid path component "-b"');
    rejects('a/b-', 'invalid path component "b-"');
    rejects('a___b', 'invalid path component "a___b"');
    rejects('a/.b', 'invalid path component ".b"');
    rejects('a/b!', 'invalid path component "b!"');
  });
  it('rejects a missing name', () => {
    rejects(':tag', 'no repository name');
    rejects(`@${SHA256}`, 'no repository name');
  });
  it('rejects bad registries', () => {
    rejects('-bad.io/foo', 'invalid registry "-bad.io"');
    rejects('bad_host.io/foo', 'invalid registry "bad_host.io"');
    rejects('host.io:port/foo', 'invalid registry "host.io:port"');
    rejects('[::1/foo', 'invalid registry');
  });
  it('rejects a 64-hex name (an image id)', () => rejects('a'.repeat(64), 'image id'));
  it('rejects names over 255 characters, counted with the registry', () => {
    const long = `r.io/${'a'.repeat(250)}`; // 255 characters: the limit itself
    assert.equal(parseImageRef(long).repository.length, 250);
    rejects(`r.io/${'a'.repeat(251)}`, 'name is 256 characters, over the limit of 255');
    // docker.io/library/ is added before counting
    rejects('a'.repeat(240), 'over the limit of 255');
  });
});

describe('formatImageRef', () => {
  it('writes the canonical form', () => {
    assert.equal(formatImageRef(parseImageRef('ubuntu')), 'docker.io/library/ubuntu');
    assert.equal(
      formatImageRef(parseImageRef('vllm/vllm-openai:v0.6.0')),
      'docker.io/vllm/vllm-openai:v0.6.0',
    );
    assert.equal(formatImageRef(parseImageRef(`[::1]:5000/a:b@${SHA256}`)), `[::1]:5000/a:b@${SHA256}`);
  });

  it('writes the familiar form without docker.io/ and library/', () => {
    const familiar = (text: string) => formatImageRef(parseImageRef(text), { familiar: true });
    assert.equal(familiar('docker.io/library/ubuntu:22.04'), 'ubuntu:22.04');
    assert.equal(familiar('index.docker.io/vllm/vllm-openai:v0.6.0'), 'vllm/vllm-openai:v0.6.0');
    assert.equal(familiar('docker.io/library/a/b'), 'library/a/b');
    assert.equal(familiar('nvcr.io/nvidia/cuda:12.1.1'), 'nvcr.io/nvidia/cuda:12.1.1');
  });

  it('keeps docker.io/ where dropping it would make the first component read as a registry', () => {
    const familiar = (text: string) => formatImageRef(parseImageRef(text), { familiar: true });
    assert.equal(familiar('docker.io/a.b/c'), 'docker.io/a.b/c');
    assert.equal(familiar('docker.io/localhost/c'), 'docker.io/localhost/c');
  });
});

describe('normalizeRepository and sameRepository', () => {
  it('adds the registry and library/ where they are implied', () => {
    assert.equal(normalizeRepository('vllm/vllm-openai'), 'docker.io/vllm/vllm-openai');
    assert.equal(normalizeRepository('docker.io/vllm/vllm-openai'), 'docker.io/vllm/vllm-openai');
    assert.equal(normalizeRepository('ubuntu'), 'docker.io/library/ubuntu');
    assert.equal(normalizeRepository('nvcr.io/nvidia/tritonserver'), 'nvcr.io/nvidia/tritonserver');
    assert.equal(normalizeRepository('localhost:5000/app'), 'localhost:5000/app');
  });

  it('refuses a tag or digest, and invalid names', () => {
    assert.throws(
      () => normalizeRepository('vllm/vllm-openai:v0.6.0'),
      (error: unknown) =>
        error instanceof InputError && /"vllm\/vllm-openai:v0.6.0".*no tag or digest/.test(error.message),
    );
    assert.throws(() => normalizeRepository(`vllm/vllm-openai@${SHA256}`), /no tag or digest/);
    assert.throws(() => normalizeRepository('vllm/VLLM'), /must be lowercase/);
  });

  it('binds a card repository to an image reference', () => {
    assert.equal(sameRepository('vllm/vllm-openai', 'docker.io/vllm/vllm-openai:v0.6.0'), true);
    assert.equal(sameRepository('ubuntu', `docker.io/library/ubuntu@${SHA256}`), true);
    assert.equal(sameRepository('vllm/vllm-openai', 'ghcr.io/vllm/vllm-openai'), false);
    assert.equal(sameRepository('nvidia/cuda', 'nvcr.io/nvidia/cuda'), false);
    assert.equal(sameRepository('library/ubuntu', 'ubuntu:22.04'), true);
  });

  it('throws an InputError for an invalid reference', () => {
    assert.throws(() => sameRepository('Bad', 'ubuntu'), InputError);
  });
});
