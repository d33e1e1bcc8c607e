// Deterministic identities for the simulation: the time base, key fingerprints, signer
// certificates, documentation-range IP addresses and cipher output sizes.
import { createHash } from 'node:crypto';

/** every simulated timeline starts here: Monday 2026-01-05 08:00:00 UTC */
export const BASE_EPOCH = Date.UTC(2026, 0, 5, 8, 0, 0);
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** `key_fp` as the contract defines it: lowercase hex of the first 16 bytes of SHA-256(key). The
 *  "key" here is a made-up string naming the key, never real key bytes. */
export function keyFp(material: string): string {
  return createHash('sha256').update('key:' + material).digest('hex').slice(0, 32);
}

/** A signing-certificate SHA-256 (64 lowercase hex digits) for a made-up certificate name. */
export function signerOf(certificate: string): string {
  return createHash('sha256').update('cert:' + certificate).digest('hex');
}

/** RFC 5737 documentation ranges: bare-IP C2 addresses that can never be real hosts. */
export const TEST_NETS = ['192.0.2', '198.51.100', '203.0.113'] as const;
export const docIp = (net: 0 | 1 | 2, host: number): string => `${TEST_NETS[net]}.${host}`;

/** ciphertext size for `n` plaintext bytes: PKCS#7 padding for block modes, a 16-byte tag for AEAD */
export function cipherOut(mode: string | undefined, n: number): number {
  switch ((mode ?? '').toUpperCase()) {
    case 'CBC': case 'ECB': return (Math.floor(n / 16) + 1) * 16;
    case 'GCM': case 'POLY1305': return n + 16;
    default: return n; // stream ciphers and CTR keep the length
  }
}

/** length of the base64 text of n bytes */
export const b64Len = (n: number): number => Math.ceil(n / 3) * 4;

/** two decimals, so floats serialise the same everywhere */
export const r2 = (x: number): number => Math.round(x * 100) / 100;
