// DroidBox categories are dicts keyed by seconds since the start of the run ("5.14264702796936"):
// this lists one category's entries in time order, each with its epoch ms and JSON path.
import type { EventSink } from '../shared/event-sink.js';
import { tsOfRunSeconds } from '../shared/synthetic-time.js';

export interface Entry { ts: number; value: Record<string, unknown>; field: string }

export function entriesOf(doc: Record<string, unknown>, name: string, sink: EventSink): Entry[] {
  const section = doc[name];
  if (section === undefined || section === null) return [];
  if (typeof section !== 'object' || Array.isArray(section)) {
    if (!(Array.isArray(section) && section.length === 0)) sink.issue('bad_section', `${name} is not a dict of {seconds: entry}: skipped`, { field: name });
    return [];
  }
  const out: Entry[] = [];
  for (const [k, v] of Object.entries(section as Record<string, unknown>)) {
    const field = `${name}.${k}`;
    const ts = tsOfRunSeconds(k);
    if (ts === undefined) { sink.issue('bad_time', `key ${JSON.stringify(k.slice(0, 40))} is not seconds since the start: skipped`, { field }); continue; }
    if (!v || typeof v !== 'object' || Array.isArray(v)) { sink.issue('bad_record', 'entry is not an object: skipped', { field }); continue; }
    out.push({ ts, value: v as Record<string, unknown>, field });
  }
  return out.sort((a, b) => a.ts - b.ts);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function port(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}
