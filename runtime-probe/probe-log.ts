/**
 * Every probe says what it saw and decided twice: one JSON line on stdout for log collectors, one
 * human text on stderr for people reading a pod's logs (a sentence; the model check's check list).
 */
export function writeProbeLog(record: object, human: string): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
  process.stderr.write(`${human}\n`);
}
