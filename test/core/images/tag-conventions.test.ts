import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { factsFromImage, parseImageRef, TGI_CUDA, TRITON_CUDA } from '../../../core/images';
import type { ImageConvention } from '../../../core/model/config';
import type { Fact } from '../../../core/model/facts';

const SHA256 = `sha256:${'0123456789abcdef'.repeat(4)}`;

function facts(image: string, conventions: ImageConvention[] = []): Fact[] {
  return factsFromImage(parseImageRef(image), conventions);
}

/** key → value, asserting each key appears once. */
function values(image: string, conventions: ImageConvention[] = []): Record<string, string> {
  const result: Record<string, string> = {};
  for (const fact of facts(image, conventions)) {
    assert.equal(result[fact.key], undefined, `${fact.key} reported twice for ${image}`);
    assert.equal(fact.origin, 'image-tag');
    result[fact.key] = fact.value;
  }
  return result;
}

describe('factsFromImage: the reference itself', () => {
  it('reports the tag with its detail', () => {
    assert.deepEqual(facts('pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime')[0], {
      key: 'image.tag',
      value: '2.3.0-cuda12.1-cudnn8-runtime',
      origin: 'image-tag',
      detail: 'tag 2.3.0-cuda12.1-cudnn8-runtime',
    });
  });

  it('reports the digest, and no implied tag when a digest pins the image', () => {
    assert.deepEqual(facts(`vllm/vllm-openai@${SHA256}`), [
      { key: 'image.digest', value: SHA256, origin: 'image-tag', detail: `digest ${SHA256}` },
    ]);
    assert.deepEqual(values(`vllm/vllm-openai:v0.6.0@${SHA256}`), {
      'image.tag': 'v0.6.0',
      'image.digest': SHA256,
      'runtime.vllm': '0.6.0',
    });
  });

  it('reports the implied latest tag when nothing is written', () => {
    assert.deepEqual(facts('vllm/vllm-openai'), [
      {
        key: 'image.tag',
        value: 'latest',
        origin: 'image-tag',
        detail: 'implicit tag latest',
        implied: true,
      },
    ]);
  });
});

