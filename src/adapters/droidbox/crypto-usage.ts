// cryptousage -> crypto.key / crypto.op. DroidBox logs SecretKeySpec as `keyalgo` with the key as
// a signed byte list, and Cipher.doFinal as `encryption` (data = the plaintext) or `decryption`
// (data = the recovered plaintext). Only lengths and the key fingerprint leave this file.
import type { EventSink } from '../shared/event-sink.js';
import { bytesOfHex, bytesOfSignedList } from '../shared/byte-values.js';
import { UNKEYED, type KeyFingerprinter } from '../shared/key-fp.js';
import { isAsymmetric, isCipherKeyAlg, paddedSize, parseTransformation } from '../shared/cipher-names.js';
import { entriesOf, str } from './sections.js';

export interface CryptoCounts { keys: number; asymmetric: number; skipped: number }

export function emitCryptoUsage(doc: Record<string, unknown>, sink: EventSink, fps: KeyFingerprinter = UNKEYED): CryptoCounts {
  const counts: CryptoCounts = { keys: 0, asymmetric: 0, skipped: 0 };
  /** the last key per algorithm, for the ops that follow */
  const lastKey = new Map<string, string>();
  let latest: { alg: string; fp: string } | undefined;
  for (const { ts, value: v, field } of entriesOf(doc, 'cryptousage', sink)) {
    const op = str(v.operation);
    const algorithm = str(v.algorithm);
    if (!op || !algorithm) { counts.skipped++; sink.issue('bad_record', 'crypto entry without operation and algorithm: skipped', { field }); continue; }
    const t = parseTransformation(algorithm);
    if (op === 'keyalgo') {
      const key = typeof v.key === 'string' ? bytesOfSignedList(v.key) ?? bytesOfHex(v.key) : undefined;
      if (!key || key.length === 0) { counts.skipped++; sink.issue('unreadable_key', 'keyalgo entry without a readable key: skipped', { field: `${field}.key` }); continue; }
      if (!isCipherKeyAlg(t.alg)) { counts.skipped++; continue; }
      const fp = fps.of(key);
      lastKey.set(t.alg, fp);
      latest = { alg: t.alg, fp };
      counts.keys++;
      sink.emit(ts, 'crypto.key', { key_fp: fp, alg: t.alg, bits: key.length * 8, origin: 'literal', ...fps.fields });
      continue;
    }
    if (op !== 'encryption' && op !== 'decryption') { counts.skipped++; sink.issue('unknown_operation', `crypto operation ${JSON.stringify(op)}: skipped`, { field: `${field}.operation` }); continue; }
    if (isAsymmetric(t.alg)) { counts.asymmetric++; continue; }
    const dir = op === 'encryption' ? 'encrypt' : 'decrypt';
    const data = typeof v.data === 'string' ? Buffer.byteLength(v.data, 'utf8') : undefined;
    const body: Record<string, unknown> = { alg: t.alg, dir };
    const fp = lastKey.get(t.alg) ?? (latest && latest.alg === t.alg ? latest.fp : undefined);
    if (fp) Object.assign(body, { key_fp: fp }, fps.fields);
    if (t.mode) body.mode = t.mode;
    if (data !== undefined) {
      if (dir === 'encrypt') {
        body.in_bytes = data;
        const out = paddedSize(t, data);
        if (out !== undefined) body.out_bytes = out;
      } else body.out_bytes = data;
    }
    body.api = 'javax.crypto.Cipher.doFinal';
    sink.emit(ts, 'crypto.op', body);
  }
  return counts;
}
