// Joins an alert's evidence refs back to the telemetry lines they name: an event `id`, or
// `file:line` when the sensor gave none. Only the lines some alert refers to are kept, so a
// large telemetry file costs one pass and little memory.
import { basename } from 'node:path';
import type { Issue } from '../model/index.js';
import { readLines } from '../ingest/read-lines.js';
import { parseLine } from '../normalize/parse-line.js';
import type { EvidenceItem, ReportAlert } from './model.js';

export interface EvidenceIndex {
  /** the evidence items of an alert, in the alert's order; unresolved refs have no event */
  itemsOf(alert: ReportAlert): EvidenceItem[];
  issues: Issue[];
  lines: number;
}

const key = (device: string, ref: string) => `${device}\u0000${ref}`;

/** Reads the telemetry files once, keeping the events that the alerts' evidence refers to.
 *  Lines the validator rejects become issues (file:line:field), as in detect. */
export async function indexEvidence(files: string[], alerts: ReportAlert[]): Promise<EvidenceIndex> {
  const wanted = new Set<string>();
  for (const a of alerts) for (const r of a.evidence) wanted.add(key(a.device, r));
  const found = new Map<string, EvidenceItem>();
  const issues: Issue[] = [];
  let lines = 0;
  for (const path of files) {
    for await (const batch of readLines(path)) {
      const short = basename(batch.file);
      for (let i = 0; i < batch.lines.length; i++) {
        const line = batch.firstLine + i;
        const r = parseLine(batch.lines[i], { file: batch.file, line });
        if (r.ok === 'skip') continue;
        lines++;
        if (r.ok === false) { issues.push(r.issue); continue; }
        const ev = r.accepted.event;
        // an event is named by its id, or by the file:line detect saw (full path or basename)
        for (const ref of [r.accepted.ref, `${batch.file}:${line}`, `${short}:${line}`]) {
          const k = key(ev.device, ref);
          if (wanted.has(k) && !found.has(k)) found.set(k, { ref, event: ev, source: { file: short, line } });
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
    return ev ? { ref, event: ev as EvidenceItem['event'] } : { ref };
  });
}
