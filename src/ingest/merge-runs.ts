// Adapted files -> one stream in event-time order, so that the files of one sandbox run
// (droidmon.log + dump.pcap + report.json) reach the engine as one run and nothing is late.
//
// A run: files in one analysis directory (CuckooDroid's <N>/, <N>/logs/, <N>/reports/) whose
// events name exactly one package besides `unknown.app` (captures alone, or the outputs of
// several samples side by side, are no run). Within a run:
// - device: every event takes the device of the run's reference file: the first that names a
//   package in the order report (cuckoodroid, andropytool), DroidBox, droidmon, MobSF, then the
//   rest, ties by path, so that the input order changes nothing (the adapters derive device ids
//   per file: cuckoo-<N>, droidmon-<hash>, pcap-<name>);
//   `unknown.app` (a capture without per-app metadata) takes the run's package.
// - clock: a file whose time span does not overlap the reference file's by far (the gap is longer than both spans: a guest clock from a snapshot, a time zone) is
//   shifted so that its first event falls on the reference's first event. Each shift is a note.
// - the same event seen by two files is kept once:
//   1. an event an adapter marks `via: X` (a report's copy of what file kind X holds: its
//      `network` section is the pcap, its droidmon records are droidmon.log) is dropped when the
//      run has a file read by adapter X;
//   2. otherwise the dedup key is the event without `id`, `src` and `device` (so type, app, ts
//      and every field): an event of a later file (reference first, then the order above)
//      matches an equal one of an earlier file, one for one (a file's own repeats are real
//      repeats: a key used three times stays three).
// `via` never leaves this stage. Files that are no run (or runs of one file) are only merged by
// time. Equal times keep input order (file order, then the file's own order).
import { basename, dirname } from 'node:path';
import type { AdapterOutput } from '../adapters/adapter.js';

export interface AdaptedFile { file: string; adapter: string; output: AdapterOutput }

export interface MergedEvent { event: Record<string, unknown>; file: string; adapter: string; index: number }

export interface MergeResult {
  events: MergedEvent[];
  /** per file: what the merge did to it (device taken, clock shifted, duplicates dropped) */
  notes: { file: string; adapter: string; note: string }[];
  duplicates: number;
}

const UNKNOWN_APP = 'unknown.app';
const RUN_SUBDIRS = new Set(['logs', 'reports', 'files', 'shots', 'memory']);

export function runKeyOf(file: string): string {
  const dir = dirname(file);
  return RUN_SUBDIRS.has(basename(dir)) ? dirname(dir) : dir;
}

/** which file of a run is the reference (device, clock, kept copy): the report that names the
 *  analysis first, then the hook logs, then captures */
const RANK: Record<string, number> = { cuckoodroid: 0, andropytool: 1, droidbox: 2, 'droidbox-logcat': 3, droidmon: 4, mobsf: 5 };
const rankOf = (f: AdaptedFile) => RANK[f.adapter] ?? 9;

const appsOf = (f: AdaptedFile) => new Set(f.output.events.map((e) => e.app).filter((a): a is string => typeof a === 'string' && a !== UNKNOWN_APP));

/** groups of file indexes that are one run each, in input order */
function runsOf(files: AdaptedFile[]): number[][] {
  const byKey = new Map<string, number[]>();
  files.forEach((f, i) => {
    const k = runKeyOf(f.file);
    const g = byKey.get(k);
    if (g) g.push(i); else byKey.set(k, [i]);
  });
  const runs: number[][] = [];
  for (const g of byKey.values()) {
    const apps = new Set(g.flatMap((i) => [...appsOf(files[i])]));
    if (g.length > 1 && apps.size === 1) runs.push(g);
    else for (const i of g) runs.push([i]);
  }
  return runs;
}

interface Item { e: Record<string, unknown>; index: number }

function span(items: Item[]): [number, number] | undefined {
  if (items.length === 0) return undefined;
  let lo = Infinity, hi = -Infinity;
  for (const { e } of items) { const t = e.ts as number; if (t < lo) lo = t; if (t > hi) hi = t; }
  return [lo, hi];
}

