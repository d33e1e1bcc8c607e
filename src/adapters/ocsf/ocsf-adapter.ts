// OCSF 1.x events (NDJSON, a JSON array, or one pretty-printed object) -> telemetry v1. The class
// mapping is in map-ocsf.ts. Records are put in time order first, so DNS answers name the sends
// that follow them; classes without a mapping are issues (counted), never a stop.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FacetName, Issue } from '../../model/index.js';
import type { Adapter, AdapterOptions, AdapterOutput } from '../adapter.js';
import { CLASS_NAMES, mapOcsf, timeOf, type Json, type MapContext } from './map-ocsf.js';

/** key fingerprints and foreground/background state have no OCSF class that carries them */
export const OCSF_CANNOT_SHOW: FacetName[] = ['key_reuse', 'background'];

export const ocsfAdapter: Adapter = {
  name: 'ocsf',
  description: 'OCSF 1.x events (NDJSON or JSON array): Network/HTTP/DNS Activity, File System Activity, Process Activity',
  sniff: (head) => {
    const t = head.toString('utf8', 0, Math.min(head.length, 65536)).replace(/^\uFEFF/, '').trimStart();
    return (t.startsWith('{') || t.startsWith('[')) && /"class_uid"\s*:/.test(t);
  },
  convert: convertOcsf,
};

interface Rec { line: number; value: unknown }

export async function convertOcsf(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const issues: Issue[] = [];
  const notes: string[] = [];
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const recs = parseRecords(text, file, issues);
  const ctx: MapContext = { defaultDevice: `ocsf-${basename(path)}`, names: new Map(), ...(opts.device ? { device: opts.device } : {}), ...(opts.app ? { app: opts.app } : {}) };
  const timed = recs.map((r) => ({ ...r, ts: r.value && typeof r.value === 'object' && !Array.isArray(r.value) ? timeOf(r.value as Json) ?? 0 : 0 }));
  timed.sort((a, b) => a.ts - b.ts || a.line - b.line);
  const events: Json[] = [];
  const mapped = new Map<string, number>(), skipped = new Map<string, number>(), unmapped = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const r of timed) {
    if (!r.value || typeof r.value !== 'object' || Array.isArray(r.value)) {
      issues.push({ code: 'not_object', message: 'want an OCSF event object', file, line: r.line });
      continue;
    }
    const res = mapOcsf(r.value as Json, ctx);
    if (res.kind === 'issue') {
      issues.push({ code: res.code, message: res.message, file, line: r.line, ...(res.field ? { field: res.field } : {}) });
      if (res.code === 'unmapped_class') bump(unmapped, String((r.value as Json).class_uid));
      continue;
    }
    if (res.kind === 'skip') { bump(skipped, res.why); continue; }
    const cls = Number((r.value as Json).class_uid);
    bump(mapped, CLASS_NAMES[cls] ?? String(cls));
    for (const ev of res.events) events.push({ ...ev, id: `ocsf-${events.length + 1}` });
  }
  notes.push(`${recs.length} OCSF record(s) -> ${events.length} event(s)` + (mapped.size ? `: ${[...mapped].map(([k, v]) => `${v} ${k}`).join(', ')}` : ''));
  if (skipped.size) notes.push(`read but not telemetry: ${[...skipped].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  if (unmapped.size) notes.push(`classes without a mapping (issues): ${[...unmapped].map(([k, v]) => `class_uid ${k} ×${v}`).join(', ')}`);
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)); // in file order, whatever the time order
  notes.push('OCSF carries no key fingerprints or foreground state; crypto only from File System Activity Encrypt/Decrypt');
  return { events, issues, cannotShow: OCSF_CANNOT_SHOW, notes };
}

function parseRecords(text: string, file: string, issues: Issue[]): Rec[] {
  const t = text.trimStart();
  if (t === '') return [];
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(text) as unknown;
      if (Array.isArray(v)) return v.map((value, i) => ({ line: i + 1, value }));
    } catch (e) {
      issues.push({ code: 'not_json', message: `a JSON array that does not parse: ${(e as Error).message}`, file, line: 1 });
      return [];
    }
  }
  const recs: Rec[] = [];
  const bad: Issue[] = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    const s = l.trim();
    if (s === '') return;
    try {
      const v = JSON.parse(s) as unknown;
      if (Array.isArray(v)) for (const x of v) recs.push({ line: i + 1, value: x });
      else recs.push({ line: i + 1, value: v });
    } catch (e) {
      bad.push({ code: 'not_json', message: `not valid JSON: ${(e as Error).message}`, file, line: i + 1 });
    }
  });
  if (recs.length === 0 && bad.length > 1) {
    // one pretty-printed event
    try { return [{ line: 1, value: JSON.parse(text) }]; } catch { /* report the lines */ }
  }
  for (const b of bad) issues.push(b);
  return recs;
}
