// DroidBox 4.x JSON -> telemetry v1. Times are seconds since the start of the run, placed on a
// fixed epoch; DroidBox keeps only the first bytes of each network or file write.
import type { AdapterOptions, AdapterOutput } from '../adapter.js';
import type { Issue } from '../../model/index.js';
import { keyFingerprinter } from '../shared/key-fp.js';
import { EventSink } from '../shared/event-sink.js';
import { readInput } from '../shared/read-input.js';
import { parseJsonDocument } from '../shared/json-document.js';
import { SYNTHETIC_EPOCH_MS } from '../shared/synthetic-time.js';
import { droidboxPackage } from './package-name.js';
import { emitCryptoUsage } from './crypto-usage.js';
import { emitNetwork } from './network.js';
import { emitFileAccess } from './files.js';
import { emitLeaks, emitServices } from './leaks.js';
import { foreignRun, foreignRunMessage } from '../shared/sample-ran.js';

export const SRC = 'droidbox';
const KNOWN = ['cryptousage', 'sendnet', 'recvnet', 'opennet', 'closenet', 'fdaccess', 'accessedfiles', 'dataleaks', 'servicestart', 'recvsaction', 'dexclass', 'enfperm', 'sendsms', 'phonecalls', 'hashes', 'apkName'];

export async function convertDroidbox(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  const parsed = parseJsonDocument(input, file, 'DroidBox JSON output');
  if (!parsed.value) return { events: [], issues: parsed.issues, cannotShow: [], notes: parsed.notes };
  const doc = parsed.value;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !KNOWN.some((k) => k in doc)) {
    return { events: [], issues: [{ code: 'not_droidbox', message: 'JSON without DroidBox categories (cryptousage, sendnet, fdaccess...)', file }], cannotShow: [], notes: [] };
  }
  return convertDroidboxDoc(doc as Record<string, unknown>, { file, sha256: input.sha256, opts, issues: parsed.issues });
}

/** how a DroidBox document reached the converter (a DroidBox JSON file, AndroPyTool's wrapper, a logcat) */
export interface DroidboxDocContext {
  file: string;
  sha256: string;
  opts: AdapterOptions;
  issues: Issue[];
  /** package the wrapping tool names (AndroPyTool's Static_analysis), before apkName */
  declared?: { app: string; how: string };
  src?: string;
}

export function convertDroidboxDoc(d: Record<string, unknown>, c: DroidboxDocContext): AdapterOutput {
  const { file, opts } = c;
  const pkg = c.declared ?? droidboxPackage(d);
  const app = pkg.app ?? opts.app;
  if (!app) return { events: [], issues: [...c.issues, { code: 'no_package', message: 'no package in apkName or /data/data paths: pass --app', file }], cannotShow: [], notes: [] };
  const hashes = Array.isArray(d.hashes) ? d.hashes.filter((h): h is string => typeof h === 'string') : [];
  const apkSha256 = hashes.find((h) => /^[0-9a-f]{64}$/i.test(h))?.toLowerCase();
  const device = opts.device ?? `droidbox-${(apkSha256 ?? c.sha256).slice(0, 12)}`;
  const sink = new EventSink(c.src ?? SRC, file, device, app);
  const sample = c.declared?.app ?? ('named' in pkg ? pkg.named : undefined);
  const foreign = sample ? foreignRun(sample, recordTexts(d)) : undefined;
  if (foreign && sample) {
    const gap = new EventSink(c.src ?? SRC, file, device, sample);
    gap.emit(SYNTHETIC_EPOCH_MS, 'app.info', { sandbox_gap: 'sample_not_run', ran_instead: foreign.other });
    gap.issue('sample_not_run', foreignRunMessage(sample, foreign));
    const out = gap.finish();
    return { ...out, issues: [...c.issues, ...out.issues], cannotShow: [] };
  }

  const crypto = emitCryptoUsage(d, sink, keyFingerprinter(opts.fpSecret));
  const net = emitNetwork(d, sink);
  const writes = emitFileAccess(d, sink);
  const leaks = emitLeaks(d, sink);
  emitServices(d, sink);

  sink.note(`ts = ${new Date(SYNTHETIC_EPOCH_MS).toISOString()} (fixed epoch) + DroidBox's seconds since the start of the run`);
  sink.note(`package ${app} from ${pkg.app ? pkg.how : '--app'}`);
  sink.note('no app.info: DroidBox records neither signer nor permissions, and its adb install says nothing about where the app really comes from (installer left unset)');
  if (crypto.keys) sink.note('crypto.key origin `literal`: DroidBox logs the bytes handed to SecretKeySpec (keyalgo), not where they came from; key_fp is SHA-256 of those bytes (first 16 bytes, hex)');
  if (crypto.asymmetric) sink.note(`${crypto.asymmetric} asymmetric (RSA) cipher operation(s) skipped: not in the symmetric-crypto contract`);
  if (net.sends || writes) sink.note('DroidBox logs about the first 100 bytes of each network or file write: bytes/bytes_out are what it logged (a lower bound), entropy is of that sample');
  if (net.identified) sink.note(`${net.identified} data read(s) from identifiers in the logged plaintext (IMEI, phone number, e-mail shaped): categories only, the values are not kept`);
  if (net.calls) sink.note(`${net.calls} phone call(s) not converted: no telemetry v1 event for a call placed`);
  if (!leaks) sink.note('no dataleaks (TaintDroid) entries: no data.access from taint tags');
  sink.note('background facet partly visible: servicestart only; no activity, screen, lock or user-interaction telemetry');
  const out = sink.finish();
  return { ...out, issues: [...c.issues, ...out.issues], cannotShow: [] };
}

/** the records that can name a package: file paths, loaded dex, services, receivers */
function recordTexts(d: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ['fdaccess', 'dexclass', 'servicestart', 'recvsaction']) {
    const sec = d[k];
    if (sec && typeof sec === 'object') for (const v of Object.values(sec as Record<string, unknown>)) out.push(JSON.stringify(v));
  }
  return out;
}
