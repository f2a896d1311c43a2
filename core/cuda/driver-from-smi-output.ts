import { driverVersionsFromSmiCsv } from './driver-from-smi-csv';
import { driverVersionsFromSmiQuery } from './driver-from-smi-query';
import { driverVersionsFromSmiTable } from './driver-from-smi-table';
import { driverVersionsFromSmiVersion } from './driver-from-smi-version';
import { driverVersionsFromSmiXml } from './driver-from-smi-xml';
import type { DriverVersion } from './driver-version';

export type SmiLayout = 'xml' | 'query-log' | 'version' | 'table' | 'csv';

const PARSERS: readonly [SmiLayout, (text: string) => DriverVersion[]][] = [
  ['xml', driverVersionsFromSmiXml],
  ['query-log', driverVersionsFromSmiQuery],
  ['version', driverVersionsFromSmiVersion],
  ['table', driverVersionsFromSmiTable],
  ['csv', driverVersionsFromSmiCsv],
];

/**
 * Every driver version whatever `nvidia-smi` printed names, in any layout it has: the default table
 * (every header era), `-q`, `-q -x`, `--version`, `--query-gpu` CSV. Each parser recognises its own
 * layout and declines the others; the output is read by every parser that recognises it (a wrapper may
 * print a table and a query). One version is the answer; two or more (two GPUs' rows, a header and a
 * query) are ambiguous; none when no parser recognises it (an error message, `-L`, garbage).
 */
export function driverVersionsFromSmiOutput(text: string): {
  versions: DriverVersion[];
  layouts: SmiLayout[];
} {
  const versions: DriverVersion[] = [];
  const layouts: SmiLayout[] = [];
  for (const [layout, parse] of PARSERS) {
    const found = parse(text);
    if (found.length > 0) layouts.push(layout);
    for (const version of found) {
      if (!versions.some((known) => known.raw === version.raw)) versions.push(version);
    }
  }
  return { versions, layouts };
}

/** The one driver version nvidia-smi's output names, and its layout; null when it names none or several. */
export function driverFromSmiOutput(text: string): { version: DriverVersion; layout: SmiLayout } | null {
  const { versions, layouts } = driverVersionsFromSmiOutput(text);
  return versions.length === 1 ? { version: versions[0]!, layout: layouts[0]! } : null;
}
