import type { Summary } from './summary';

/** `2 errors, 1 warning, 0 notes (1 overridden)`: the closing line of the log and the step summary. */
export function summaryText(summary: Summary): string {
  const counts = [
    counted(summary.errors, 'error'),
    counted(summary.warnings, 'warning'),
    counted(summary.notes, 'note'),
  ].join(', ');
  return summary.overridden > 0 ? `${counts} (${summary.overridden} overridden)` : counts;
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
