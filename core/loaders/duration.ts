const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const DURATION = /^(\d+)(ms|s|m|h)?$/;

/**
 * The longest duration any setting or option takes: 24 days (576h). A timer cannot wait longer
 * (setTimeout takes at most 2^31-1 ms, about 24.8 days, and fires after 1 ms beyond that), and no
 * boot, request or cache lifetime here is meant to last that long.
 */
export const MAX_DURATION_SECONDS = 24 * 24 * 3600;

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

/** Why `seconds` cannot be used as a duration (longer than MAX_DURATION_SECONDS), or undefined. */
export function durationProblem(seconds: number): string | undefined {
  if (Number.isFinite(seconds) && seconds <= MAX_DURATION_SECONDS) return undefined;
  return `is longer than the longest duration taken, ${MAX_DURATION_SECONDS / 3600}h (24 days)`;
}

/** Seconds as a duration option reads them back: `90s` when whole, else `1500ms`. */
export function durationText(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}
