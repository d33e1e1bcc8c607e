// key_fp of telemetry v1.1. Default scheme `sha256-16`: lowercase hex of the first 16 bytes of
// SHA-256(raw key bytes). With a per-deployment secret, `hmac-sha256-16`: the same over
// HMAC-SHA-256(secret, bytes), the scheme the Frida sensor uses with the same secret, so one key
// matches across a fleet's devices and sensors while a low-entropy key (a PIN, a word) cannot be
// brute-forced from telemetry. The same scheme fingerprints IVs. Raw bytes go in, only the
// fingerprint comes out: callers must not keep the bytes once this returns.
import { createHash, createHmac } from 'node:crypto';

export type FpScheme = 'sha256-16' | 'hmac-sha256-16';

export interface KeyFingerprinter {
  readonly scheme: FpScheme;
  of(bytes: Uint8Array): string;
  /** fields to add to an event that carries fingerprints (none for the default scheme) */
  readonly fields: { fp_scheme?: FpScheme };
}

export function fingerprintBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

export const UNKEYED: KeyFingerprinter = { scheme: 'sha256-16', of: fingerprintBytes, fields: {} };

/** The fingerprinter for a deployment: keyed when `secret` is set (UTF-8 bytes of the string). */
export function keyFingerprinter(secret?: string): KeyFingerprinter {
  if (secret === undefined || secret === '') return UNKEYED;
  const key = Buffer.from(secret, 'utf8');
  return {
    scheme: 'hmac-sha256-16',
    of: (bytes) => createHmac('sha256', key).update(bytes).digest('hex').slice(0, 32),
    fields: { fp_scheme: 'hmac-sha256-16' },
  };
}
