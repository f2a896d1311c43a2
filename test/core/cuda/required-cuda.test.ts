import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cudaFromNvidiaRequire } from '../../../core/cuda/cuda-from-nvidia-require';
import { cudaFromTorchVersionFile } from '../../../core/cuda/cuda-from-torch-version-file';
import { cudaText } from '../../../core/cuda/cuda-version';
import { parseNvidiaRequire } from '../../../core/cuda/nvidia-require';
import { nvidiaFixture } from '../../harness/nvidia-fixtures';

function imageEnv(name: string): Record<string, string> {
  return Object.fromEntries(
    nvidiaFixture(name)
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('NVIDIA_REQUIRE_CUDA', () => {
  const images: [string, string][] = [
    ['image-env__nvidia-cuda__11.8.0-base-ubuntu22.04__amd64.env', '11.8'],
    ['image-env__nvidia-cuda__12.1.1-base-ubuntu22.04__amd64.env', '12.1'],
    ['image-env__nvidia-cuda__12.1.1-cudnn8-runtime-ubuntu22.04__amd64.env', '12.1'],
    ['image-env__nvidia-cuda__12.4.1-base-ubuntu22.04__amd64.env', '12.4'],
    ['image-env__nvidia-cuda__12.6.3-base-ubuntu22.04__amd64.env', '12.6'],
  ];
  for (const [name, cuda] of images) {
    it(`${name}: cuda>=${cuda}, the brand clauses lowering nothing`, () => {
      const expression = parseNvidiaRequire(imageEnv(name).NVIDIA_REQUIRE_CUDA!);
      assert.ok(!('error' in expression));
      const required = cudaFromNvidiaRequire(expression);
      assert.equal(required && cudaText(required), cuda);
      assert.equal(imageEnv(name).CUDA_VERSION!.startsWith(cuda), true, 'agrees with CUDA_VERSION');
    });
  }

  it('reads ORed clauses of ANDed conditions', () => {
    assert.deepEqual(parseNvidiaRequire('cuda>=12.4 brand=tesla,driver>=535,driver<536'), [
      [{ key: 'cuda', op: '>=', value: '12.4' }],
      [
        { key: 'brand', op: '=', value: 'tesla' },
        { key: 'driver', op: '>=', value: '535' },
        { key: 'driver', op: '<', value: '536' },
      ],
    ]);
  });

  it('refuses what the toolkit would refuse', () => {
    for (const text of ['cuda>>12.4', 'cuda', 'memory>=8', 'cuda>=12.4,', 'cuda=>12']) {
      assert.ok('error' in parseNvidiaRequire(text), text);
    }
  });

  it('has no requirement when only brand-conditional clauses name a CUDA', () => {
    const expression = parseNvidiaRequire('brand=tesla,cuda>=12.0');
    assert.ok(!('error' in expression));
    assert.equal(cudaFromNvidiaRequire(expression), undefined);
  });
});

describe("torch's version.py", () => {
  it('reads the quoted cuda line, old and annotated forms', () => {
    const generated = [
      "__version__ = '2.3.0+cu121'",
      'debug = False',
      "cuda: Optional[str] = '12.1'",
      "git_version = 'abc'",
      'hip: Optional[str] = None',
    ].join('\n');
    const torch = cudaFromTorchVersionFile(generated);
    assert.equal(torch.cuda && cudaText(torch.cuda), '12.1');
    assert.equal(torch.torch, '2.3.0+cu121');
    assert.equal(cudaText(cudaFromTorchVersionFile("cuda = '11.8'\n").cuda!), '11.8');
  });

  it('knows a CPU wheel, and falls back to the +cuXYZ suffix', () => {
    assert.deepEqual(cudaFromTorchVersionFile("__version__ = '2.6.0+cpu'\ncuda: Optional[str] = None\n"), {
      torch: '2.6.0+cpu',
      cpu: true,
    });
    assert.equal(cudaText(cudaFromTorchVersionFile("__version__ = '2.7.1+cu126'\n").cuda!), '12.6');
    assert.equal(cudaFromTorchVersionFile('nothing here').cuda, undefined);
  });
});
