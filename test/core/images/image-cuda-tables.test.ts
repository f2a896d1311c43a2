import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCudaVersion } from '../../../core/cuda/cuda-version';
import { factsFromImage, parseImageRef } from '../../../core/images';
import { imageCudaTables } from '../../../core/images/image-cuda-tables';
import { parseDocuments } from '../../../core/loaders/documents';
import { workloadsFromKubernetes } from '../../../core/workloads/kubernetes';

const FILE = join(__dirname, '..', '..', '..', 'core', 'data', 'image-cuda-tables.json');

/** key → value of what the image reference says. */
function said(image: string): Record<string, string> {
  return Object.fromEntries(factsFromImage(parseImageRef(image), []).map((fact) => [fact.key, fact.value]));
}

/** The release format of each table, as its image tags write it. */
const RELEASE_FORMATS = {
  tritonserver: /^\d{2}\.\d{2}(?:\.\d+)?$/,
  'text-generation-inference': /^\d+\.\d+$/,
  'vllm-openai': /^\d+\.\d+\.\d+$/,
} as const;

describe('image → CUDA tables (core/data/image-cuda-tables.json)', () => {
  const raw = JSON.parse(readFileSync(FILE, 'utf8')) as Record<
    string,
    { source: string; rows: { release?: string; repository?: string; cuda: string; source?: string }[] }
  >;

  it('cites a source for every table, and every row parses', () => {
    for (const [name, table] of Object.entries(raw)) {
      assert.ok(table.source.length > 40, `${name}: source`);
      assert.ok(table.rows.length > 0, `${name}: rows`);
      for (const row of table.rows) {
        const label = `${name} ${row.release ?? row.repository}`;
        assert.ok(parseCudaVersion(row.cuda), `${label}: CUDA ${row.cuda}`);
        assert.match(row.cuda, /^\d{2}\.\d(?:\.\d+)?$/, label);
        assert.match(row.source ?? '', /^https:\/\/\S+$/, `${label}: every row names its own source`);
        if (name in RELEASE_FORMATS) {
          assert.match(row.release!, RELEASE_FORMATS[name as keyof typeof RELEASE_FORMATS], label);
        }
      }
    }
  });

  it('lists each release once, oldest first', () => {
    for (const name of Object.keys(RELEASE_FORMATS)) {
      const releases = raw[name]!.rows.map((row) => row.release!);
      const numbers = releases.map((release) => release.split('.').map(Number));
      const sorted = [...numbers].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || (a[2] ?? 0) - (b[2] ?? 0));
      assert.deepEqual(numbers, sorted, name);
      assert.equal(new Set(releases).size, releases.length, `${name}: duplicates`);
    }
  });

  it('covers NGC Triton from 20.01 to 26.09', () => {
    const releases = [...imageCudaTables().triton.rows.keys()];
    assert.equal(releases[0], '20.01');
    assert.equal(releases.at(-1), '26.09');
    assert.ok(releases.length >= 64, `${releases.length} releases`);
  });

  it('reads every row back from the image reference it describes', () => {
    const { triton, tgi, vllm, dlc } = imageCudaTables();
    for (const row of triton.rows.values()) {
      assert.equal(
        said(`nvcr.io/nvidia/tritonserver:${row.release}-py3`)['runtime.cuda'],
        row.cuda,
        row.release,
      );
    }
    for (const row of tgi.rows.values()) {
      assert.equal(
        said(`ghcr.io/huggingface/text-generation-inference:${row.release}.0`)['runtime.cuda'],
        row.cuda,
        row.release,
      );
    }
    for (const row of vllm.rows.values()) {
      assert.equal(said(`vllm/vllm-openai:v${row.release}`)['runtime.cuda'], row.cuda, row.release);
    }
    for (const prefix of dlc.registryPrefixes) {
      for (const example of dlc.examples) {
        const facts = said(`${prefix}${example.repository}`);
        assert.equal(facts['runtime.cuda'], example.cuda, example.repository);
        assert.equal(facts['runtime.tgi'], example.tgi, example.repository);
        assert.equal(facts['runtime.tei'], example.tei, example.repository);
        assert.equal(facts['runtime.pytorch'], example.pytorch, example.repository);
        assert.equal(facts['runtime.transformers'], example.transformers, example.repository);
      }
    }
  });

  it('reads a vLLM tag between two moves of the release image CUDA as the CUDA of that span', () => {
    assert.equal(said('vllm/vllm-openai:v0.4.3')['runtime.cuda'], '12.4');
    assert.equal(said('vllm/vllm-openai:v0.10.0')['runtime.cuda'], '12.8');
    assert.equal(said('vllm/vllm-openai:v0.12.0')['runtime.cuda'], '12.9');
    assert.equal(said('docker.io/vllm/vllm-openai:v0.20.0')['runtime.cuda'], '13.0');
    // From 0.20.0 the CUDA 12.9 build is the suffixed tag: its own token speaks, not the table.
    assert.equal(said('vllm/vllm-openai:v0.22.0-cu129')['runtime.cuda'], '12.9');
    // 0.6.5–0.8.5: built on a CUDA 12.1 base with a cu124 torch (vllm#10877, #12098, #14433), so no row.
    assert.equal(said('vllm/vllm-openai:v0.7.3')['runtime.cuda'], undefined);
  });

  it('says nothing about CUDA for a release no table holds ("cannot tell"), nor guesses from neighbours', () => {
    assert.equal(said('nvcr.io/nvidia/tritonserver:21.06-py3')['runtime.cuda'], undefined);
    assert.equal(said('nvcr.io/nvidia/tritonserver:24.05-vllm-python-py3')['runtime.cuda'], undefined);
    assert.equal(said('ghcr.io/huggingface/text-generation-inference:2.2.0')['runtime.cuda'], undefined);
    assert.equal(said('vllm/vllm-openai:v0.6.0')['runtime.cuda'], undefined);
    assert.equal(
      said(
        'us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-generation-inference.2-3',
      )['runtime.cuda'],
      undefined,
    );
  });

  it('reads CUDA and PyTorch from a PyTorch DLC name, CUDA from an AWS DLC tag', () => {
    assert.deepEqual(
      said(
        'us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-pytorch-inference-cu121.2-2.transformers.4-44.ubuntu2204.py311',
      ),
      {
        'image.tag': 'latest',
        'runtime.cuda': '12.1',
        'runtime.pytorch': '2.2',
        'runtime.transformers': '4.44',
      },
    );
    assert.equal(
      said(
        '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.3.0-tgi2.2.0-gpu-py310-cu121-ubuntu22.04',
      )['runtime.cuda'],
      '12.1',
    );
  });
});

