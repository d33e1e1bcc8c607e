// key_fp of telemetry v1: lowercase hex of the first 16 bytes of SHA-256(raw key bytes). The same
// scheme fingerprints IVs. Raw bytes go in, only the fingerprint comes out: callers must not keep
// the bytes once this returns.
import { createHash } from 'node:crypto';

export function fingerprintBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}
