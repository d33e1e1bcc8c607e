// Facet 1, crypto: symmetric encryption by the app inside the window. Legacy ciphers and modes
// (RC4, DES, XOR, ECB) are what commodity malware ships; modern apps use AES-GCM or ChaCha20.
// On a device whose sensor shows no crypto at all, the encryption is inferred from what it leaves
// (inferred-cipher.ts): weaker, and the alert keeps `crypto` among what was not visible.
import type { FacetExplanation } from '../../../model/index.js';
import { bump, countKeys, countsSize, newCounts, type Counts, sortedKeys, type Facet, type Sign } from '../facet.js';
import type { EncryptRows } from '../encrypt-rows.js';
import type { Recalled } from '../staged-store.js';
import { fmtBytes } from '../units.js';
import { SEEN_CRYPTO } from '../visibility.js';
import { inferCipher, inferFile, inferRead, inferSend, newInferState, type Inference, type InferState } from '../inferred-cipher.js';

export { isLegacyCipher } from '../ciphers.js';

/** mode names upper-cased once per distinct string (ops repeat the mode of the op before) */
let lastMode = '', lastUpper = '';
const upper = (m: string): string => (m === lastMode ? lastUpper : (lastUpper = (lastMode = m).toUpperCase()));

export interface CryptoState {
  ops: number; inBytes: number; outBytes: number; legacy: number;
  algs: Counts; modes: Counts; procs: Counts;
  /** ops recalled with a staged artifact from before the window */
  recalled: number;
  /** what a cipher the sensor cannot see leaves behind */
  inf: InferState;
}

export interface CryptoFigures {
  ops: number; algorithms: string[]; modes: string[]; bytes_in: number; bytes_out: number; legacy_ops: number;
  decrypt_ops: number; processes?: string[]; allowed_crypto_app: boolean; recalled_ops?: number;
  /** no crypto telemetry: the encryption is inferred (the figures above are 0) */
  inferred?: Inference;
}

function count(s: CryptoState, alg: string, mode: string | undefined, proc: string | undefined, inB: number, outB: number, legacy: boolean, sign: Sign): void {
  s.ops += sign;
  s.inBytes += sign * inB;
  s.outBytes += sign * outB;
  if (legacy) s.legacy += sign;
  bump(s.algs, alg, sign);
  if (mode) bump(s.modes, upper(mode), sign);
  if (proc) bump(s.procs, proc, sign);
}

export const cryptoFacet: Facet<CryptoState, CryptoFigures> = {
  name: 'crypto',
  init: () => ({ ops: 0, inBytes: 0, outBytes: 0, legacy: 0, algs: newCounts(), modes: newCounts(), procs: newCounts(), recalled: 0, inf: newInferState() }),
  op(s, rows: EncryptRows, i, sign) {
    count(s, rows.alg(i), rows.mode(i), rows.proc(i), rows.inBytes(i), rows.outBytes(i), rows.legacy(i), sign);
  },
  recalled(s, r: Recalled, sign) {
    const a = r.artifact;
    count(s, a.alg, a.mode, undefined, a.inBytes, a.outBytes, a.legacy, sign);
    s.recalled += sign;
  },
  read(s, r, sign) { inferRead(s.inf, r, sign); },
  file(s, f, sign, x) { inferFile(s.inf, f, sign, x.a.policy.thresholds.entropy_threshold); },
  counted(s, rows, i, sign, x) { inferSend(s.inf, rows, i, sign, x.a.policy.thresholds.entropy_threshold); },
  ceiling(s, x) { return s.ops === 0 ? (blind(x.seen) ? 0.4 : 0) : x.ctx.allowedCrypto ? 0.3 : 1; },
  strength(s, x) {
    if (s.ops === 0) return blind(x.seen) ? inferCipher(s.inf)?.strength ?? 0 : 0;
    if (x.ctx.allowedCrypto) return 0.3;
    return s.legacy > 0 ? 1 : 0.7;
  },
  figures(s, x) {
    if (s.ops === 0) {
      const inferred = inferCipher(s.inf)!;
      return { ops: 0, algorithms: [], modes: [], bytes_in: 0, bytes_out: 0, legacy_ops: 0, decrypt_ops: 0, allowed_crypto_app: x.ctx.allowedCrypto, inferred };
    }
    return {
      ops: s.ops, algorithms: sortedKeys(s.algs), modes: sortedKeys(s.modes), bytes_in: s.inBytes, bytes_out: s.outBytes,
      legacy_ops: s.legacy, decrypt_ops: x.w.decrypts.length,
      ...(countsSize(s.procs) ? { processes: sortedKeys(s.procs) } : {}),
      allowed_crypto_app: x.ctx.allowedCrypto,
      ...(s.recalled ? { recalled_ops: s.recalled } : {}),
    };
  },
  explain(f, strength): FacetExplanation {
    if (f.inferred) return explainInferred(f.inferred, strength);
    const parts = [`${f.ops} encrypt op(s) with ${f.algorithms.join('/')}${f.modes.length ? ' (' + f.modes.join('/') + ')' : ''}, ${fmtBytes(f.bytes_in)} in`];
    if (f.recalled_ops) parts.push(`${f.recalled_ops} of them before the window, into a staged file sent now`);
    if (f.legacy_ops > 0) parts.push(`${f.legacy_ops} with a legacy cipher or ECB mode`);
    if (f.decrypt_ops > 0) parts.push(`${f.decrypt_ops} decrypt op(s) not scored (obfuscation, not exfiltration)`);
    if (f.allowed_crypto_app) parts.push('app is in AllowedCryptoApps');
    return { strength, why: parts.join('; '), ...f };
  },
};

/** the device's sensor never showed a crypto event: its ciphers can only be inferred */
const blind = (seen: number): boolean => (seen & SEEN_CRYPTO) === 0;

const sized = (n: number | null): string => (n === null ? 'of unknown size' : fmtBytes(n));

function explainInferred(f: Inference, strength: number): FacetExplanation {
  const what = f.carrier === 'send'
    ? `${f.payloads} payload(s) sent whose ${f.encoded_payloads ? 'base64/hex fields decode to' : 'bytes are'} near-random bytes (${sized(f.cipher_bytes)})`
    : `${f.payloads} high-entropy file write(s) (${sized(f.cipher_bytes)})`;
  const parts = [`inferred, not seen (no crypto telemetry on this device): read ${f.categories.join(', ')} (${f.reads} read(s), ${sized(f.bytes_read)}), then ${what}`];
  parts.push(f.size_tracks ? 'their size tracks what was read (ciphertext = plaintext + padding, IV, tag)' : 'what was read has no recorded size, so the size could not be compared');
  if (f.block_sized) parts.push(`${f.block_sized} of a whole number of 16-byte blocks`);
  const { strength: _s, ...figures } = f;
  return { strength, why: parts.join('; '), inferred: true, confidence: f.size_tracks ? 0.5 : 0.3, ...figures };
}
