import type * as Crypto from 'node:crypto';

/**
 * A value that arrived marked secret (Pulumi `secret()`, the Analyzer protocol's secret signature) is
 * tainted: rules still compare it, but no message, field or report shows it. DESIGN.md, "Secrets".
 */
export const SECRET_VALUE = 'a secret value';

/** How a tainted value is shown: the words, and a short digest so two reports can be told apart. */
export function secretValueLabel(value: string): string {
  // node:crypto is required here, not at start-up: few runs ever show a secret's label.
  const { createHash } = require('node:crypto') as typeof Crypto;
  const digest = createHash('sha256').update(value).digest('hex').slice(0, 8);
  return `${SECRET_VALUE} (sha256 ${digest}…)`;
}

/**
 * True when `value` was read out of a tainted one or holds one: a flag's value split from a secret
 * `sh -c` string, or an env value that is the secret itself.
 */
export function derivedFromSecret(value: string, secrets: readonly string[] | undefined): boolean {
  if (!secrets || !value) return false;
  return secrets.some((secret) => secret !== '' && (secret.includes(value) || value.includes(secret)));
}

/**
 * Every occurrence of a tainted value in `text` replaced by its label: the last line of defence a
 * front applies to what it prints, whatever a rule's message was built from.
 */
export function withoutSecrets(text: string, secrets: readonly string[] | undefined): string {
  if (!secrets?.length) return text;
  let result = text;
  // Longest first: a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < 4) continue;
    result = result.split(secret).join(secretValueLabel(secret));
  }
  return result;
}
