// Everything the analytic remembers about one (device, app): the recent encrypt ops, keys, data
// reads, staged files and sends inside the time window, plus the current execution state.
// Only figures and fingerprints are kept, never key bytes or plaintext.
import type { AppStateName, KeyOrigin, PayloadFeatures } from '../../model/index.js';
import { Recent } from './recent.js';

export const SENDS_CAP = 128;
import type { Chain } from './chain.js';

export interface ExecState {
  state: AppStateName | undefined;
  screenOff: boolean | undefined;
  locked: boolean | undefined;
  /** ms since the last user interaction (app or device scoped), Infinity when never seen */
  idleMs: number;
}

export interface EncryptOp { ts: number; ref: string; alg: string; mode: string | undefined; key_fp: string | undefined; in_bytes: number; out_bytes: number; proc: string | undefined; exec: ExecState }
export interface DataRead { ts: number; ref: string; category: string; items: number; bytes: number }
/** entropy of a write whose content the sensor could not see */
export const UNSEEN_ENTROPY = -1;

export interface StagedFile { ts: number; ref: string; path: string; bytes: number; entropy: number; deleted?: number }
export interface Send {
  ts: number; ref: string; dest: string; host: string | undefined; ip: string | undefined; port: number | undefined;
  proto: string | undefined; tls: boolean | undefined; bytes: number; payload: PayloadFeatures | undefined; exec: ExecState;
  /** breaks the inventory's domain or background expectations (judged when it arrived) */
  offPolicy: boolean;
}
export interface KeyRecord { key_fp: string; alg: string; origin: KeyOrigin; hw_backed: boolean; kdf: string | undefined; bits: number | undefined; ref: string; ts: number;
  /** last encrypt with this key, or its announcement: records idle past window + lateness are evicted */
  lastUse: number }

export interface AppFacts {
  /** the signer differs from the inventory's pinned one (judged once per app.info) */
  signerMismatch?: boolean;
  signer?: string; approved?: boolean; label?: string; installer?: string; version?: string }

export class AppContext {
  appState: AppStateName | undefined;
  lastInteraction = -Infinity;
  lastTs = -Infinity;
  facts: AppFacts = {};
  readonly keys = new Map<string, KeyRecord>();
  readonly encrypts = new Recent<EncryptOp>();
  readonly reads = new Recent<DataRead>();
  readonly files = new Recent<StagedFile>();
  /** the newest 128 sends of the window: enough for periodicity, bounded for chatty browsers */
  readonly sends = new Recent<Send>(SENDS_CAP);
  /** decrypt ops inside the window: obfuscation (SDK strings, packers), reported, not scored */
  readonly decrypts = new Recent<{ ts: number }>();
  chain: Chain | undefined;
  /** the last score bound was under the report floor; cleared by anything that can raise it
   *  (new key, data read, staged file, inventory fact, off-policy send). Expiry only lowers it. */
  quiet = false;
  /** the device's visibility bits when `quiet` was set */
  quietSeen = 0;

  constructor(readonly device: string, readonly app: string) {}

  prune(cutoff: number): void {
    this.encrypts.prune(cutoff);
    this.reads.prune(cutoff);
    this.files.prune(cutoff);
    this.sends.prune(cutoff);
    this.decrypts.prune(cutoff);
  }

  /** key records idle since `cutoff` go: a messenger or VPN makes a new key every few minutes */
  evictKeys(cutoff: number): void {
    for (const [fp, k] of this.keys) if (k.lastUse < cutoff) this.keys.delete(fp);
  }
}
