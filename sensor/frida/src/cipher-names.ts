// Cipher transformation strings ("AES/CBC/PKCS5Padding") -> telemetry v1 alg and mode. PURE.

export interface CipherName {
  alg: string;
  mode?: string;
}

const ALG_ALIASES: Record<string, string> = {
  AES: 'AES', AES_128: 'AES', AES_256: 'AES', RIJNDAEL: 'AES',
  RC4: 'RC4', ARC4: 'RC4', ARCFOUR: 'RC4',
  DES: 'DES', DESEDE: 'DESede', TRIPLEDES: 'DESede', '3DES': 'DESede', TDEA: 'DESede',
  BLOWFISH: 'Blowfish', CHACHA20: 'ChaCha20', 'CHACHA20-POLY1305': 'ChaCha20', XCHACHA20: 'ChaCha20',
  RC2: 'RC2', TWOFISH: 'Twofish', SALSA20: 'Salsa20', CAMELLIA: 'Camellia', SM4: 'SM4',
};

/** Stream ciphers: no block mode. */
const STREAM = new Set(['RC4', 'ChaCha20', 'Salsa20']);

/** Asymmetric or non-cipher algorithms: not in scope for T1521.001 (symmetric). */
const NOT_SYMMETRIC = /^(RSA|EC|ECIES|DH|DSA|ELGAMAL|HMAC|PBKDF|PBEWITHHMAC)/i;

/** Normalises an algorithm name: `arcfour` -> `RC4`, `desede` -> `DESede`; unknown names keep their case. */
export function normalizeAlg(name: string): string {
  const upper = name.trim().toUpperCase();
  const base = upper.replace(/_\d+$/, '') in ALG_ALIASES ? upper.replace(/_\d+$/, '') : upper;
  return ALG_ALIASES[base] ?? ALG_ALIASES[upper] ?? name.trim();
}

/** `AES/CBC/PKCS5Padding` -> {alg: AES, mode: CBC}. A bare `AES` is ECB (the JCA default). */
export function parseTransformation(transformation: string): CipherName {
  const parts = transformation.split('/').map((p) => p.trim());
  const rawAlg = parts[0] ?? '';
  if (/^chacha20-poly1305$/i.test(rawAlg)) return { alg: 'ChaCha20', mode: 'AEAD' };
  const alg = normalizeAlg(rawAlg);
  if (STREAM.has(alg)) return { alg, mode: 'stream' };
  const rawMode = parts[1];
  if (rawMode === undefined || rawMode === '') {
    return /^(AES|DES|DESede|Blowfish|RC2|Twofish|Camellia|SM4)$/.test(alg) ? { alg, mode: 'ECB' } : { alg };
  }
  const mode = rawMode.toUpperCase().replace(/\d+$/, ''); // CFB8 -> CFB
  return { alg, mode: mode === 'NONE' ? 'ECB' : mode };
}

/** Password-based algorithms (`PBEWithMD5AndDES`, `PBEWithSHA256And256BitAES-CBC-BC`): their
 *  "key" bytes are the password, so its length must not be reported as `bits`. */
export function isPasswordAlg(name: string): boolean {
  return /^PBE/i.test(name.trim());
}

/** True for symmetric cipher algorithms (what T1521.001 is about). */
export function isSymmetricAlg(name: string): boolean {
  return !NOT_SYMMETRIC.test(name.trim()) && name.trim().length > 0;
}

/**
 * OpenSSL/BoringSSL short names (OBJ_nid2sn(EVP_CIPHER_nid(c))) -> alg, mode:
 * `AES-128-CBC`, `id-aes256-GCM`, `RC4`, `DES-EDE3-CBC`, `BF-CBC`, `ChaCha20-Poly1305`.
 */
export function parseOpenSslCipherName(sn: string): CipherName {
  const s = sn.trim();
  const u = s.toUpperCase();
  if (u.startsWith('CHACHA20-POLY1305')) return { alg: 'ChaCha20', mode: 'AEAD' };
  if (u.startsWith('CHACHA20')) return { alg: 'ChaCha20', mode: 'stream' };
  if (u.startsWith('RC4')) return { alg: 'RC4', mode: 'stream' };
  let m = /^(?:ID-)?AES-?(\d+)-([A-Z0-9]+)/.exec(u);
  if (m) return { alg: 'AES', mode: m[2].replace(/\d+$/, '') };
  m = /^DES-EDE3?(?:-([A-Z0-9]+))?$/.exec(u);
  if (m) return { alg: 'DESede', mode: (m[1] ?? 'ECB').replace(/\d+$/, '') };
  m = /^DES(?:-([A-Z0-9]+))?$/.exec(u);
  if (m) return { alg: 'DES', mode: (m[1] ?? 'ECB').replace(/\d+$/, '') };
  m = /^BF(?:-([A-Z0-9]+))?$/.exec(u);
  if (m) return { alg: 'Blowfish', mode: (m[1] ?? 'ECB').replace(/\d+$/, '') };
  m = /^([A-Z0-9]+)-(?:\d+-)?(ECB|CBC|CTR|GCM|CFB\d*|OFB|CCM|XTS)$/.exec(u);
  if (m) return { alg: normalizeAlg(m[1]), mode: m[2].replace(/\d+$/, '') };
  return { alg: s };
}
