// Everything the analytic remembers about one (device, app): the window of recent records and the
// facets' running state over it, the key records, the staged artifacts, the app's facts and its
// execution state. Key records and staged artifacts live under their own horizon and are read as
// absent once past it, whenever memory is freed; the rest is reset when the context has been idle
// longer than the window (and the lateness).
import type { AppEntry, AppStateName } from '../../model/index.js';
import type { AppFacts, ContextView, ExecState, KeyRecord } from './types.js';
import { Window } from './window.js';
import { StagedStore } from './staged-store.js';
import type { Chain } from './chain.js';

export type { ExecState, KeyRecord, AppFacts };
export { idleAt, UNSEEN_ENTROPY, destOf } from './types.js';
export type { DataRead, StagedFile, EncryptOp, Send } from './types.js';

/** the most key records a context keeps (the oldest-used goes first) */
export const KEYS_CAP = 256;
/** the most first contacts a context remembers */
export const FIRST_CONTACTS_CAP = 1024;

export class AppContext implements ContextView {
  appState: AppStateName | undefined;
  lastInteraction = -Infinity;
  lastTs = -Infinity;
  facts: AppFacts = {};
  /** the last app.info: the app's facts (signer, installer, approval) hold for the staging horizon */
  factsTs = -Infinity;
  readonly keys = new Map<string, KeyRecord>();
  win = new Window();
  readonly staged = new StagedStore();
  chain: Chain | undefined;
  /** the exec state of the current moment, shared by the records made until it changes */
  exec: ExecState | undefined;
  /** the device's `stateVersion` when `exec` was made */
  execVersion = 0;
  /** the newest Keystore key made by the app that is known by alias only, and its evidence ref */
  keyMadeTs = -Infinity;
  keyMadeRef = '';
  /** on devices with network metadata only: when each destination was first contacted (bounded:
   *  past the cap a destination is not remembered and reads as new), and the newest such contact */
  firstContacts: Map<string, number> | undefined;
  newestFirstContact = -Infinity;
  /** index among the engine's live contexts (see ContextTable) */
  slot = -1;
  /** the key record last set or found (ops mostly repeat the key of the op before) */
  private lastKey: KeyRecord | undefined;
  /** no key record expires before this (a lower bound: `expire` looks only when one may) */
  private keysDue = Infinity;

  constructor(readonly device: string, readonly app: string, readonly entry: AppEntry | undefined, readonly allowedCrypto: boolean,
    /** key records not used yet and staged artifacts are read as absent past this much event time */
    readonly horizon: number,
    /** used key records are read as absent this long after their last use */
    readonly usedHorizon: number) {}

  /** a send to `dest` (host or IP) at `ts` */
  contacted(dest: string, ts: number): void {
    const m = (this.firstContacts ??= new Map());
    const first = m.get(dest);
    if (first !== undefined && first <= ts) return;
    if (first === undefined && m.size >= FIRST_CONTACTS_CAP) { this.newestFirstContact = Math.max(this.newestFirstContact, ts); return; }
    m.set(dest, ts);
    if (ts > this.newestFirstContact) this.newestFirstContact = ts;
  }

  setKey(k: KeyRecord): void {
    // (a live context's records are read through their horizon anyway: memory is freed only where
    // many piled up, a messenger's key per message)
    if (this.keys.size >= 32 && k.lastUse > this.keysDue) this.expire(k.lastUse);
    if (!this.keys.has(k.key_fp) && this.keys.size >= KEYS_CAP) this.dropOldestKey();
    this.keys.set(k.key_fp, k);
    this.lastKey = k;
    const due = k.lastUse + (k.used ? this.usedHorizon : this.horizon);
    if (due < this.keysDue) this.keysDue = due;
  }

  /** the key record of `fp` as of event time `t` */
  key(fp: string, t: number): KeyRecord | undefined {
    let k = this.lastKey;
    if (k === undefined || k.key_fp !== fp) {
      k = this.keys.get(fp);
      if (k !== undefined) this.lastKey = k;
    }
    return k !== undefined && k.lastUse >= t - (k.used ? this.usedHorizon : this.horizon) ? k : undefined;
  }

  private dropOldestKey(): void {
    let old: KeyRecord | undefined;
    for (const k of this.keys.values()) if (old === undefined || k.lastUse < old.lastUse || (k.lastUse === old.lastUse && k.key_fp < old.key_fp)) old = k;
    if (old) { this.keys.delete(old.key_fp); if (this.lastKey === old) this.lastKey = undefined; }
  }

  /** frees key records and artifacts past the horizon (lookups already read them as absent) */
  expire(now: number): void {
    if (this.staged.size > 0) this.staged.live(now, this.horizon);
    if (now <= this.keysDue) return;
    let due = Infinity;
    for (const k of this.keys.values()) {
      const at = k.lastUse + (k.used ? this.usedHorizon : this.horizon);
      if (at < now) { this.keys.delete(k.key_fp); if (this.lastKey === k) this.lastKey = undefined; }
      else if (at < due) due = at;
    }
    this.keysDue = due;
  }

  /** holds something that outlives the window: a key record or a staged artifact within its horizon */
  holdsAt(now: number): boolean {
    if (now < this.holdUntil) return true;
    this.expire(now);
    // (until when, at least: an idle context is then passed over by the sweeps before it)
    let until = Math.max(this.factsTs, this.staged.newest) + this.horizon;
    for (const k of this.keys.values()) until = Math.max(until, k.lastUse + (k.used ? this.usedHorizon : this.horizon));
    this.holdUntil = until;
    return this.keys.size > 0 || this.staged.size > 0 || this.factsTs >= now - this.horizon;
  }

  /** holds something at least until then (see `holdsAt`) */
  private holdUntil = -Infinity;

  /** the app's facts as of `t`: forgotten once older than the horizon */
  factsAt(t: number): void {
    if (this.factsTs !== -Infinity && this.factsTs < t - this.horizon) { this.facts = {}; this.factsTs = -Infinity; }
  }

  /** idle past the window: what the window and the app's moment held is forgotten (a fresh context
   *  but for key records, staged artifacts and the app's facts, which have their own horizon) */
  reset(): void {
    this.appState = undefined;
    this.lastInteraction = -Infinity;
    this.exec = undefined;
    if (!this.win.empty || this.win.newest !== -Infinity) this.win = new Window();
  }
}
