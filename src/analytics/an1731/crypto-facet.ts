// Facet 1, crypto: symmetric encryption by the app inside the window. Legacy ciphers and modes
// (RC4, DES, XOR, ECB) are what commodity malware ships; modern apps use AES-GCM or ChaCha20.
import type { FacetExplanation } from '../../model/index.js';
import type { ChainView, Analysis } from './chain-view.js';
import { fmtBytes } from './units.js';
import type { EncryptOp } from './app-context.js';

const LEGACY_ALGS = new Set(['RC4', 'ARC4', 'DES', 'DESEDE', 'XOR', 'BLOWFISH']);

/** a legacy cipher (RC4, DES, XOR…) or ECB mode */
export const isLegacyCipher = (alg: string, mode: string | undefined): boolean => LEGACY_ALGS.has(alg.toUpperCase()) || mode?.toUpperCase() === 'ECB';
export const isLegacyOp = (op: EncryptOp): boolean => isLegacyCipher(op.alg, op.mode);

export function cryptoFacet(v: ChainView, a: Analysis): FacetExplanation | undefined {
  if (v.encrypts.length === 0) return undefined;
  const algs = new Set<string>(), modes = new Set<string>(), procs = new Set<string>();
  let inBytes = 0, outBytes = 0, legacy = 0;
  for (const op of v.encrypts) {
    algs.add(op.alg);
    if (op.mode) modes.add(op.mode.toUpperCase());
    if (op.proc) procs.add(op.proc);
    inBytes += op.in_bytes; outBytes += op.out_bytes;
    if (isLegacyOp(op)) legacy++;
  }
  const allowed = a.inventory.isAllowedCrypto(v.ctx.app);
  let strength = legacy > 0 ? 1 : 0.7;
  if (allowed) strength = 0.3;
  const algList = [...algs].sort();
  const modeList = [...modes].sort();
  const parts = [`${v.encrypts.length} encrypt op(s) with ${algList.join('/')}${modeList.length ? ' (' + modeList.join('/') + ')' : ''}, ${fmtBytes(inBytes)} in`];
  if (legacy > 0) parts.push(`${legacy} with a legacy cipher or ECB mode`);
  if (v.ctx.decrypts.length > 0) parts.push(`${v.ctx.decrypts.length} decrypt op(s) not scored (obfuscation, not exfiltration)`);
  if (allowed) parts.push('app is in AllowedCryptoApps');
  return {
    strength,
    why: parts.join('; '),
    ops: v.encrypts.length,
    algorithms: algList,
    modes: modeList,
    bytes_in: inBytes,
    bytes_out: outBytes,
    legacy_ops: legacy,
    decrypt_ops: v.ctx.decrypts.length,
    ...(procs.size ? { processes: [...procs].sort() } : {}),
    allowed_crypto_app: allowed,
  };
}
