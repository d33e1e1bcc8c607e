// CuckooDroid 2.0 report.json -> telemetry v1. The hooked calls of droidmon.threads_tree carry the
// behaviour (crypto, files, device data, network, lifecycle); apkinfo gives app.info; report
// summaries and the pcap add destinations the hooks did not show.
import type { AdapterOptions, AdapterOutput } from '../adapter.js';
import { keyFingerprinter } from '../shared/key-fp.js';
import { EventSink } from '../shared/event-sink.js';
import { readInput } from '../shared/read-input.js';
import { createMapContext, mapJavaCall, noteSkipped } from '../shared/call-mapper.js';
import { bytesOfDroidmonValue } from '../shared/byte-values.js';
import { guessPackage, PACKAGE_NAME } from '../shared/package-name.js';
import { SYNTHETIC_EPOCH_MS, SYNTHETIC_STEP_MS } from '../shared/synthetic-time.js';
import { parseJsonDocument } from '../shared/json-document.js';
import { interleaveThreads } from './thread-calls.js';
import { appInfoOf } from './app-info.js';
import { cuckooDeviceId } from './device-id.js';
import { KnownRequests } from './known-requests.js';
import { emitSummarySends } from './summary-network.js';
import { moduleRecords, type ModuleRecords } from './module-records.js';
import { firstRecordTs, mapModuleRun } from './module-run.js';
import { foreignRun, foreignRunMessage } from '../shared/sample-ran.js';

export const SRC = 'cuckoodroid';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

export async function convertCuckoodroid(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  const doc = parseJsonDocument(input, file, 'a CuckooDroid report.json');
  if (!doc.value) return { events: [], issues: doc.issues, cannotShow: [], notes: doc.notes };
  const report = obj(doc.value);
  const droidmon = obj(report?.droidmon), apkinfo = obj(report?.apkinfo), info = obj(report?.info), network = obj(report?.network);
  if (!report || (!droidmon && !apkinfo)) {
    return { events: [], issues: [{ code: 'not_cuckoodroid', message: 'JSON without `droidmon` or `apkinfo`: not a CuckooDroid report', file }], cannotShow: [], notes: [] };
  }
  const declared = [obj(apkinfo?.manifest)?.package, info?.package].find((p): p is string => typeof p === 'string' && PACKAGE_NAME.test(p));
  // Cuckoo's droidmon module keeps no threads_tree: its records are in droidmon.error / droidmon.raw
  const moduleIssues: { code: string; message: string; field: string }[] = [];
  const module: ModuleRecords | undefined = droidmon && droidmon.threads_tree === undefined
    ? moduleRecords(droidmon, (code, message, field) => moduleIssues.push({ code, message, field })) : undefined;
  const calls0 = module ? module.records.map((r) => r.record) : droidmon?.threads_tree ?? {};
  const app = declared ?? opts.app ?? module?.records.find((r) => r.pkg)?.pkg ?? guessPackage(JSON.stringify(calls0));
  if (!app) {
    return { events: [], issues: [{ code: 'no_package', message: 'the report names no package (no apkinfo.manifest.package) and none could be inferred: pass --app', file }], cannotShow: [], notes: [] };
  }
  const device = opts.device ?? cuckooDeviceId(path, input.sha256);
  const started = typeof info?.started === 'number' && info.started > 0 ? Math.round(info.started * 1000) : undefined;
  const base = (module && firstRecordTs(module)) ?? started ?? SYNTHETIC_EPOCH_MS;
  const sink = new EventSink(SRC, file, device, app);
  for (const i of moduleIssues) sink.issue(i.code, i.message, { field: i.field });
  if (!declared) sink.note(`package ${app} ${opts.app ? 'from --app' : 'inferred from the droidmon records'}: the report does not name it`);
  const texts = module ? module.records.map((r) => JSON.stringify(r.record)) : Object.values(obj(droidmon?.threads_tree) ?? {}).flatMap((l) => (Array.isArray(l) ? l.map((r) => JSON.stringify(r)) : []));
  const foreign = declared || opts.app ? foreignRun(app, texts) : undefined;
  if (foreign) {
    // the run shows another app: the sample gets its gap, the other app's calls are not its behaviour
    sink.emit(base, 'app.info', { ...(apkinfo ? appInfoOf(apkinfo) : {}), sandbox_gap: 'sample_not_run', ran_instead: foreign.other });
    sink.issue('sample_not_run', foreignRunMessage(app, foreign), { field: module ? `droidmon.${module.source}` : 'droidmon.threads_tree' });
    sink.note(`${texts.length} hooked call(s) not converted: they show ${foreign.other}, not the sample`);
    const out = sink.finish();
    return { ...out, issues: [...doc.issues, ...out.issues], cannotShow: [] };
  }
  if (apkinfo) sink.emit(base, 'app.info', appInfoOf(apkinfo));

  const requests = new KnownRequests(droidmon, network);
  const x = createMapContext(sink, app, { decode: bytesOfDroidmonValue, requestFor: (u) => requests.take(u), fp: keyFingerprinter(opts.fpSecret) });
  sink.via = 'droidmon';
  if (module) {
    const endTs = mapModuleRun(x, droidmon!, module, base);
    const late = emitSummarySends(x, droidmon, network, requests, endTs);
    if (late) sink.note(`${late} destination(s) known only from report summaries or the pcap (whole-VM traffic): placed after the last record`);
    sink.note('file writes come from open() flags and openFileOutput: the bytes written are not hooked (bytes 0, bytes_unknown true, no entropy)');
    noteSkipped(x);
    const out = sink.finish();
    return { ...out, issues: [...doc.issues, ...out.issues], cannotShow: [] };
  }
  const { calls, threads, endTs } = interleaveThreads(droidmon?.threads_tree, base + SYNTHETIC_STEP_MS, sink);
  for (const c of calls) mapJavaCall(c, x);
  const late = emitSummarySends(x, droidmon, network, requests, endTs);

  sink.note(`no per-event time in droidmon.threads_tree: ts synthesized from ${started ? 'info.started' : `the fixed epoch ${new Date(base).toISOString()}`} + ${SYNTHETIC_STEP_MS} ms per call, ${threads} thread(s) interleaved round-robin in thread-id order (order across threads is an assumption)`);
  sink.note('file writes come from open() flags and openFileOutput: the bytes written are not hooked (bytes 0, bytes_unknown true, no entropy)');
  if (late) sink.note(`${late} destination(s) known only from report summaries or the pcap (whole-VM traffic): placed after the last hooked call`);
  sink.note('net.send bytes_out is the request line CuckooDroid kept (httpConnections) when there is one, else 0: request bodies are not hooked');
  sink.note('background facet partly visible: app lifecycle hooks only (Activity, Service, receiver); no screen, lock or user-interaction telemetry');
  if (apkinfo && !obj(apkinfo.certificate)?.fingerprint) sink.note('no certificate fingerprint in apkinfo: app.info has no signer');
  else if (apkinfo) sink.note('the report has the signing certificate\'s SHA-1 only: app.info carries it as signer_sha1, `signer` (SHA-256) stays empty');
  if (calls.length === 0) sink.note('no hooked calls in droidmon.threads_tree');
  noteSkipped(x);
  const out = sink.finish();
  return { ...out, issues: [...doc.issues, ...out.issues], cannotShow: [] };
}
