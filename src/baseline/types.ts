// BASELINE.json v1: what each app package was seen doing across the fleet. Only counts, sums,
// min/max and device-id hash sketches: every field merges associatively and commutatively.
// Never key bytes, payloads or device ids in clear (device ids are hashed into sketches).
import type { Sketch } from './sketch.js';

export const BASELINE_FORMAT = 'ciphertrail-baseline';
export const BASELINE_VERSION = 1;

/** devices remembered per app (exact up to this many) */
export const APP_DEVICES_K = 256;
/** devices remembered per observed value */
export const VALUE_DEVICES_K = 32;

/** Per observed value: on which devices and how often. Counters are summed on merge. */
export interface ValueStats {
  devices: Sketch;
  count: number;
  /** bytes: plaintext encrypted / sent / written / read, as the field says */
  bytes?: number;
  /** per field extras, all summed: decrypt ops, TLS sends, high-entropy writes, hardware-backed keys */
  [extra: string]: number | Sketch | undefined;
}

/** A capped set of values: the `cap` lexicographically smallest are kept (associative under
 *  merge); `all` sketches every distinct value's hash, so `truncated` can be counted. */
export interface CappedField {
  values: Record<string, ValueStats>;
  /** hashes of every distinct value seen (k = cap), to count what was dropped */
  all: Sketch;
  /** distinct values seen but not kept (estimated past the cap) */
  truncated: number;
}

export const FIELDS = [
  'data_categories', 'crypto_algorithms', 'key_origins', 'staging_paths', 'send_contexts',
  'destinations', 'hosts', 'ports', 'payload_formats', 'send_hours', 'signers', 'installers',
] as const;
export type FieldName = (typeof FIELDS)[number];

export const FIELD_CAPS: Record<FieldName, number> = {
  data_categories: 32, crypto_algorithms: 16, key_origins: 16, staging_paths: 32, send_contexts: 16,
  destinations: 64, hosts: 64, ports: 32, payload_formats: 16, send_hours: 24, signers: 8, installers: 8,
};

export interface AppBaseline {
  devices: Sketch;
  events: number;
  first_ts: number;
  last_ts: number;
  fields: Record<FieldName, CappedField>;
}

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  version: typeof BASELINE_VERSION;
  /** event-time span the baseline covers (min first_ts, max last_ts), absent when empty */
  first_ts?: number;
  last_ts?: number;
  events: number;
  apps: Record<string, AppBaseline>;
}
