import type { SemVer } from 'semver';
import type { VersionLevel } from '../model/config';

/** A version as ML images, wheels and model cards write it, normalized onto semver. */
export interface Version {
  /** The text as given. */
  raw: string;
  major: number;
  minor?: number;
  patch?: number;
  /** Semver identifiers; PEP 440 `rc1` becomes `['rc', '1']`, `.dev3` becomes `['dev', '3']`. */
  prerelease: string[];
  /** Ignored when comparing: local suffixes (`cu121`), post releases (`post1`), a fourth numeric part. */
  build: string[];
  /** How many of major, minor, patch were written: `12.1` is 2, and so is `cu121`. */
  precision: 1 | 2 | 3;
  /** Missing parts read as 0. */
  semver: SemVer;
  /** CUDA major.minor from a torch-style local suffix: `2.3.0+cu121` gives `12.1`. */
  cuda?: string;
}

/** The highest level at which two versions differ, or `none`. */
export type Drift = 'none' | VersionLevel;