describe('factsFromImage: built-in conventions', () => {
  it('nvidia/cuda on Docker Hub and on nvcr.io', () => {
    for (const image of [
      'nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04',
      'nvcr.io/nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04',
    ]) {
      assert.deepEqual(values(image), {
        'image.tag': '12.1.1-cudnn8-runtime-ubuntu22.04',
        'runtime.cuda': '12.1.1',
        'runtime.cudnn': '8',
      });
    }
    assert.equal(values('nvidia/cuda:12.4.1-base-ubuntu22.04')['runtime.cuda'], '12.4.1');
  });

  it('pytorch/pytorch: torch from the leading version, CUDA from the cuda token', () => {
    assert.deepEqual(values('pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime'), {
      'image.tag': '2.3.0-cuda12.1-cudnn8-runtime',
      'runtime.pytorch': '2.3.0',
      'runtime.cuda': '12.1',
      'runtime.cudnn': '8',
    });
    assert.equal(values('pytorch/pytorch:latest')['runtime.pytorch'], undefined);
  });

  it('vllm/vllm-openai: the vLLM version and no invented CUDA', () => {
    assert.deepEqual(values('vllm/vllm-openai:v0.6.0'), { 'image.tag': 'v0.6.0', 'runtime.vllm': '0.6.0' });
    assert.deepEqual(values('docker.io/vllm/vllm-openai:v0.10.1.1'), {
      'image.tag': 'v0.10.1.1',
      'runtime.vllm': '0.10.1.1',
    });
    assert.deepEqual(values('vllm/vllm-openai:v0.11.0-cu129'), {
      'image.tag': 'v0.11.0-cu129',
      'runtime.vllm': '0.11.0',
      'runtime.cuda': '12.9',
    });
    assert.deepEqual(values('vllm/vllm-openai:nightly'), { 'image.tag': 'nightly' });
  });

  it('TGI: the release, and CUDA only where the reference states it', () => {
    const tgi = (tag: string) => values(`ghcr.io/huggingface/text-generation-inference:${tag}`);
    assert.deepEqual(tgi('2.0.4'), { 'image.tag': '2.0.4', 'runtime.tgi': '2.0.4', 'runtime.cuda': '12.1' });
    assert.equal(tgi('2.1.1')['runtime.cuda'], '12.1');
    assert.equal(tgi('2.3.0')['runtime.cuda'], '12.4');
    assert.equal(tgi('2.3.1')['runtime.cuda'], '12.4');
    assert.equal(tgi('3.0.0')['runtime.cuda'], '12.4');
    assert.equal(tgi('3.3.0')['runtime.cuda'], '12.4');
    assert.deepEqual(tgi('2.2.0'), { 'image.tag': '2.2.0', 'runtime.tgi': '2.2.0' });
    assert.deepEqual(tgi('3.1.0'), { 'image.tag': '3.1.0', 'runtime.tgi': '3.1.0' });
    // ROCm and other variants are different builds
    assert.deepEqual(tgi('2.0.4-rocm'), { 'image.tag': '2.0.4-rocm', 'runtime.tgi': '2.0.4' });
    assert.deepEqual(tgi('latest'), { 'image.tag': 'latest' });
  });

  it('TGI: says where a looked-up CUDA comes from', () => {
    const cuda = facts('ghcr.io/huggingface/text-generation-inference:2.3.0').find(
      (f) => f.key === 'runtime.cuda',
    );
    assert.equal(cuda?.detail, 'tag 2.3.0 (TGI 2.3 Dockerfile)');
  });

  it('tritonserver: the release and CUDA from the release notes table', () => {
    const triton = (tag: string) => values(`nvcr.io/nvidia/tritonserver:${tag}`);
    assert.deepEqual(triton('24.05-py3'), {
      'image.tag': '24.05-py3',
      'runtime.triton': '24.05',
      'runtime.cuda': '12.4.1',
    });
    const expected: Record<string, string> = {
      '23.05': '12.1.1',
      '24.05': '12.4.1',
      '24.07': '12.5.1',
      '24.10': '12.6.2',
      '25.03': '12.8.1',
      '25.04': '12.9.0',
      '25.08': '13.0.0',
      '25.10': '13.0.2',
    };
    for (const [release, cuda] of Object.entries(expected)) {
      assert.equal(TRITON_CUDA[release], cuda, release);
      assert.equal(triton(`${release}-py3`)['runtime.cuda'], cuda, release);
    }
    const detail = facts('nvcr.io/nvidia/tritonserver:24.05-py3').find(
      (f) => f.key === 'runtime.cuda',
    )?.detail;
    assert.equal(detail, 'tag 24.05-py3 (tritonserver 24.05 release notes)');
  });

  it('tritonserver 20.xx to today, vLLM releases and Hugging Face DLC names give their CUDA', () => {
    const cuda = (image: string) => values(image)['runtime.cuda'];
    assert.equal(cuda('nvcr.io/nvidia/tritonserver:20.03.1-py3'), '10.2.89');
    assert.equal(cuda('nvcr.io/nvidia/tritonserver:21.03-py3'), '11.2.1');
    assert.equal(cuda('nvcr.io/nvidia/tritonserver:22.12-py3'), '11.8.0');
    assert.equal(cuda('nvcr.io/nvidia/tritonserver:26.02-py3'), '13.1.1');
    assert.equal(cuda('ghcr.io/huggingface/text-generation-inference:1.1.0'), '11.8');
    assert.equal(cuda('vllm/vllm-openai:v0.5.0'), '12.4');
    assert.equal(
      cuda(
        'us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-generation-inference-cu124.2-3.ubuntu2204.py311',
      ),
      '12.4',
    );
  });

  it('tritonserver: unknown releases and variants give no CUDA', () => {
    const triton = (tag: string) => values(`nvcr.io/nvidia/tritonserver:${tag}`);
    assert.deepEqual(triton('24.09-py3'), { 'image.tag': '24.09-py3', 'runtime.triton': '24.09' });
    assert.deepEqual(triton('24.05-trtllm-python-py3'), {
      'image.tag': '24.05-trtllm-python-py3',
      'runtime.triton': '24.05',
    });
    assert.equal(triton('24.05-py3-sdk')['runtime.cuda'], undefined);
  });

  it('TGI table holds only the releases its sources state', () => {
    assert.deepEqual(TGI_CUDA, {
      '1.1': '11.8',
      '1.3': '12.1',
      '2.0': '12.1',
      '2.1': '12.1',
      '2.3': '12.4',
      '3.0': '12.4',
      '3.3': '12.4',
    });
  });

  it('applies a convention only to its repository', () => {
    // docker.io/nvidia/tritonserver is not NVIDIA's NGC image
    assert.deepEqual(values('nvidia/tritonserver:24.05-py3'), { 'image.tag': '24.05-py3' });
    assert.deepEqual(values('myorg/cuda:12.1.1-base'), { 'image.tag': '12.1.1-base' });
  });
});