describe('Hugging Face DLC names and tags (test/fixtures/images/hf-dlc-gke.yaml)', () => {
  const file = join(__dirname, '..', '..', 'fixtures', 'images', 'hf-dlc-gke.yaml');
  const images = Object.fromEntries(
    parseDocuments(readFileSync(file, 'utf8'), file)
      .flatMap(workloadsFromKubernetes)
      .flatMap((workload) => workload.containers)
      .map((container) => [container.name, container.image!]),
  );
  /** What the image says, less the tag itself. */
  function runtime(container: string): Record<string, string> {
    const { 'image.tag': _tag, ...rest } = said(images[container]!);
    return rest;
  }

  it('reads CUDA and the TEI release from a Google TEI DLC name', () => {
    assert.deepEqual(runtime('tei'), { 'runtime.cuda': '12.2', 'runtime.tei': '1.6' });
  });

  it('reads a DLC name on the legacy gcr.io/deeplearning-platform-release host, with its Transformers part', () => {
    assert.deepEqual(runtime('trainer'), {
      'runtime.cuda': '12.1',
      'runtime.pytorch': '2.3',
      'runtime.transformers': '4.42',
    });
  });

  it('reads a tagged DLC name (`:latest`) by its repository', () => {
    assert.deepEqual(runtime('pytorch-inference'), {
      'runtime.cuda': '12.1',
      'runtime.pytorch': '2.3',
      'runtime.transformers': '4.48',
    });
  });

  it("reads an AWS DLC tag's `tgiX.Y.Z` token as the TGI release and its `cuXYZ` token as the CUDA", () => {
    assert.deepEqual(runtime('tgi-aws'), { 'runtime.tgi': '2.3.1', 'runtime.cuda': '12.4' });
    assert.deepEqual(runtime('tgi-aws-short'), { 'runtime.tgi': '2.0', 'runtime.cuda': '12.1' });
  });
});
