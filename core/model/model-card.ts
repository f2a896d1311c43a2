import type { Locate } from './location';

export interface FileHashes {
  sha256?: string;
  git_sha1?: string;
}

/** The declared runtime, as written in a `model-card.json`. Key names are a public contract. */
export interface ModelCard {
  /** The file it was loaded from. */
  file: string;
  model?: { id?: string; revision?: string; files?: Record<string, FileHashes> };
  /** The seed's field: a hex prefix of at least 7 characters, or a full sha256. */
  tokenizer_sha?: string;
  tokenizer?: { id?: string; revision?: string; files?: Record<string, FileHashes> };
  /** Framework versions by name: `cuda`, `pytorch`, `transformers`, and any other. */
  runtime: Record<string, string>;
  image: { repository: string; tag?: string; digest?: string };
  env: { required: string[] };
  /** Positions of fields inside the card file. */
  locate?: Locate;
}

/** A short human name for a card: its model id, else its file. */
export function cardName(card: ModelCard): string {
  return card.model?.id ?? card.file;
}
