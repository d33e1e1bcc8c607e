// DroidBox 4.x JSON -> telemetry v1. Times are seconds since the start of the run, placed on a
// fixed epoch; DroidBox keeps only the first bytes of each network or file write.
import type { AdapterOptions, AdapterOutput } from '../adapter.js';
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
  const d = doc as Record<string, unknown>;
  const pkg = droidboxPackage(d);
  const app = pkg.app ?? opts.app;
  if (!app) return { events: [], issues: [{ code: 'no_package', message: 'no package in apkName or /data/data paths: pass --app', file }], cannotShow: [], notes: [] };
  const hashes = Array.isArray(d.hashes) ? d.hashes.filter((h): h is string => typeof h === 'string') : [];
  const apkSha256 = hashes.find((h) => /^[0-9a-f]{64}$/i.test(h))?.toLowerCase();
  const device = opts.device ?? `droidbox-${(apkSha256 ?? input.sha256).slice(0, 12)}`;
  const sink = new EventSink(SRC, file, device, app);

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
  if (net.calls) sink.note(`${net.calls} phone call(s) not converted: no telemetry v1 event for a call placed`);
  if (!leaks) sink.note('no dataleaks (TaintDroid) entries: no data.access from taint tags');
  sink.note('background facet partly visible: servicestart only; no activity, screen, lock or user-interaction telemetry');
  const out = sink.finish();
  return { ...out, issues: [...parsed.issues, ...out.issues], cannotShow: [] };
}
