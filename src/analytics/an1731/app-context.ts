// Everything the analytic remembers about one (device, app): the recent encrypt ops, keys, data
// reads, staged files and sends inside the time window, plus the current execution state.
// Only figures and fingerprints are kept, never key bytes or plaintext.
import type { AppEntry, AppStateName, KeyOrigin, PayloadFeatures } from '../../model/index.js';
import { Recent, RECENT_CAP } from './recent.js';
import { SendRows } from './send-rows.js';
import { EncryptRows } from './encrypt-rows.js';
import { TimeRows } from './rows.js';

export const SENDS_CAP = 128;
import type { Chain } from './chain.js';

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
export interface DataRead { ts: number; ref: string; category: string; items: number; bytes: number }
/** entropy of a write whose content the sensor could not see */
export const UNSEEN_ENTROPY = -1;

export interface StagedFile { ts: number; ref: string; path: string; bytes: number; entropy: number; deleted?: number }
export interface Send {
  ts: number; ref: string;
  /** host or IP, and `:port`: made when first asked for (see `destOf`) */
  dest?: string; host: string | undefined; ip: string | undefined; port: number | undefined;
  proto: string | undefined; tls: boolean | undefined; bytes: number; payload: PayloadFeatures | undefined; exec: ExecState;
  /** breaks the inventory's domain or background expectations (judged when it arrived) */
  offPolicy: boolean;
}
/** the destination of a send as alerts name it: host (else IP, else `?`) and `:port` */
export function destOf(s: Send): string {
  return (s.dest ??= (s.host ?? s.ip ?? '?') + (s.port !== undefined ? ':' + s.port : ''));
}

/** What the analytic reads of a key announcement (crypto.key). Nothing more is kept: a record lives
 *  minutes past the key's last use, so its announcement's ref, time and size would be promoted by
 *  the GC for nothing (~75 k records per million events of the bench fleet). */
export interface KeyRecord { key_fp: string; alg: string; origin: KeyOrigin; hw_backed: boolean; kdf: string | undefined;
  /** last encrypt with this key, or its announcement: records idle past window + lateness are evicted */
  lastUse: number }

export interface AppFacts {
  /** the signer differs from the inventory's pinned one (judged once per app.info) */
  signerMismatch?: boolean;
  signer?: string; approved?: boolean; label?: string; installer?: string; version?: string }

const NO_ENCRYPTS = new EncryptRows(0), NO_SENDS = new SendRows(0), NO_DECRYPTS = new TimeRows(0);
const NO_READS = new Recent<DataRead>(0), NO_FILES = new Recent<StagedFile>(0);

export class AppContext {
  appState: AppStateName | undefined;
  lastInteraction = -Infinity;
  lastTs = -Infinity;
  facts: AppFacts = {};
  readonly keys = new Map<string, KeyRecord>();
  // The rings are made on their first entry: a context lives minutes (34 k are made per million
  // events of the bench fleet) and most never see some kinds. Until then each holds a shared empty
  // ring of capacity 0, which is only read and pruned (no-ops on it); add through `*ToAdd()`.
  encrypts = NO_ENCRYPTS;
  reads = NO_READS;
  files = NO_FILES;
  /** the newest 128 sends of the window: enough for periodicity, bounded for chatty browsers */
  sends = NO_SENDS;
  /** decrypt ops inside the window: obfuscation (SDK strings, packers), reported, not scored */
  decrypts = NO_DECRYPTS;
  chain: Chain | undefined;
  /** the last score bound was under the report floor; cleared by anything that can raise it
   *  (new key, data read, staged file, inventory fact, off-policy send). Expiry only lowers it. */
  quiet = false;
  /** the device's visibility bits when `quiet` was set */
  quietSeen = 0;
  /** the bound that last set `quiet` already counted the inconsistency facet, and since then only
   *  off-policy sends cleared `quiet`: they cannot raise that bound, so it need not be recomputed */
  quietInc = false;

  /** the exec state of the current moment, shared by the records made until it changes */
  exec: ExecState | undefined;
  /** the device's `stateVersion` when `exec` was made */
  execVersion = 0;
  /** no key record has a lastUse under this (a lower bound: eviction scans only when it can find one) */
  keysMinUse = Infinity;
  /** index among the engine's live contexts (see Engine.sweep) */
  slot = -1;
  /** the key record last set or found (ops mostly repeat the key of the op before) */
  private lastKey: KeyRecord | undefined;

  constructor(readonly device: string, readonly app: string, readonly entry: AppEntry | undefined = undefined) {}

  encryptsToAdd(): EncryptRows { return this.encrypts.cap > 0 ? this.encrypts : (this.encrypts = new EncryptRows(RECENT_CAP)); }
  readsToAdd(): Recent<DataRead> { return this.reads.cap > 0 ? this.reads : (this.reads = new Recent<DataRead>()); }
  filesToAdd(): Recent<StagedFile> { return this.files.cap > 0 ? this.files : (this.files = new Recent<StagedFile>()); }
  sendsToAdd(): SendRows { return this.sends.cap > 0 ? this.sends : (this.sends = new SendRows(SENDS_CAP)); }
  decryptsToAdd(): TimeRows { return this.decrypts.cap > 0 ? this.decrypts : (this.decrypts = new TimeRows(RECENT_CAP)); }

  setKey(k: KeyRecord): void {
    this.keys.set(k.key_fp, k);
    this.lastKey = k;
    if (k.lastUse < this.keysMinUse) this.keysMinUse = k.lastUse;
  }

  /** the key record of `fp`, as `keys.get` */
  key(fp: string): KeyRecord | undefined {
    const last = this.lastKey;
    if (last !== undefined && last.key_fp === fp) return last;
    const k = this.keys.get(fp);
    if (k !== undefined) this.lastKey = k;
    return k;
  }

  /** something arrived that can raise the score bound (new key, data read, staged file, fact) */
  wake(): void {
    this.quiet = false;
    this.quietInc = false;
  }

  prune(cutoff: number): void {
    this.encrypts.prune(cutoff);
    this.reads.prune(cutoff);
    this.files.prune(cutoff);
    this.sends.prune(cutoff);
    this.decrypts.prune(cutoff);
  }

  /** key records idle since `cutoff` go: a messenger or VPN makes a new key every few minutes */
  evictKeys(cutoff: number): void {
    if (this.keysMinUse >= cutoff) return;
    let min = Infinity;
    // (values, not entries: an entry array per key made this loop a third of the idle sweep)
    for (const k of this.keys.values()) {
      // a key that goes reads as origin unknown to an op still in view: that can raise the bound
      if (k.lastUse < cutoff) {
        this.keys.delete(k.key_fp);
        if (this.lastKey === k) this.lastKey = undefined;
        this.quietInc = false;
      }
      else if (k.lastUse < min) min = k.lastUse;
    }
    this.keysMinUse = min;
  }
}
