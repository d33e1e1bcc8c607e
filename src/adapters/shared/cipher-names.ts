// Cipher transformation strings ("AES/CBC/PKCS5Padding") and what they imply.

export interface Transformation { alg: string; mode?: string; padding?: string }

const ASYMMETRIC = /^(RSA|EC|ECIES|ELGAMAL|DH|DSA)/i;
const NOT_A_CIPHER = /^(HMAC|PBKDF|PBE|SHA|MD5)/i;
const BLOCK_BYTES: Record<string, number> = { AES: 16, DES: 8, DESEDE: 8, TRIPLEDES: 8, BLOWFISH: 8, RC2: 8, TWOFISH: 16, SM4: 16 };

/** canonical algorithm names of telemetry v1 (AES, DES, DESede, RC4...) */
export function canonicalAlg(name: string): string {
  const n = name.trim();
  const u = n.toUpperCase();
  if (u === 'ARCFOUR' || u === 'ARC4' || u === 'RC4') return 'RC4';
  if (u === 'DESEDE' || u === 'TRIPLEDES' || u === '3DES') return 'DESede';
  if (u === 'AES' || u.startsWith('AES_')) return 'AES';
  if (u === 'DES') return 'DES';
  if (u === 'BLOWFISH') return 'Blowfish';
  if (u === 'CHACHA20' || u === 'CHACHA20-POLY1305') return 'ChaCha20';
  return n;
}

export function parseTransformation(t: string): Transformation {
  const [alg, mode, padding] = t.split('/').map((x) => x.trim());
  const out: Transformation = { alg: canonicalAlg(alg ?? t) };
  if (mode) out.mode = mode.toUpperCase() === 'NONE' ? 'ECB' : mode.toUpperCase();
  else if (BLOCK_BYTES[out.alg.toUpperCase()]) out.mode = 'ECB'; // Java's default for "AES", "DES"...
  if (out.alg === 'RC4') out.mode = 'stream';
  if (padding) out.padding = padding;
  return out;
}

export function isAsymmetric(alg: string): boolean {
  return ASYMMETRIC.test(alg);
}

/** keys for MACs and password hashing are not cipher keys */
export function isCipherKeyAlg(alg: string): boolean {
  return !NOT_A_CIPHER.test(alg) && !isAsymmetric(alg);
}

/** output size of a PKCS#5/#7-padded ECB/CBC encryption of n bytes, when the transformation fixes it */
export function paddedSize(t: Transformation, n: number): number | undefined {
  const block = BLOCK_BYTES[t.alg.toUpperCase()];
  if (!block || !t.padding || !/PKCS[57]/i.test(t.padding) || !['ECB', 'CBC'].includes(t.mode ?? '')) return undefined;
  return (Math.floor(n / block) + 1) * block;
}