function dedupKey(e: Record<string, unknown>): string {
  const { id: _i, src: _s, device: _d, via: _v, ...rest } = e;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

export function mergeRuns(files: AdaptedFile[]): MergeResult {
  const notes: MergeResult['notes'] = [];
  const note = (i: number, text: string) => notes.push({ file: files[i].file, adapter: files[i].adapter, note: text });
  // each event with its position in its file (the reference of a rejection: file#adapter:n)
  const kept: Item[][] = files.map((f) => f.output.events.map((e, i) => ({ e: { ...e }, index: i + 1 })));
  let duplicates = 0;

  for (const run of runsOf(files)) {
    if (run.length < 2) continue;
    // whatever order the files were given in: the same reference, the same copy kept
    const ordered = [...run].sort((a, b) => rankOf(files[a]) - rankOf(files[b]) || (files[a].file < files[b].file ? -1 : files[a].file > files[b].file ? 1 : 0));
    const ref = ordered.find((i) => appsOf(files[i]).size > 0) ?? ordered[0];
    const app = [...appsOf(files[ref])][0];
    const device = kept[ref].find((x) => typeof x.e.device === 'string')?.e.device;
    const refSpan = span(kept[ref]);
    const adapters = new Set(run.map((i) => files[i].adapter));
    const seen = new Map<string, number>();
    // the reference first: its events are the ones others are matched against
    for (const i of [ref, ...ordered.filter((j) => j !== ref)]) {
      let events = kept[i];
      if (i !== ref) {
        const own = span(events);
        if (own && refSpan && (own[0] > refSpan[1] || own[1] < refSpan[0])) {
          const gap = own[0] > refSpan[1] ? own[0] - refSpan[1] : refSpan[0] - own[1];
          if (gap > Math.max(own[1] - own[0], refSpan[1] - refSpan[0])) {
            const shift = refSpan[0] - own[0];
            for (const { e } of events) e.ts = (e.ts as number) + shift;
            note(i, `clock shifted by ${(shift / 1000).toFixed(3)} s onto ${basename(files[ref].file)}'s: the two files of this run do not overlap in time (different clocks); first events aligned`);
          }
        }
        const renamed = new Set<string>();
        let attributed = 0;
        for (const { e } of events) {
          if (device !== undefined && e.device !== device && typeof e.device === 'string') { renamed.add(e.device); e.device = device; }
          if (e.app === UNKNOWN_APP) { e.app = app; attributed++; }
        }
        if (renamed.size || attributed) {
          note(i, `same sandbox run as ${basename(files[ref].file)}:${renamed.size ? ` device ${[...renamed].join(', ')} → ${String(device)}` : ''}` +
            `${attributed ? `${renamed.size ? ',' : ''} ${attributed} event(s) of unknown.app → ${app} (the run's sample; a sandbox capture is the whole VM's traffic)` : ''}`);
        }
      }
      const before = events.length;
      const copyOf = (e: Record<string, unknown>) => typeof e.via === 'string' && e.via !== files[i].adapter && adapters.has(e.via);
      const copies = new Set(events.filter((x) => copyOf(x.e)).map((x) => String(x.e.via)));
      events = events.filter((x) => !copyOf(x.e));
      const viaDropped = before - events.length;
      const local = new Map<string, number>();
      const out: Item[] = [];
      for (const x of events) {
        const k = dedupKey(x.e);
        const n = (local.get(k) ?? 0) + 1;
        local.set(k, n);
        if (n <= (seen.get(k) ?? 0)) continue;
        out.push(x);
      }
      for (const [k, n] of local) if (n > (seen.get(k) ?? 0)) seen.set(k, n);
      kept[i] = out;
      const dropped = before - out.length;
      if (dropped) {
        duplicates += dropped;
        note(i, `${dropped} event(s) also in another file of this run counted once${viaDropped ? ` (${viaDropped} of them this file's copy of the run's ${[...copies].sort().join(' and ')} input)` : ''}`);
      }
    }
  }

  const all: MergedEvent[] = [];
  kept.forEach((items, i) => items.forEach(({ e, index }) => {
    if ('via' in e) delete e.via;
    all.push({ event: e, file: files[i].file, adapter: files[i].adapter, index });
  }));
  // stable: equal times keep file order, then the file's own order
  all.sort((a, b) => (a.event.ts as number) - (b.event.ts as number));
  return { events: all, notes, duplicates };
}
