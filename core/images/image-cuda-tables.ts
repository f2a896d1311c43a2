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

/** A Hugging Face DLC repository name seen in public deployments, what its name says, and where it was seen. */
export interface DlcExample {
  repository: string;
  cuda: string;
  tgi?: string;
  tei?: string;
  pytorch?: string;
  transformers?: string;
  source: string;
}

export interface ImageCudaTables {
  triton: CudaTable;
  tgi: CudaTable;
  vllm: CudaTable;
  dlc: { source: string; registryPrefixes: readonly string[]; examples: readonly DlcExample[] };
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
        registryPrefixes: file['huggingface-dlc'].registryPrefixes,
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
 * `…/huggingface-pytorch-training-cu121.2-3.transformers.4-42.ubuntu2204.py310` is CUDA 12.1, PyTorch 2.3
 * and Transformers 4.42. The name is the only place these images say it: they are pulled without a tag.
 */
export function dlcRepositoryReadings(repository: string): { key: string; value: string; note: string }[] {
  const prefix = imageCudaTables().dlc.registryPrefixes.find((candidate) => repository.startsWith(candidate));
  if (prefix === undefined) return [];
  const match = DLC_NAME.exec(repository.slice(prefix.length));
  if (!match) return [];
  const [, library, major, minor, libraryMajor, libraryMinor, transformersMajor, transformersMinor] = match;
  const note = 'Hugging Face DLC repository name';
  const readings = [{ key: 'runtime.cuda', value: `${Number(major)}.${minor}`, note }];
  const libraryKey = DLC_LIBRARY_KEYS[library!];
  if (libraryKey) readings.push({ key: libraryKey, value: `${libraryMajor}.${libraryMinor}`, note });
  if (transformersMajor !== undefined) {
    readings.push({ key: 'runtime.transformers', value: `${transformersMajor}.${transformersMinor}`, note });
  }
  return readings;
}

/** `huggingface-<library>-cu<XYZ>.<major>-<minor>[.transformers.<major>-<minor>].<os>…` */
const DLC_NAME =
  /^huggingface-([a-z]+(?:-[a-z]+)*)-cu(\d{2})(\d)\.(\d+)-(\d+)(?:-\d+)?(?:\.transformers\.(\d+)-(\d+))?(?:\.|$)/;

/** The library whose release follows the CUDA part of a DLC name, by the name's library part. */
const DLC_LIBRARY_KEYS: Readonly<Record<string, string>> = {
  'text-generation-inference': 'runtime.tgi',
  'text-embeddings-inference': 'runtime.tei',
  'pytorch-inference': 'runtime.pytorch',
  'pytorch-training': 'runtime.pytorch',
};
