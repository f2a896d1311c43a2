import type { PolicyDiagnostic, PreviewResult } from './run-preview';

/**
 * The "Policies:" block `pulumi preview` prints: the pack with ✅ or ❌, then each violation as
 * `- [level] [severity: x]  policy  (type: name)` followed by its message lines.
 */
export function formatPreview(result: PreviewResult, packLabel: string): string {
  const lines = [
    `Previewing update (${result.capture.stack}) of ${result.capture.project}: emulated engine, no Pulumi CLI; ${result.analyzed} resources analyzed`,
    '',
    'Policies:',
    `    ${result.failed ? '❌' : '✅'} ${result.pack.name}@v${result.pack.version} (local: ${packLabel})`,
  ];
  const ordered = [...result.diagnostics].sort((a, b) => rank(a) - rank(b));
  for (const diagnostic of ordered) {
    const severity = diagnostic.severity ? ` [severity: ${diagnostic.severity}]` : '';
    lines.push(
      `        - [${diagnostic.enforcementLevel}]${severity}  ${diagnostic.policyName}  (${diagnostic.type}: ${diagnostic.name})`,
    );
    for (const line of diagnostic.message.split('\n')) lines.push(`          ${line}`);
  }
  const mandatory = result.diagnostics.filter((d) => d.enforcementLevel !== 'advisory').length;
  const advisory = result.diagnostics.length - mandatory;
  lines.push('');
  lines.push(
    result.failed
      ? `error: preview failed: ${mandatory} mandatory policy violation${mandatory === 1 ? '' : 's'} (${advisory} advisory)`
      : `Preview passed the policy pack (${advisory} advisory violation${advisory === 1 ? '' : 's'}).`,
  );
  return `${lines.join('\n')}\n`;
}

function rank(diagnostic: PolicyDiagnostic): number {
  return diagnostic.enforcementLevel === 'advisory' ? 1 : 0;
}
