// The records the analytic keeps about an app context, and the execution state they happened in.
// Only figures and fingerprints are kept, never key bytes or plaintext. A leaf module: every part
// of the analytic reads these shapes, none of them is read back from here.
import type { AppEntry, AppStateName, KeyOrigin, PayloadFeatures, Policy } from '../../model/index.js';
import type { Inventory } from '../../policy/inventory.js';
import type { FleetKeys } from './fleet-keys.js';
import type { BaselineIndex } from './baseline-deviation.js';

/** The execution state at a moment. One object is shared by every record made while the state
 *  stays the same (it changes on app.state, device.state and user.interaction only). */
export interface ExecState {
  state: AppStateName | undefined;
  screenOff: boolean | undefined;
  locked: boolean | undefined;
  /** the last user interaction (app or device scoped), -Infinity when never seen */
  lastInteraction: number;
}

/** ms since the last user interaction at `ts`, Infinity when never seen */
export const idleAt = (e: ExecState, ts: number): number => ts - e.lastInteraction;

export interface EncryptOp { ts: number; ref: string; alg: string; mode: string | undefined; key_fp: string | undefined; in_bytes: number; out_bytes: number; proc: string | undefined; exec: ExecState }

export interface Send {
  ts: number; ref: string;
  /** host or IP, and `:port`: made when first asked for (see `destOf`) */
  dest?: string; host: string | undefined; ip: string | undefined; port: number | undefined;
  proto: string | undefined; tls: boolean | undefined; bytes: number; payload: PayloadFeatures | undefined; exec: ExecState;
}

/** the destination of a send as alerts name it: host (else IP, else `?`) and `:port` */
export function destOf(s: Send): string {
  return (s.dest ??= (s.host ?? s.ip ?? '?') + (s.port !== undefined ? ':' + s.port : ''));
}

export interface DataRead { ts: number; ref: string; category: string; items: number; bytes: number }

/** entropy of a write whose content the sensor could not see */
export const UNSEEN_ENTROPY = -1;

export interface StagedFile {
  ts: number; ref: string; path: string; bytes: number; entropy: number; deleted?: number;
  /** high entropy and the size of ciphertext encrypted before it in the window (judged on arrival) */
  staged?: boolean;
  /** content unseen, written within BLIND_WRITE_MS of an encrypt op */
  blind?: boolean;
}

/** key origins readable by anyone holding the APK or the device */
export const LOCAL_ORIGINS: ReadonlySet<KeyOrigin> = new Set(['literal', 'derived', 'stored']);

/** What the analytic reads of a key announcement (crypto.key). */
export interface KeyRecord {
  key_fp: string; alg: string; origin: KeyOrigin; hw_backed: boolean; kdf: string | undefined;
  /** the announcement or the last encrypt with this key: a record is read as absent once this is
   *  older than the key horizon (so what a lookup sees never depends on when memory was swept) */
  lastUse: number;
  /** an encrypt op used it: it then expires `time_window + lateness` after its last use; a key
   *  announced and not used yet lives under the staging horizon */
  used?: boolean;
}

export interface AppFacts {
  /** the signer differs from the inventory's pinned one (judged once per app.info) */
  signerMismatch?: boolean;
  signer?: string; approved?: boolean; label?: string; installer?: string; version?: string;
}

/** What every evaluation reads besides the context: the policy and the fleet-wide indexes. */
export interface Analysis {
  policy: Policy;
  inventory: Inventory;
  fleetKeys: FleetKeys;
  /** the fleet baseline (detect --baseline), when given */
  baseline?: BaselineIndex;
}

/** The context as facets see it (an interface, so that facets do not import the context class). */
export interface ContextView {
  readonly device: string;
  readonly app: string;
  readonly entry: AppEntry | undefined;
  readonly facts: AppFacts;
  /** in AllowedCryptoApps (judged once per context) */
  readonly allowedCrypto: boolean;
  /** the newest Keystore key the app made that is known by alias only (-Infinity: none) */
  readonly keyMadeTs: number;
  readonly keyMadeRef: string;
  /** the newest first contact of a destination (devices with network metadata only) */
  readonly newestFirstContact: number;
  /** the key record of `fp` as of event time `t`, undefined when unknown or past the key horizon */
  key(fp: string, t: number): KeyRecord | undefined;
}

export type { PayloadFeatures };
