import type { RegistryFailure } from './registry-error';

/** The parts of an image config (OCI image-spec `config`) the checks read. */
export interface ImageConfig {
  /** `os/architecture[/variant]`. */
  platform: string;
  env: Record<string, string>;
  labels: Record<string, string>;
}

/** An image reference as the registry answered it. */
export interface ResolvedImage {
  status: 'resolved';
  /** The reference as written in the workload. */
  reference: string;
  /** What the reference resolves to: the index's digest for a multi-platform image. */
  digest: string;
  /** The platform's own manifest digest when `digest` is an index. */
  platformDigest?: string;
  configDigest: string;
  config: ImageConfig;
  /** No HTTP request was needed. */
  fromCache: boolean;
}

export interface UnresolvedImage {
  status: 'unresolved';
  reference: string;
  failure: RegistryFailure;
  /** In words, naming the registry and repository; never a credential. */
  reason: string;
}

export type ImageLookup = ResolvedImage | UnresolvedImage;

/** Lookups keyed by the image reference as written. */
export type ImageLookups = ReadonlyMap<string, ImageLookup>;
