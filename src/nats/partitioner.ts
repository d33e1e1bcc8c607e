// Device -> partition: every event of a device goes to one partition, so one worker sees a
// device's events in order. FNV-1a over the device id: stable across processes and versions.

export function partitionOf(device: string, partitions: number): number {
  return bucketOf(device, partitions);
}

/** FNV-1a of `text` mod `n`: stable across processes and versions (partitions, key shards) */
export function bucketOf(text: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return (h >>> 0) % n;
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
export const USES_SUBJECT = 'ct.uses';
