// The summaries Cuckoo's droidmon module keeps for the calls it handled (their records are gone):
// fingerprint / data_leak / ContentResolver_queries -> data.access, crypto_keys -> crypto.key
// (fingerprint only, through the same SecretKeySpec mapping as hooked calls), crypto_data ->
// crypto.op, SharedPreferences -> file.write, started_services / handleReceiver -> app.state.
// They have no time and no order: they are laid out one step apart from `base`, reads first,
// then keys, cipher operations, writes and states, so a chain reads in its natural order.
import type { MapContext } from '../shared/map-context.js';
import { mapJavaCall } from '../shared/call-mapper.js';
import { setAppState } from '../shared/state-calls.js';
import { categoryOfApi, categoryOfContentUri } from '../shared/data-categories.js';
import { canonicalAlg, isCipherKeyAlg } from '../shared/cipher-names.js';
import { entropyOf } from '../shared/payload-features.js';
import { looksCollected } from '../shared/identifiers.js';
import { SYNTHETIC_STEP_MS } from '../shared/synthetic-time.js';

type Obj = Record<string, unknown>;

const FINGERPRINT_CLASS: Record<string, string> = { getMacAddress: 'WifiInfo' };
const LEAK_CATEGORY: Record<string, string> = { location: 'location', getInstalledPackages: 'app_list', getAccounts: 'accounts' };

export interface SummaryCounts { ops: number; undirected: number; files: number; prefs: number }

export function emitModuleSummaries(x: MapContext, droidmon: Obj, base: number): { endTs: number; counts: SummaryCounts } {
  let ts = base;
  const next = () => (ts += SYNTHETIC_STEP_MS);
  const sink = x.sink;
  const counts: SummaryCounts = { ops: 0, undirected: 0, files: strings(droidmon.file_accessed).length, prefs: 0 };

  for (const name of strings(droidmon.fingerprint)) {
    const category = name === 'Secure_getString' ? 'device_info' : categoryOfApi(FINGERPRINT_CLASS[name] ?? 'TelephonyManager', name);
    if (category) sink.emit(next(), 'data.access', { category, items: 1 });
  }
  for (const leak of strings(droidmon.data_leak)) {
    const category = LEAK_CATEGORY[leak];
    if (category) sink.emit(next(), 'data.access', { category });
  }
  for (const uri of strings(droidmon.ContentResolver_queries)) {
    const category = categoryOfContentUri(uri);
    if (category) sink.emit(next(), 'data.access', { category });
  }

  const keys = list(droidmon.crypto_keys);
  keys.forEach((k, i) => {
    const at = { field: `droidmon.crypto_keys[${i}]` };
    mapJavaCall({ ts: next(), cls: 'javax.crypto.spec.SecretKeySpec', method: 'SecretKeySpec', args: [k.key, k.type], result: '', self: {}, thread: 'summary', at }, x);
  });
  // the module keeps the plaintext side of each doFinal (input when encrypting, output when
  // decrypting) and drops the mode: collected data (device identifiers) going in is taken as an
  // encryption, anything else has no known direction
  const cipherKeys = keys.filter((k) => typeof k.type === 'string' && isCipherKeyAlg(k.type));
  const algs = new Set(cipherKeys.map((k) => canonicalAlg(String(k.type).split('/')[0])));
  const alg = algs.size === 1 ? [...algs][0] : 'unknown';
  const keyFp = cipherKeys.length === 1 ? x.thread('summary').key?.fp : undefined;
  for (const text of strings(droidmon.crypto_data)) {
    if (!looksCollected(text)) { counts.undirected++; continue; }
    counts.ops++;
    sink.emit(next(), 'crypto.op', { alg, dir: 'encrypt', ...(keyFp ? { key_fp: keyFp } : {}), in_bytes: Buffer.byteLength(text, 'utf8'), api: 'javax.crypto.Cipher.doFinal' });
  }

  for (const p of list(droidmon.SharedPreferences)) {
    if (p.value === undefined || p.value === null) continue;
    const bytes = Buffer.from(String(p.value), 'utf8');
    counts.prefs++;
    sink.emit(next(), 'file.write', { path: `/data/data/${x.app}/shared_prefs`, bytes: bytes.length, ...(bytes.length ? { entropy: entropyOf(bytes) } : {}), op: 'overwrite' });
  }
  if (strings(droidmon.handleReceiver).length || list(droidmon.handleReceiver).length) setAppState(x, next(), 'receiver');
  if (strings(droidmon.started_services).length) setAppState(x, next(), 'service');
  return { endTs: ts, counts };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter((o): o is Obj => !!o && typeof o === 'object' && !Array.isArray(o)) : [];
}
