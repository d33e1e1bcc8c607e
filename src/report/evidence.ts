// Joins an alert's evidence refs back to the telemetry lines they name: an event `id`, or
// `file:line` when the sensor gave none. Only the lines some alert refers to are kept, so a
// large telemetry file costs one pass and little memory.
import { basename } from 'node:path';
import type { Issue, TelemetryEvent } from '../model/index.js';
import { readLines } from '../ingest/read-lines.js';
import { lineTooLong, MAX_LINE_LENGTH } from '../normalize/input-limits.js';
import { parseLine } from '../normalize/parse-line.js';
import type { EvidenceItem, ReportAlert } from './model.js';

export interface EvidenceIndex {
  /** the evidence items of an alert, in the alert's order; unresolved refs have no event */
  itemsOf(alert: ReportAlert): EvidenceItem[];
  issues: Issue[];
  lines: number;
}

const key = (device: string, ref: string) => `${device}\u0000${ref}`;

const ENVELOPE = ['ts', 'device', 'type', 'app', 'uid', 'pid', 'proc', 'id', 'src', 'v'];
const FIELDS: Record<string, string[]> = {
  'crypto.key': ['key_fp', 'alg', 'bits', 'origin', 'hw_backed', 'kdf'],
  'crypto.op': ['alg', 'dir', 'key_fp', 'mode', 'in_bytes', 'out_bytes', 'iv_fp', 'api'],
  'data.access': ['category', 'items', 'bytes'],
  'file.write': ['path', 'bytes', 'entropy', 'op'],
  'file.delete': ['path'],
  'app.state': ['state'],
  'device.state': ['screen', 'locked'],
  'user.interaction': [],
  'net.send': ['bytes_out', 'dst_host', 'dst_ip', 'dst_port', 'proto', 'bytes_in', 'tls', 'method', 'path', 'payload', 'conn'],
  'app.info': ['version', 'installer', 'signer', 'permissions', 'approved', 'label'],
};
const PAYLOAD = ['format', 'entropy', 'b64_fields', 'size'];

/** The contract's fields only. Telemetry keeps unknown fields (forward compatibility); a report
 *  must not pass on whatever a sensor added there (raw key bytes, plaintext samples…). */
export function contractView(e: TelemetryEvent): TelemetryEvent {
  const src = e as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of [...ENVELOPE, ...(FIELDS[e.type] ?? [])]) {
    if (src[k] === undefined) continue;
    if (k === 'payload' && typeof src[k] === 'object' && src[k] !== null) {
      const p = src[k] as Record<string, unknown>;
      out[k] = Object.fromEntries(PAYLOAD.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]));
    } else out[k] = src[k];
  }
  return out as unknown as TelemetryEvent;
}

/** Reads the telemetry files once, keeping the events that the alerts' evidence refers to.
 *  Lines the validator rejects become issues (file:line:field), as in detect. */
export async function indexEvidence(files: string[], alerts: ReportAlert[], names?: ReadonlyMap<string, string>): Promise<EvidenceIndex> {
  const wanted = new Set<string>();
  for (const a of alerts) for (const r of a.evidence) wanted.add(key(a.device, r));
  const found = new Map<string, EvidenceItem>();
  const issues: Issue[] = [];
  let lines = 0;
  for (const path of files) {
    for await (const batch of readLines(path, { maxLineLength: MAX_LINE_LENGTH, ...(names ? { names } : {}) })) {
      const short = basename(batch.file);
      for (let i = 0; i < batch.lines.length; i++) {
        const line = batch.firstLine + i;
        const long = batch.overlong?.get(i);
        if (long !== undefined) { lines++; issues.push(lineTooLong(long, MAX_LINE_LENGTH, batch.file, line)); continue; }
        const r = parseLine(batch.lines[i], { file: batch.file, line });
        if (r.ok === 'skip') continue;
        lines++;
        if (r.ok === false) { issues.push(r.issue); continue; }
        const ev = r.accepted.event;
        // an event is named by its id, or by the file:line detect saw (full path or basename)
        for (const ref of [r.accepted.ref, `${batch.file}:${line}`, `${short}:${line}`]) {
          const k = key(ev.device, ref);
          if (wanted.has(k) && !found.has(k)) found.set(k, { ref, event: contractView(ev), source: { file: short, line } });
        }
      }
    }
  }
  return {
    issues,
    lines,
    itemsOf: (a) => a.evidence.map((ref) => {
      const hit = found.get(key(a.device, ref));
      return hit ? { ...hit, ref } : { ref };
    }),
  };
}

/** Evidence events already at hand (the server's store): same shape, no file:line. */
export function itemsFromEvents(alert: ReportAlert, events: { id: string; event: unknown }[]): EvidenceItem[] {
  const byId = new Map(events.map((e) => [e.id, e.event]));
  return alert.evidence.map((ref) => {
    const ev = byId.get(ref);
    return ev ? { ref, event: contractView(ev as TelemetryEvent) } : { ref };
  });
}
