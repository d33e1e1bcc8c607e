// Composition root of `ciphertrail baseline`: telemetry files -> validated events -> per-app
// accumulator -> BASELINE.json; and `baseline merge`. Event-time bounds only: a duration bound
// (`--since 24h`) counts back from the newest event of the input (a first pass finds it).
import { writeFile } from 'node:fs/promises';
import { CiphertrailError, formatIssue } from '../model/index.js';
import { pushEvents, type IngestCounters, type ReadEventsOptions, type Rejected } from '../ingest/read-events.js';
import { parseDuration } from '../policy/index.js';
import { parseTimestamp } from '../normalize/parse-timestamp.js';
import { BaselineAccumulator, emptyBaseline, loadBaseline, mergeBaselines, serializeBaseline, type Baseline } from '../baseline/index.js';

export interface BaselineOptions {
  files: string[];
  /** ISO/RFC 3339 time, epoch ms, or a duration counted back from the newest event */
  since?: string;
  until?: string;
  read?: ReadEventsOptions;
  log: (line: string) => void;
  rejectReportLimit?: number;
}

export interface BaselineRun { baseline: Baseline; counters: IngestCounters; learned: number; outside: number; since?: number; until?: number }

type Bound = { at: number } | { back: number };

function parseBound(v: string, flag: string): Bound {
  if (/^\d{10,}$/.test(v)) return { at: Number(v) };
  const d = parseDuration(v);
  if (d !== undefined && /[a-z]$/.test(v)) return { back: d };
  const t = parseTimestamp(v);
  if (t === undefined) throw new CiphertrailError('usage', `${flag}: want an RFC 3339 time (2026-01-05T00:00:00Z), epoch ms or a duration (24h) counted back from the newest event, got '${v}'`);
  return { at: t };
}

async function newestEvent(files: string[], read?: ReadEventsOptions): Promise<number> {
  let max = -Infinity;
  const counters: IngestCounters = { lines: 0, accepted: 0, rejected: 0, blank: 0 };
  await pushEvents(files, () => {}, counters, (x) => { if (x.ts > max) max = x.ts; }, undefined, read && { ...read, onFileEnd: undefined });
  return max;
}

export async function runBaseline(o: BaselineOptions): Promise<BaselineRun> {
  const bounds = { since: o.since !== undefined ? parseBound(o.since, '--since') : undefined, until: o.until !== undefined ? parseBound(o.until, '--until') : undefined };
  let newest: number | undefined;
  if ((bounds.since && 'back' in bounds.since) || (bounds.until && 'back' in bounds.until)) {
    if (o.files.includes('-')) throw new CiphertrailError('usage', 'a duration bound counts back from the newest event: it needs files, not stdin (give an RFC 3339 time instead)');
    newest = await newestEvent(o.files, o.read);
  }
  const resolve = (b: Bound | undefined) => (b === undefined ? undefined : 'at' in b ? b.at : newest! - b.back);
  const since = resolve(bounds.since), until = resolve(bounds.until);
  const acc = new BaselineAccumulator({ ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) });
  const limit = o.rejectReportLimit ?? 100;
  let reported = 0;
  const counters: IngestCounters = { lines: 0, accepted: 0, rejected: 0, blank: 0 };
  const onReject = (r: Rejected) => { if (reported++ < limit) o.log(formatIssue(r.issue)); };
  await pushEvents(o.files, onReject, counters, (x) => acc.push(x), undefined, o.read);
  if (counters.rejected > limit) o.log(`… ${counters.rejected - limit} more rejected line(s)`);
  if (counters.rejected > 0) o.log(`${counters.rejected} line(s) rejected, ${counters.accepted} accepted`);
  return { baseline: acc.result(), counters, learned: acc.events, outside: acc.outside, ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

/** merge baseline files; every problem of every file is listed before failing */
export async function mergeBaselineFiles(files: string[]): Promise<Baseline> {
  let out = emptyBaseline();
  const problems: string[] = [];
  for (const f of files) {
    const r = await loadBaseline(f);
    if (!r.value) { for (const i of r.issues) problems.push(formatIssue(i)); continue; }
    out = mergeBaselines(out, r.value);
  }
  if (problems.length) throw new CiphertrailError('invalid_baseline', `invalid baseline (${problems.length} problem(s)):\n${problems.map((p) => '  ' + p).join('\n')}`);
  return out;
}

/** one baseline file, or a CiphertrailError listing its problems */
export const loadBaselineOrThrow = (file: string): Promise<Baseline> => mergeBaselineFiles([file]);

export async function writeBaseline(b: Baseline, out: string): Promise<void> {
  const text = serializeBaseline(b);
  if (out === '-') process.stdout.write(text);
  else await writeFile(out, text);
}
