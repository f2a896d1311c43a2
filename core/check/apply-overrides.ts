import type { Override } from '../model/config';
import type { Finding } from '../model/finding';

/**
 * Applies overrides: a matching, unexpired override turns a blocking finding into a warning that shows
 * the reason. An expired override applies to nothing and is itself reported, so it cannot be forgotten.
 * `today` is an ISO date (YYYY-MM-DD), passed in so that the result is a pure function of its inputs.
 */
export function applyOverrides(
  findings: readonly Finding[],
  overrides: readonly Override[],
  today: string,
): Finding[] {
  const active = overrides.filter((override) => !override.expires || override.expires >= today);
  const result = findings.map((finding) => {
    if (finding.severity !== 'error') return finding;
    const override = active.find((candidate) => matches(candidate, finding));
    if (!override) return finding;
    return {
      ...finding,
      severity: 'warning' as const,
      message: `${finding.message} [overridden: ${override.reason}${override.expires ? `; until ${override.expires}` : ''}]`,
      override: { reason: override.reason, expires: override.expires, location: override.location },
    };
  });
  for (const override of overrides) {
    if (!override.expires || override.expires >= today) continue;
    result.push({
      rule: override.rule,
      severity: 'warning',
      target: override.target ?? override.rule,
      location: override.location,
      message: `override for ${override.rule}${override.target ? ` on ${override.target}` : ''} expired on ${override.expires} and no longer applies (reason was: ${override.reason})`,
      fix: 'Fix the findings it covered, or renew the override with a new expiry date.',
    });
  }
  return result;
}

function matches(override: Override, finding: Finding): boolean {
  if (override.rule !== finding.rule) return false;
  if (!override.target) return true;
  return (
    finding.target.includes(override.target) || (finding.location?.file.includes(override.target) ?? false)
  );
}
