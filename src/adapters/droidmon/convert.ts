// droidmon.log (Xposed droidmon, as CuckooDroid collects it) -> telemetry v1: one record per line
// with its own millisecond timestamp; the same hook mapping as CuckooDroid reports.
import { basename } from 'node:path';
import { keyFingerprinter } from '../shared/key-fp.js';
import type { AdapterOptions, AdapterOutput } from '../adapter.js';
import { EventSink } from '../shared/event-sink.js';
import { readInput } from '../shared/read-input.js';
import { createMapContext, mapJavaCall, noteSkipped } from '../shared/call-mapper.js';
import { bytesOfDroidmonValue } from '../shared/byte-values.js';
import { guessPackage } from '../shared/package-name.js';
import { callOfDroidmonRecord } from '../shared/droidmon-record.js';
import type { JavaCall } from '../shared/java-call.js';
import type { Issue } from '../../model/index.js';
import { parseDroidmonLine, type DroidmonLine } from './parse-line.js';

export const SRC = 'droidmon';

export async function convertDroidmon(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  const issues: Issue[] = [];
  if (input.text.trim() === '') return { events: [], issues: [{ code: 'empty_input', message: 'empty file: want droidmon JSON lines', file }], cannotShow: [], notes: ['empty input: no events'] };
  if (input.binary) return { events: [], issues: [{ code: 'not_droidmon', message: 'binary bytes: want droidmon JSON lines', file, line: 1 }], cannotShow: [], notes: [] };

  const parsed: { line: DroidmonLine; n: number }[] = [];
  let skipped = 0;
  input.text.split('\n').forEach((text, i) => {
    if (text.trim() === '') return;
    const r = parseDroidmonLine(text);
    if (r.ok) parsed.push({ line: r.line, n: i + 1 });
    else if (r.reason === 'no_json') skipped++;
    else if (issues.length < 200) issues.push({ code: r.reason, message: r.message, file, line: i + 1 });
  });
  if (parsed.length === 0) {
    issues.push({ code: 'no_records', message: 'no droidmon record found (want one JSON object with class/method/timestamp per line)', file });
    return { events: [], issues, cannotShow: [], notes: [] };
  }
  const tagged = parsed.find((p) => p.line.pkg)?.line.pkg;
  const app = tagged ?? opts.app ?? guessPackage(input.text);
  if (!app) {
    issues.push({ code: 'no_package', message: 'the log names no package (no Droidmon-apimonitor-<pkg> tag, no /data/data/<pkg> path): pass --app', file });
    return { events: [], issues, cannotShow: [], notes: [] };
  }
  const sink = new EventSink(SRC, file, opts.device ?? `droidmon-${input.sha256.slice(0, 12)}`, app);
  for (const i of issues) sink.issue(i.code, i.message, { ...(i.line !== undefined ? { line: i.line } : {}) });
  if (!tagged) sink.note(`package ${app} ${opts.app ? 'from --app' : 'inferred from paths in the log'}: the log lines do not name it`);
  if (!opts.device) sink.note(`device id droidmon-${input.sha256.slice(0, 12)} from the file's hash (${basename(file)}): pass --device to set it`);
  if (skipped) sink.note(`${skipped} line(s) without a JSON record skipped (other logcat output)`);

  const x = createMapContext(sink, app, { decode: bytesOfDroidmonValue, fp: keyFingerprinter(opts.fpSecret) });
  let lastTs: number | undefined;
  for (const { line, n } of parsed) {
    const t = line.record.timestamp;
    const ts = typeof t === 'number' && Number.isFinite(t) && t > 0 ? t : lastTs;
    if (ts === undefined) { sink.issue('missing_timestamp', 'record without a numeric `timestamp` before any timed record: skipped', { line: n, field: 'timestamp' }); continue; }
    if (ts !== t) sink.issue('missing_timestamp', 'record without a numeric `timestamp`: given the previous record\'s time', { line: n, field: 'timestamp' });
    lastTs = ts;
    const call: JavaCall | undefined = callOfDroidmonRecord(line.record, ts, { line: n }, line.pid !== undefined && line.record.thread_id === undefined ? `pid-${line.pid}` : undefined);
    if (call) mapJavaCall(call, x);
  }
  sink.note('real per-record timestamps (droidmon `timestamp`, ms)');
  sink.note('file writes come from open() flags and openFileOutput: the bytes written are not hooked (bytes 0, bytes_unknown true, no entropy)');
  sink.note('background facet partly visible: app lifecycle hooks only (Activity, Service, receiver); no screen, lock or user-interaction telemetry');
  noteSkipped(x);
  const out = sink.finish();
  return { ...out, cannotShow: [] };
}