describe('factsFromImage: generic tag tokens', () => {
  const cases: [string, Record<string, string>][] = [
    ['acme/app:1.0-cu121', { 'runtime.cuda': '12.1' }],
    ['acme/app:cu118_py310', { 'runtime.cuda': '11.8' }],
    ['acme/app:1.0-cuda12.1', { 'runtime.cuda': '12.1' }],
    ['acme/app:1.0-cuda-12.4.1', { 'runtime.cuda': '12.4.1' }],
    ['acme/app:1.0_cuda_12.4', { 'runtime.cuda': '12.4' }],
    ['acme/app:torch2.3.0-cu121', { 'runtime.pytorch': '2.3.0', 'runtime.cuda': '12.1' }],
    ['acme/app:pytorch2.4-cuda12.4', { 'runtime.pytorch': '2.4', 'runtime.cuda': '12.4' }],
    ['acme/app:torch-2.3', { 'runtime.pytorch': '2.3' }],
    ['acme/app:transformers4.44.0', { 'runtime.transformers': '4.44.0' }],
    ['acme/app:cudnn9-cuda12.6', { 'runtime.cudnn': '9', 'runtime.cuda': '12.6' }],
  ];
  for (const [image, expected] of cases) {
    it(image, () => {
      const { 'image.tag': _tag, ...rest } = values(image);
      assert.deepEqual(rest, expected);
    });
  }

  it('ignores look-alikes: pt, cuda without a version, words starting with cu', () => {
    for (const image of [
      'acme/app:pt2.3',
      'acme/app:cuda',
      'acme/app:cuda-latest',
      'acme/app:custom-1.2',
      'acme/app:cu1',
    ]) {
      assert.deepEqual(Object.keys(values(image)), ['image.tag'], image);
    }
  });

  it('reports a key once, the first token winning', () => {
    assert.deepEqual(values('acme/app:cu121-cuda12.4'), {
      'image.tag': 'cu121-cuda12.4',
      'runtime.cuda': '12.1',
    });
  });

  it('does not repeat what a built-in gave', () => {
    const cuda = facts('nvidia/cuda:12.1.1-cuda12.1').filter((f) => f.key === 'runtime.cuda');
    assert.deepEqual(
      cuda.map((f) => f.value),
      ['12.1.1'],
    );
  });
});

describe('factsFromImage: user conventions', () => {
  const convention: ImageConvention = {
    repository: 'registry.example.com/ml/embedder',
    tag: /^(?<model_revision>[0-9a-f]{7,40})-tok(?<tokenizer_sha>[0-9a-f]{7,64})-cuda(?<cuda>[\d.]+)-(?<onnx>\d+\.\d+)$/,
  };

  it('maps named groups to model card fields', () => {
    const tag = 'abc1234-tokdeadbeef1-cuda12.1-1.17';
    assert.deepEqual(values(`registry.example.com/ml/embedder:${tag}`, [convention]), {
      'image.tag': tag,
      'model.revision': 'abc1234',
      tokenizer_sha: 'deadbeef1',
      'runtime.cuda': '12.1',
      'runtime.onnx': '1.17',
    });
    for (const fact of facts(`registry.example.com/ml/embedder:${tag}`, [convention])) {
      assert.equal(fact.detail, `tag ${tag}`);
    }
  });

  it('maps torch/pytorch and tokenizer_revision, and skips groups that did not take part', () => {
    const user: ImageConvention = {
      repository: 'acme/app',
      tag: /^(?<torch>\d+\.\d+)(?:-(?<tokenizer_revision>[0-9a-f]+))?(?:-(?<pytorch>x))?$/,
    };
    assert.deepEqual(values('docker.io/acme/app:2.3-cafe123', [user]), {
      'image.tag': '2.3-cafe123',
      'runtime.pytorch': '2.3',
      'tokenizer.revision': 'cafe123',
    });
  });

  it('applies only to its repository, written with or without registry', () => {
    const user: ImageConvention = { repository: 'docker.io/acme/app', tag: /^r(?<cuda>\d+)$/ };
    assert.equal(values('acme/app:r12', [user])['runtime.cuda'], '12');
    assert.equal(values('acme/other:r12', [user])['runtime.cuda'], undefined);
  });

  it('takes precedence over a built-in convention for the same repository', () => {
    const user: ImageConvention = {
      repository: 'nvcr.io/nvidia/tritonserver',
      tag: /^(?<triton>\d+\.\d+)-(?<cuda>.+)$/,
    };
    assert.deepEqual(values('nvcr.io/nvidia/tritonserver:24.05-py3', [user]), {
      'image.tag': '24.05-py3',
      'runtime.triton': '24.05',
      'runtime.cuda': 'py3',
    });
  });

  it('leaves the built-in in place when the user regex does not match the tag', () => {
    const user: ImageConvention = { repository: 'vllm/vllm-openai', tag: /^custom-(?<cuda>.+)$/ };
    assert.deepEqual(values('vllm/vllm-openai:v0.6.0', [user]), {
      'image.tag': 'v0.6.0',
      'runtime.vllm': '0.6.0',
    });
  });

  it('lets generic tokens fill keys the user convention did not give', () => {
    const user: ImageConvention = { repository: 'acme/app', tag: /^(?<app>\d+\.\d+\.\d+)-/ };
    assert.deepEqual(values('acme/app:1.2.3-cu121', [user]), {
      'image.tag': '1.2.3-cu121',
      'runtime.app': '1.2.3',
      'runtime.cuda': '12.1',
    });
  });

  it('is not affected by g or y flags on the user regex', () => {
    const user: ImageConvention = { repository: 'acme/app', tag: /^(?<cuda>\d+\.\d+)$/gy };
    for (let i = 0; i < 3; i++) assert.equal(values('acme/app:12.4', [user])['runtime.cuda'], '12.4');
  });

  it('gives no facts from conventions when the image has no tag', () => {
    const user: ImageConvention = { repository: 'acme/app', tag: /(?<cuda>.*)/ };
    assert.deepEqual(values(`acme/app@${SHA256}`, [user]), { 'image.digest': SHA256 });
  });
});
