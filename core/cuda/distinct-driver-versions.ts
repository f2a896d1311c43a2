import { type DriverVersion, parseDriverVersion } from './driver-version';

/** The driver versions among `texts`, each once, in order; what is not a version is left out. */
export function distinctDriverVersions(texts: readonly string[]): DriverVersion[] {
  const versions: DriverVersion[] = [];
  for (const text of texts) {
    const version = parseDriverVersion(text);
    if (version && !versions.some((known) => known.raw === version.raw)) versions.push(version);
  }
  return versions;
}
