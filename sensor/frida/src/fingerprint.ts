// Key/IV fingerprints (telemetry v1.1 `key_fp`, `iv_fp`, `fp_scheme`): with the deployment's
// secret, `hmac-sha256-16` = lowercase hex of the first 16 bytes of HMAC-SHA-256(secret, bytes),
// so equal keys match across one fleet but a low-entropy key (a PIN) cannot be brute-forced from
// the telemetry; without one, the v1.0 default `sha256-16` (first 16 bytes of SHA-256). PURE: the
// device has no node:crypto, so SHA-256 and HMAC are implemented here (FIPS 180-4, RFC 2104);
// the agent may plug in Frida's native `Checksum` behind the same `Sha256` interface.
import { type ByteLike, fromHex, toHex, utf8Encode } from './bytes.js';

/** A SHA-256 implementation: full digest as 64 lowercase hex characters. */
export interface Sha256 {
  readonly name: string;
  hex(data: Uint8Array): string;
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 digest (32 bytes) of `data`, pure TypeScript. */
export function sha256(data: ByteLike): Uint8Array {
  const len = data.length;
  // message + 0x80 + zero padding + 64-bit big-endian bit length, in 64-byte blocks
  const total = (((len + 9 + 63) / 64) | 0) * 64;
  const msg = new Uint8Array(total);
  for (let i = 0; i < len; i++) msg[i] = data[i] & 0xff;
  msg[len] = 0x80;
  const bitsHi = Math.floor(len / 0x20000000); // len * 8 / 2^32
  const bitsLo = (len * 8) >>> 0;
  const view = new DataView(msg.buffer);
  view.setUint32(total - 8, bitsHi >>> 0);
  view.setUint32(total - 4, bitsLo);

  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let off = 0; off < total; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(off + t * 4);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15];
      const y = w[t - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[t] + w[t]) >>> 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0] + a) >>> 0; h[1] = (h[1] + b) >>> 0; h[2] = (h[2] + c) >>> 0; h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0; h[5] = (h[5] + f) >>> 0; h[6] = (h[6] + g) >>> 0; h[7] = (h[7] + hh) >>> 0;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]);
  return out;
}

/** The pure implementation behind the `Sha256` interface (tests, and the device fallback). */
export const pureSha256: Sha256 = { name: 'pure', hex: (data) => toHex(sha256(data)) };

/** Telemetry v1 fingerprint: lowercase hex of the first 16 bytes of SHA-256(bytes). */
export function fingerprint(bytes: ByteLike, hasher: Sha256 = pureSha256): string {
  const data = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes, (b) => b & 0xff);
  return hasher.hex(data).slice(0, 32);
}

/** Pseudo-fingerprint for keys whose bytes never enter the process (Android Keystore): the same
 *  scheme over a label, e.g. `keystore:<alias>`. Stable per alias, never equal to a raw-key fp. */
export function labelFingerprint(label: string, hasher: Sha256 = pureSha256): string {
  return fingerprint(utf8Encode(label), hasher);
}

/** HMAC-SHA-256(key, data) as 64 lowercase hex characters (RFC 2104). */
export function hmacSha256Hex(key: Uint8Array, data: ByteLike, hasher: Sha256 = pureSha256): string {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? fromHex(hasher.hex(key)) : key);
  const inner = new Uint8Array(64 + data.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  for (let i = 0; i < data.length; i++) inner[64 + i] = data[i] & 0xff;
  outer.set(fromHex(hasher.hex(inner)), 64);
  return hasher.hex(outer);
}

/** `n` random bytes as hex, for a throw-away secret (Math.random: the device has no other
 *  source without Frida APIs; it only has to be unknown to whoever reads the telemetry). */
export function toHexRandom(n: number): string {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(Math.random() * 256);
  return toHex(b);
}

export type FpScheme = 'sha256-16' | 'hmac-sha256-16';

/** The deployment's fingerprint scheme: keyed when a secret is configured. */
export class Fingerprinter {
  readonly scheme: FpScheme;
  private readonly key: Uint8Array | undefined;

  constructor(secret: string | undefined, private readonly hasher: Sha256 = pureSha256) {
    this.key = secret ? utf8Encode(secret) : undefined;
    this.scheme = this.key ? 'hmac-sha256-16' : 'sha256-16';
  }

  of(bytes: ByteLike): string {
    const data = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes, (b) => b & 0xff);
    return this.key ? hmacSha256Hex(this.key, data, this.hasher).slice(0, 32) : fingerprint(data, this.hasher);
  }

  /** Pseudo-fingerprint of a label (`keystore:<alias>`, a device serial), same scheme. */
  label(text: string): string {
    return this.of(utf8Encode(text));
  }

  /** `fp_scheme` for events (absent for the v1.0 default). */
  get eventScheme(): FpScheme | undefined {
    return this.key ? this.scheme : undefined;
  }
}
