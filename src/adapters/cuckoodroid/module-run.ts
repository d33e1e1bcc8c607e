// A report of Cuckoo's droidmon module (no threads_tree): the records kept in droidmon.error (or
// droidmon.raw) mapped in droidmon-timestamp order, then the module's summaries of the calls it
// handled. Records carry the device's clock; the summaries have no time of their own.
import type { MapContext } from '../shared/map-context.js';
import { mapJavaCall } from '../shared/call-mapper.js';
import { callOfDroidmonRecord } from '../shared/droidmon-record.js';
import type { ModuleRecords } from './module-records.js';
import { emitModuleSummaries } from './module-summaries.js';

/** the first droidmon timestamp among the records: the run's start on the device clock */
export function firstRecordTs(m: ModuleRecords): number | undefined {
  let first: number | undefined;
  for (const r of m.records) {
    const t = r.record.timestamp;
    if (typeof t === 'number' && Number.isFinite(t) && t > 0 && (first === undefined || t < first)) first = t;
  }
  return first;
}

export function mapModuleRun(x: MapContext, droidmon: Record<string, unknown>, m: ModuleRecords, base: number): number {
  const summary = emitModuleSummaries(x, droidmon, base);
  const timed = m.records
    .map((r, i) => ({ r, i, t: typeof r.record.timestamp === 'number' && r.record.timestamp > 0 ? r.record.timestamp : undefined }))
    .sort((a, b) => (a.t ?? Infinity) - (b.t ?? Infinity) || a.i - b.i);
  let lastTs = summary.endTs;
  let untimed = 0;
  for (const { r, t } of timed) {
    if (t === undefined) untimed++;
    const ts = t ?? lastTs;
    lastTs = Math.max(lastTs, ts);
    const rec = r.record;
    const thread = rec.process_id !== undefined ? `${String(rec.process_id)}-${String(rec.dalvik_thread_id ?? '')}` : undefined;
    const call = callOfDroidmonRecord(rec, ts, { field: r.field }, thread);
    if (call) mapJavaCall(call, x);
  }
  const s = x.sink;
  s.note(`no threads_tree: Cuckoo's droidmon module report; ${m.records.length} droidmon record(s) read back from droidmon.${m.source} with their own timestamps (device clock)${untimed ? `, ${untimed} without one placed after the last timed record` : ''}`);
  s.note(`the calls the module handled survive only as summaries (crypto_keys, crypto_data, fingerprint, data_leak, ContentResolver_queries, SharedPreferences, services): laid out ${summary.counts.ops + summary.counts.prefs > 0 ? 'from' : 'at'} the first record's time, 100 ms apart, in the order reads, keys, cipher operations, writes, states`);
  if (summary.counts.ops) s.note(`${summary.counts.ops} crypto_data entr(y/ies) holding collected device data (identifier-shaped) taken as encryptions: the module keeps the plaintext side of each doFinal and drops its mode; in_bytes is the plaintext length, the ciphertext size is not kept`);
  if (summary.counts.undirected) s.note(`${summary.counts.undirected} crypto_data entr(y/ies) without collected data: direction unknown (the module drops the Cipher mode), not mapped`);
  if (summary.counts.files) s.note(`${summary.counts.files} path(s) in file_accessed not mapped: the module drops the open flags, so reads and writes cannot be told apart`);
  if (summary.counts.prefs) s.note(`${summary.counts.prefs} SharedPreferences put(s) as file.write to the app's shared_prefs directory (the module keeps key and value, not the file name): bytes and entropy of the value`);
  if (m.otherErrors) s.note(`${m.otherErrors} droidmon.error entr(y/ies) that are not droidmon lines (processing errors): not read`);
  return lastTs;
}
