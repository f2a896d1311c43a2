import { driverFromSmiCsv } from './driver-from-smi-csv';
import { driverFromSmiQuery } from './driver-from-smi-query';
import { driverFromSmiTable } from './driver-from-smi-table';
import { driverFromSmiVersion } from './driver-from-smi-version';
import { driverFromSmiXml } from './driver-from-smi-xml';
import type { DriverVersion } from './driver-version';

export type SmiLayout = 'xml' | 'query-log' | 'version' | 'table' | 'csv';

const PARSERS: readonly [SmiLayout, (text: string) => DriverVersion | null][] = [
  ['xml', driverFromSmiXml],
  ['query-log', driverFromSmiQuery],
  ['version', driverFromSmiVersion],
  ['table', driverFromSmiTable],
  ['csv', driverFromSmiCsv],
];

/**
 * The driver version from whatever `nvidia-smi` printed, in any layout it has: the default table (every
 * header era), `-q`, `-q -x`, `--version`, `--query-gpu` CSV. Each parser recognises its own layout and
 * declines the others; null when none does (an error message, `-L`, garbage).
 */
export function driverFromSmiOutput(text: string): { version: DriverVersion; layout: SmiLayout } | null {
  for (const [layout, parse] of PARSERS) {
    const version = parse(text);
    if (version) return { version, layout };
  }
  return null;
}
