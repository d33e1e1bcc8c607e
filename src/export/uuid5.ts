// Stable rule ids from rule names (UUIDv5, no randomness); the UUIDv5 itself is the report's.
import { uuid5 as uuid5In } from '../report/uuid5.js';

/** ciphertrail's namespace for exported rules (itself UUIDv5 of "ciphertrail" in the URL namespace) */
export const RULE_NAMESPACE = '0b2a4a9e-4f4b-5d0e-9a7c-6f3c1d2e8b51';

export function uuid5(name: string, namespace = RULE_NAMESPACE): string {
  return uuid5In(name, namespace);
}
