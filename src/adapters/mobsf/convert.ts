// MobSF API monitor (Frida api_monitor.js) -> telemetry v1 through the shared Java-call mapping.
// The records have no time and no thread: ts is synthesized from record order.
import { basename, dirname } from 'node:path';
import { keyFingerprinter } from '../shared/key-fp.js';
import type { AdapterOptions, AdapterOutput } from '../adapter.js';
import { EventSink } from '../shared/event-sink.js';
import { readInput } from '../shared/read-input.js';
import { createMapContext, mapJavaCall, noteSkipped } from '../shared/call-mapper.js';
import { bytesOfFridaValue } from '../shared/byte-values.js';
import { guessPackage } from '../shared/package-name.js';
import { SYNTHETIC_EPOCH_MS, SYNTHETIC_STEP_MS, syntheticTs } from '../shared/synthetic-time.js';
import { splitMobsfRecords } from './split-records.js';
import { callOfMobsfRecord } from './record-call.js';

export const SRC = 'mobsf';

export async function convertMobsf(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  if (input.text.trim() === '') return { events: [], issues: [{ code: 'empty_input', message: 'empty file: want MobSF API monitor records', file }], cannotShow: [], notes: ['empty input: no events'] };
  if (input.binary) return { events: [], issues: [{ code: 'not_mobsf', message: 'binary bytes: want MobSF API monitor records', file, line: 1 }], cannotShow: [], notes: [] };
  const { records, broken } = splitMobsfRecords(input.text);
  const brokenIssues = broken.slice(0, 200).map((b) => ({ code: 'broken_record', message: b.message, file, line: b.line }));
  if (records.length === 0) {
    return { events: [], issues: [...brokenIssues, { code: 'no_records', message: 'no MobSF API monitor record found (want {"name","class","method","arguments",...} objects)', file }], cannotShow: [], notes: [] };
  }
  const app = opts.app ?? guessPackage(input.text);
  if (!app) return { events: [], issues: [...brokenIssues, { code: 'no_package', message: 'MobSF records do not name the package and no /data/data/<pkg> path shows it: pass --app', file }], cannotShow: [], notes: [] };
  const dir = basename(dirname(path));
  const device = opts.device ?? `mobsf-${/^[0-9a-f]{32}$/i.test(dir) ? dir.toLowerCase() : input.sha256.slice(0, 12)}`;
  const sink = new EventSink(SRC, file, device, app);
  for (const i of brokenIssues) sink.issue(i.code, i.message, { line: i.line });
  if (broken.length > brokenIssues.length) sink.issue('broken_record', `${broken.length - brokenIssues.length} more broken record(s)`);

  const x = createMapContext(sink, app, { decode: bytesOfFridaValue, fp: keyFingerprinter(opts.fpSecret) });
  let n = 0, skipped = 0;
  for (const r of records) {
    const call = callOfMobsfRecord(r.value, syntheticTs(SYNTHETIC_EPOCH_MS, n++), r.line);
    if (call) mapJavaCall(call, x);
    else { skipped++; sink.issue('not_record', 'object without class and method: skipped', { line: r.line }); }
  }
  sink.note(`no time in MobSF API monitor records: ts synthesized = ${new Date(SYNTHETIC_EPOCH_MS).toISOString()} + ${SYNTHETIC_STEP_MS} ms per record, in file order; no thread ids (keys and ciphers are followed across the whole file)`);
  sink.note(`package ${app} ${opts.app ? 'from --app' : 'inferred from app data paths (/data/data, /data/user) in the records'}`);
  sink.note('Cipher.doFinal carries no mode here (api_monitor does not hook Cipher.init): the direction comes from sizes (padding makes ciphertext longer) or from which side is printable text');
  sink.note('file writes come from open() flags and openFileOutput: the bytes written are not hooked (bytes 0, bytes_unknown true, no entropy); net.send bytes_out is 0 unless a POST body is visible');
  sink.note('background facet barely visible: only startService / handleReceiver are hooked; no activity, screen, lock or interaction telemetry');
  sink.note('format assumption: written from MobSF api_monitor.js (message = {name, class, method, arguments, result, calledFrom, returnValue}); no real MobSF sample was available');
  noteSkipped(x);
  const out = sink.finish();
  return { ...out, cannotShow: [] };
}
