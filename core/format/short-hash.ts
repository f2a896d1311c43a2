/** Full commit shas and digests drown a sentence; their first 12 hex characters identify them. */
export function shortHash(value: string): string {
  if (!/^(sha256:)?[0-9a-f]{40,64}$/i.test(value)) return value;
  return `${value.slice(0, value.startsWith('sha256:') ? 19 : 12)}…`;
}
