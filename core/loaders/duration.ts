const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const DURATION = /^(\d+)(ms|s|m|h)?$/;

/** `90`, `90s`, `2m`, `1500ms` to seconds; the schema has already checked the shape. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return value;
  const [, amount, unit] = DURATION.exec(value) ?? [];
  return Number(amount) * UNIT_SECONDS[unit ?? 's']!;
}

/** A duration typed on a command line (`90`, `90s`, `500ms`, `2m`, `1h`) in seconds; null when it is not one. */
export function tryParseDuration(text: string): number | null {
  return DURATION.test(text.trim()) ? parseDuration(text.trim()) : null;
}

/** Seconds as a duration option reads them back: `90s` when whole, else `1500ms`. */
export function durationText(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}
