import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding';

/**
 * SARIF `partialFingerprints.primaryLocationLineHash` for each finding, so GitHub keeps one alert
 * per problem across runs. The hash covers what identifies the problem: rule, target, file, and
 * the message with the finding's own declared and effective values masked. It leaves out line
 * numbers (they shift with unrelated edits), the values themselves (bumping a version is the same
 * problem until it is fixed), severity and override (an override must not open a new alert).
 * Findings that still collide get an occurrence count, as GitHub's own hashes do (`hash:1`, `hash:2`).
 */
export function locationHashes(findings: readonly Finding[], files: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding, index) => {
    const identity = [finding.rule, finding.target, files[index] ?? '', maskedMessage(finding)];
    const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

function maskedMessage(finding: Finding): string {
  const values = [
    { value: finding.declared, mask: '{declared}' },
    { value: finding.effective, mask: '{effective}' },
  ]
    .filter((entry): entry is { value: string; mask: string } => Boolean(entry.value))
    // The longer value first, so `4.40` inside `4.40.1` does not leave `.1` behind.
    .sort((a, b) => b.value.length - a.value.length);
  return values.reduce((message, { value, mask }) => message.split(value).join(mask), finding.message);
}
