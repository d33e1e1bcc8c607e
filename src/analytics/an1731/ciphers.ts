// Ciphers and modes that commodity malware ships (RC4, DES, XOR, ECB); modern apps use AES-GCM or
// ChaCha20. Judged once per encrypt op, when it enters the window.
const LEGACY_ALGS = new Set(['RC4', 'ARC4', 'DES', 'DESEDE', 'XOR', 'BLOWFISH']);

/** a legacy cipher (RC4, DES, XOR…) or ECB mode */
export const isLegacyCipher = (alg: string, mode: string | undefined): boolean => LEGACY_ALGS.has(alg.toUpperCase()) || mode?.toUpperCase() === 'ECB';

const ASYMMETRIC_ALG = /^(RSA|EC|ECIES|ELGAMAL|DH|DSA)\b/i;
/** RSA modulus sizes in bytes (1024 to 4096 bits) */
const MODULI = new Set([128, 256, 384, 512]);
/** PKCS#1 v1.5 padding takes 11 bytes of the modulus: 117 bytes in, 128 out for RSA-1024 */
const PKCS1_OVERHEAD = 11;

/** the output a symmetric cipher gives for `n` bytes: a padded block (16 or 8), +16 tag, or the same */
const symmetricOut = (n: number, out: number): boolean =>
  out === n || out === n + 16 || out === (Math.floor(n / 16) + 1) * 16 || out === (Math.floor(n / 8) + 1) * 8 || out === Math.ceil(n / 16) * 16;

/** An asymmetric operation, not symmetric crypto: named so, or (name unknown) RSA-shaped sizes, an
 *  output of a modulus size for an input that fits under PKCS#1 padding and is either the classic
 *  chunk (117 → 128) or one no symmetric padding turns into that output (93 → 128). */
export function isAsymmetricOp(alg: string, inBytes: number | undefined, outBytes: number | undefined): boolean {
  if (ASYMMETRIC_ALG.test(alg)) return true;
  if (alg !== '' && alg.toLowerCase() !== 'unknown') return false;
  if (inBytes === undefined || outBytes === undefined || !MODULI.has(outBytes) || inBytes > outBytes - PKCS1_OVERHEAD) return false;
  return inBytes === outBytes - PKCS1_OVERHEAD || !symmetricOut(inBytes, outBytes);
}
