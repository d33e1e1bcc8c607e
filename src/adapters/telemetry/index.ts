// `--from telemetry`: telemetry v1 NDJSON itself (the Frida sensor's output, `convert` output), so
// that `--from auto` can read it beside foreign formats and join them on one timeline. Lines are
// passed through as they are: the same validation as every adapter's output judges them after.
import { EVENT_TYPES } from '../../model/index.js';
import { normalizeEvent } from '../../normalize/normalize-event.js';
import type { Adapter, AdapterOptions, AdapterOutput } from '../adapter.js';
import { headText, readInput } from '../shared/read-input.js';
import { ISSUE_CAP } from '../shared/event-sink.js';

const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

function looksLikeEvent(line: string): boolean {
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    return typeof v === 'object' && v !== null && TYPES.has(v.type as string) && typeof v.device === 'string' && v.ts !== undefined;
  } catch { return false; }
}

export async function convertTelemetry(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  if (input.text.trim() === '') return { events: [], issues: [{ code: 'empty_input', message: 'empty file: want telemetry v1 NDJSON', file }], cannotShow: [], notes: ['empty input: no events'] };
  if (input.binary) return { events: [], issues: [{ code: 'not_json', message: 'binary bytes: want telemetry v1 NDJSON', file, line: 1 }], cannotShow: [], notes: [] };
  const rows: { ts: number; line: number; ev: Record<string, unknown> }[] = [];
  const issues: AdapterOutput['issues'] = [];
  let dropped = 0;
  input.text.split('\n').forEach((l, i) => {
    const s = l.trim();
    if (s === '') return;
    let v: unknown;
    try { v = JSON.parse(s); } catch {
      if (issues.length < ISSUE_CAP) issues.push({ code: 'not_json', message: 'not valid JSON: want one telemetry v1 event per line', file, line: i + 1 });
      else dropped++;
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      if (issues.length < ISSUE_CAP) issues.push({ code: 'not_object', message: 'want a telemetry v1 event object', file, line: i + 1 });
      else dropped++;
      return;
    }
    const ev = v as Record<string, unknown>;
    if (opts.device && ev.device === undefined) ev.device = opts.device;
    const r = normalizeEvent(ev, { file, line: i + 1 });
    if (r.ok) rows.push({ ts: r.accepted.ts, line: i + 1, ev: r.accepted.event as unknown as Record<string, unknown> });
    else if (issues.length < ISSUE_CAP) issues.push(r.issue);
    else dropped++;
  });
  if (dropped) issues.push({ code: 'too_many_issues', message: `${dropped} more issue(s) not listed`, file });
  // time order across the file (the engine's lateness then holds for every source joined with it)
  rows.sort((a, b) => a.ts - b.ts || a.line - b.line);
  return { events: rows.map((r) => r.ev), issues, cannotShow: [], notes: [] };
}

export const telemetryAdapter: Adapter = {
  name: 'telemetry',
  description: 'telemetry v1 NDJSON as it is (the Frida sensor, convert output): to read it beside other formats with --from auto',
  sniff: (head) => {
    const lines = headText(head).split('\n').slice(0, 2);
    return lines.length > 0 && looksLikeEvent(lines[0].trim());
  },
  convert: convertTelemetry,
};
