// Which telemetry a sensor produced, as bits: the unit of coverage. One event sets one or two
// bits; an accumulator keeps only the OR of them (plus counts), so memory does not grow with input.
import type { TelemetryEvent } from '../model/index.js';
import { KEYSTORE_ALIAS_SCHEME } from '../model/index.js';

export const K = {
  crypto_op: 1, crypto_key: 2, key_fp: 4, data_access: 8, file_write: 16, file_entropy: 32,
  app_state: 64, device_state: 128, user_interaction: 256, net_send: 512, payload: 1024,
  app_info: 2048, permissions: 4096, inventory_fact: 8192,
  /** Keystore keys known by alias only (managed-device logs) */
  key_lifecycle: 16384,
  /** sends with their byte counts */
  net_bytes: 32768,
  /** app state read from other facts (a process started behind the keyguard) */
  app_state_inferred: 65536,
  /** a sandbox adapter's app.info saying the analysed sample never ran (another app did) */
  sample_not_run: 131072,
} as const;
export type KindName = keyof typeof K;
export const KIND_NAMES = Object.keys(K) as KindName[];

/** bits of the telemetry kinds one event shows */
export function kindsOf(e: TelemetryEvent): number {
  switch (e.type) {
    case 'crypto.op': return K.crypto_op | (e.key_fp ? K.key_fp : 0);
    case 'crypto.key': return e.fp_scheme === KEYSTORE_ALIAS_SCHEME ? K.key_lifecycle : K.crypto_key | K.key_fp;
    case 'data.access': return K.data_access;
    case 'file.write': return K.file_write | (e.entropy !== undefined ? K.file_entropy : 0);
    case 'file.delete': return K.file_write;
    case 'app.state': return e.inferred === true ? K.app_state_inferred : K.app_state;
    case 'device.state': return K.device_state;
    case 'user.interaction': return K.user_interaction;
    case 'net.send': return K.net_send | (e.bytes_out !== undefined ? K.net_bytes : 0) | (e.payload ? K.payload : 0);
    case 'app.info': return K.app_info | (e.permissions !== undefined ? K.permissions : 0)
      | (e.approved !== undefined || e.installer !== undefined ? K.inventory_fact : 0)
      | ((e as { sandbox_gap?: unknown }).sandbox_gap === 'sample_not_run' ? K.sample_not_run : 0);
  }
}

export function kindList(bits: number): KindName[] {
  return KIND_NAMES.filter((n) => (bits & K[n]) !== 0);
}
