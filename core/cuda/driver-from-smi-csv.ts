import { type DriverVersion, parseDriverVersion } from './driver-version';

/**
 * `nvidia-smi --query-gpu=driver_version,... --format=csv[,noheader][,nounits]`: one row per GPU. With a
 * header, the `driver_version` (or `kmd_version`) column; without one, the first column, which is
 * where the probe's own query puts it. Every row must name the same driver (there is one per host).
 */
export function driverFromSmiCsv(text: string): DriverVersion | null {
  const rows = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(',').map((cell) => cell.trim()));
  if (rows.length === 0) return null;
  const header = rows[0]!.map((cell) => cell.toLowerCase());
  let column = 0;
  let body = rows;
  if (!parseDriverVersion(rows[0]![0] ?? '')) {
    column = header.findIndex((cell) => cell === 'kmd_version' || cell === 'driver_version');
    if (column === -1) return null;
    body = rows.slice(1);
  }
  const versions = body.map((row) => parseDriverVersion(row[column] ?? ''));
  const first = versions[0];
  if (!first || versions.some((version) => version?.raw !== first.raw)) return null;
  return first;
}
