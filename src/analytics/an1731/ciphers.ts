// Ciphers and modes that commodity malware ships (RC4, DES, XOR, ECB); modern apps use AES-GCM or
// ChaCha20. Judged once per encrypt op, when it enters the window.
const LEGACY_ALGS = new Set(['RC4', 'ARC4', 'DES', 'DESEDE', 'XOR', 'BLOWFISH']);

/** a legacy cipher (RC4, DES, XOR…) or ECB mode */
export const isLegacyCipher = (alg: string, mode: string | undefined): boolean => LEGACY_ALGS.has(alg.toUpperCase()) || mode?.toUpperCase() === 'ECB';
