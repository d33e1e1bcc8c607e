// Device -> partition: every event of a device goes to one partition, so one worker sees a
// device's events in order. FNV-1a over the device id: stable across processes and versions.

export function partitionOf(device: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < device.length; i++) { h ^= device.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return (h >>> 0) % partitions;
}

const DEVICE = /"device"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** the device of one NDJSON line without a full parse; undefined when it has none (the worker
 *  then rejects the line with its file, line and reason, as `detect` does) */
export function deviceOfLine(line: string): string | undefined {
  const m = DEVICE.exec(line);
  if (!m) return undefined;
  return m[1].includes('\\') ? (JSON.parse(`"${m[1]}"`) as string) : m[1];
}

export const telSubject = (p: number): string => `ct.tel.${p}`;
export const deadSubject = (p: number): string => `ct.dead.${p}`;
export const ALERT_SUBJECT = 'ct.alerts';
