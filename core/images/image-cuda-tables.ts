/** Naming the JSON in a type makes tsc copy it next to the compiled code; `require` reads it on first use. */
type ImageCudaTablesFile = typeof import('../data/image-cuda-tables.json');

/** One release of a serving image and the CUDA it is built with, with where that was read. */
export interface CudaRow {
  release: string;
  cuda: string;
  source: string;
  note?: string;
}

/** A release → CUDA table of one image, with its citation. */
export interface CudaTable {
  repositories: readonly string[];
  source: string;
  /** Keyed by release as the tag writes it: `24.05` (Triton), `2.3` (TGI major.minor), `0.5.0` (vLLM). */
  rows: ReadonlyMap<string, CudaRow>;
}

/** A Hugging Face DLC repository name seen in public deployments, and what its name says. */
export interface DlcExample {
  repository: string;
  cuda: string;
  tgi?: string;
}

export interface ImageCudaTables {
  triton: CudaTable;
  tgi: CudaTable;
  vllm: CudaTable;
  dlc: { source: string; registryPrefix: string; examples: readonly DlcExample[] };
}

let tables: ImageCudaTables | undefined;

/** core/data/image-cuda-tables.json, loaded once. */
export function imageCudaTables(): ImageCudaTables {
  if (!tables) {
    const file = require('../data/image-cuda-tables.json') as ImageCudaTablesFile;
    tables = {
      triton: table(file.tritonserver),
      tgi: table(file['text-generation-inference']),
      vllm: table(file['vllm-openai']),
      dlc: {
        source: file['huggingface-dlc'].source,
        registryPrefix: file['huggingface-dlc'].registryPrefix,
        examples: file['huggingface-dlc'].rows,
      },
    };
  }
  return tables;
}

function table(entry: {
  repositories: string[];
  source: string;
  rows: readonly { release: string; cuda: string; source: string; note?: string }[];
}): CudaTable {
  return {
    repositories: entry.repositories,
    source: entry.source,
    rows: new Map(entry.rows.map((row) => [row.release, row])),
  };
}

/**
 * What the name of a Hugging Face DLC on Google Cloud says:
 * `…/huggingface-text-generation-inference-cu124.2-3.ubuntu2204.py311` is CUDA 12.4 and TGI 2.3,
 * `…/huggingface-pytorch-inference-cu121.2-2.transformers.4-44.ubuntu2204.py311` is CUDA 12.1 and
 * PyTorch 2.2. The name is the only place these images say it: they are pulled without a tag.
 */
export function dlcRepositoryReadings(repository: string): { key: string; value: string; note: string }[] {
  const { registryPrefix } = imageCudaTables().dlc;
  if (!repository.startsWith(registryPrefix)) return [];
  const match = /^huggingface-([a-z]+(?:-[a-z]+)*)-cu(\d{2})(\d)\.(\d+)-(\d+)(?:-\d+)?\./.exec(
    repository.slice(registryPrefix.length),
  );
  if (!match) return [];
  const [, library, major, minor, libraryMajor, libraryMinor] = match;
  const note = 'Hugging Face DLC repository name';
  const readings = [{ key: 'runtime.cuda', value: `${Number(major)}.${minor}`, note }];
  const libraryKey = DLC_LIBRARY_KEYS[library!];
  if (libraryKey) readings.push({ key: libraryKey, value: `${libraryMajor}.${libraryMinor}`, note });
  return readings;
}

/** The library whose release follows the CUDA part of a DLC name, by the name's library part. */
const DLC_LIBRARY_KEYS: Readonly<Record<string, string>> = {
  'text-generation-inference': 'runtime.tgi',
  'pytorch-inference': 'runtime.pytorch',
  'pytorch-training': 'runtime.pytorch',
};
