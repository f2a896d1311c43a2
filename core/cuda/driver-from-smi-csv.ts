import { distinctDriverVersions } from './distinct-driver-versions';
import { type DriverVersion, parseDriverVersion } from './driver-version';

/**
 * `nvidia-smi --query-gpu=driver_version,... --format=csv[,noheader][,nounits]`: one row per GPU. With a
 * header, the `driver_version` (or `kmd_version`) column; without one, the first column, which is
 * where the probe's own query puts it. Every version the rows name, each once (one host has one
 * driver: two are an ambiguous answer); none when a row holds no version.
 */
export function driverVersionsFromSmiCsv(text: string): DriverVersion[] {
  const rows = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(',').map((cell) => cell.trim()));
  if (rows.length === 0) return [];
  const header = rows[0]!.map((cell) => cell.toLowerCase());
  let column = 0;
  let body = rows;
  if (!parseDriverVersion(rows[0]![0] ?? '')) {
    column = header.findIndex((cell) => cell === 'kmd_version' || cell === 'driver_version');
    if (column === -1) return [];
    body = rows.slice(1);
  }
  const cells = body.map((row) => row[column] ?? '');
  if (cells.length === 0 || cells.some((cell) => !parseDriverVersion(cell))) return [];
  return distinctDriverVersions(cells);
}
