/** An NVIDIA kernel driver version: two or three numeric parts (`570.26`, `590.48.01`, `595.80`). */
export interface DriverVersion {
  /** As written, e.g. `590.48.01` (leading zeros kept: they are part of how NVIDIA names releases). */
  raw: string;
  parts: readonly number[];
}

const DRIVER_VERSION = /^\d{2,4}\.\d{1,3}(?:\.\d{1,3})?$/;

/** Reads a driver version written on its own; null for anything else (an NVML `590.48`, sure, but not `x86_64`). */
export function parseDriverVersion(text: string): DriverVersion | null {
  const raw = text.trim();
  if (!DRIVER_VERSION.test(raw)) return null;
  return { raw, parts: raw.split('.').map(Number) };
}

/** Part by part, numerically, a missing part read as 0: `570.26` < `570.124.06`, `595.80` > `595.71.05`. */
export function compareDriverVersions(a: DriverVersion, b: DriverVersion): number {
  for (let i = 0; i < Math.max(a.parts.length, b.parts.length); i++) {
    const diff = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
