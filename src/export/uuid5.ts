// UUIDv5 (RFC 9562, SHA-1 name-based): stable rule ids from rule names, no randomness.
import { createHash } from 'node:crypto';

/** ciphertrail's namespace for exported rules (itself UUIDv5 of "ciphertrail" in the URL namespace) */
export const RULE_NAMESPACE = '0b2a4a9e-4f4b-5d0e-9a7c-6f3c1d2e8b51';

export function uuid5(name: string, namespace = RULE_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
