// A test rig for the facets: one app context with a real Window, AppContext and Analysis (policy,
// Inventory, FleetKeys), fed records as the dispatcher feeds them (src/analytics/dispatch.ts):
// key records set and re-judged, ops updating their key record and noting it in the fleet index,
// writes judged staged / blind on arrival, unseen writes made blind by a following op, sends
// taking out staged artifacts from before the window. Only the window's own entry points are
// called (addOp, addRead, addFile, addSend, addDecrypt, recall, refile, prune, keyChanged).
// Every arrival is logged, so that a fresh window can be fed the records still in the window.
import { expect } from 'vitest';
import type { AppEntry, AppStateName, FacetExplanation, FacetName, KeyOrigin, PayloadFeatures, Policy, Thresholds } from '../../model/index.js';
import { DEFAULT_POLICY } from '../../model/index.js';
import { Inventory } from '../../policy/inventory.js';
import { AppContext } from './app-context.js';
import { FleetKeys } from './fleet-keys.js';
import { Window } from './window.js';
import { FACETS, FACET_INDEX } from './registry.js';
import { noFlags, type EvalEnv, type ScoreFlags, type UpdateEnv } from './facet.js';
import { BLIND_WRITE_MS, isStagedWrite } from './facets/staging.js';
import type { StagedArtifact } from './staged-store.js';
import type { BaselineIndex } from './baseline-deviation.js';
import type { Recalled } from './staged-store.js';
import { UNSEEN_ENTROPY, type Analysis, type DataRead, type ExecState, type StagedFile } from './types.js';
import { SEEN_CRYPTO, SEEN_DATA, SEEN_INFO, SEEN_KEY, SEEN_NET, SEEN_STATE } from './visibility.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
/** every telemetry kind seen */
export const SEEN_ALL = SEEN_CRYPTO | SEEN_KEY | SEEN_DATA | SEEN_STATE | SEEN_NET | SEEN_INFO;

/** the execution state of a moment: app state, lock, screen, ms since the last interaction */
export interface Ex { state?: AppStateName; locked?: boolean; screenOff?: boolean; idle?: number }
/** foreground, unlocked, screen on, touched 10 s before */
export const FG: Ex = { state: 'foreground', locked: false, screenOff: false, idle: 10_000 };

export type Rec =
  | { k: 'op'; ts: number; alg: string; mode?: string; inB: number; outB: number; key?: string; proc?: string; ex?: Ex; dir?: 'decrypt' }
  | { k: 'read'; ts: number; category: string; items: number; bytes: number }
  /** entropy undefined: content unseen (a blind write when within 5 s after an op) */
  | { k: 'file'; ts: number; path: string; bytes: number; entropy?: number }
  | { k: 'delete'; ts: number; path: string }
  | { k: 'send'; ts: number; bytes: number; host?: string; ip?: string; port?: number; proto?: string; tls?: boolean; payload?: PayloadFeatures; path?: string; ex?: Ex }
  | { k: 'key'; ts: number; fp: string; origin: KeyOrigin; hw?: boolean; alg?: string; kdf?: string }
  /** another device of the fleet used the key (for this app) */
  | { k: 'fleet'; ts: number; device: string; fp: string }
  /** a staged artifact written before the window (as dispatch's `stage` makes them) */
  | { k: 'artifact'; art: StagedArtifact }
  | { k: 'info'; signer?: string; approved?: boolean; installer?: string; label?: string }
  | { k: 'prune'; from: number };

// record makers
export const op = (ts: number, o: Partial<Omit<Extract<Rec, { k: 'op' }>, 'k' | 'ts'>> = {}): Rec =>
  ({ k: 'op', ts, alg: 'AES', mode: 'GCM', inB: 4096, outB: 4112, ...o });
export const dec = (ts: number): Rec => ({ k: 'op', ts, alg: 'AES', mode: 'GCM', inB: 100, outB: 100, dir: 'decrypt' });
export const read = (ts: number, category: string, items = 10, bytes = 4096): Rec => ({ k: 'read', ts, category, items, bytes });
export const file = (ts: number, path: string, bytes: number, entropy?: number): Rec => ({ k: 'file', ts, path, bytes, ...(entropy !== undefined ? { entropy } : {}) });
export const del = (ts: number, path: string): Rec => ({ k: 'delete', ts, path });
export const send = (ts: number, bytes: number, o: Partial<Omit<Extract<Rec, { k: 'send' }>, 'k' | 'ts' | 'bytes'>> = {}): Rec =>
  ({ k: 'send', ts, bytes, host: 'api.example.com', port: 443, proto: 'https', tls: true, ...o });
export const key = (ts: number, fp: string, origin: KeyOrigin, o: { hw?: boolean; alg?: string; kdf?: string } = {}): Rec => ({ k: 'key', ts, fp, origin, ...o });
export const fleet = (ts: number, device: string, fp: string): Rec => ({ k: 'fleet', ts, device, fp });
export const info = (o: Omit<Extract<Rec, { k: 'info' }>, 'k'>): Rec => ({ k: 'info', ...o });
export const prune = (from: number): Rec => ({ k: 'prune', from });
export const artifact = (o: Partial<StagedArtifact> & Pick<StagedArtifact, 'ts' | 'path' | 'bytes'>): Rec => ({
  k: 'artifact',
  art: {
    ref: `art-${o.ts}`, entropy: 7.9, opRef: `artop-${o.ts}`, opTs: o.ts - 1_000, alg: 'AES', mode: 'CBC', keyFp: undefined, legacy: false,
    inBytes: o.bytes - 16, outBytes: o.bytes, categories: ['contacts'], items: 50, readBytes: 8_000, readRefs: [], readTs: [], hidden: 0.9, ...o,
  },
});

/** policy tuning of a table row */
export interface Tune { thresholds?: Partial<Thresholds>; apps?: AppEntry[]; allowed_crypto_apps?: string[] }

export function policyOf(t: Tune = {}): Policy {
  return {
    ...DEFAULT_POLICY, ...(t.apps ? { apps: t.apps } : {}), ...(t.allowed_crypto_apps ? { allowed_crypto_apps: t.allowed_crypto_apps } : {}),
    thresholds: { ...DEFAULT_POLICY.thresholds, ...t.thresholds },
  };
}

export const APP = 'com.example.app', DEVICE = 'dev-1';

export function execOf(ex: Ex | undefined, ts: number): ExecState {
  const e = ex ?? FG;
  return { state: e.state, locked: e.locked, screenOff: e.screenOff, lastInteraction: e.idle === undefined ? -Infinity : ts - e.idle };
}

/** what one facet says at one moment */
export interface Said<F = object> { strength: number; flags: ScoreFlags; figures: F | undefined; explained: FacetExplanation | undefined; why: string }

/** one arrival at the window, as the window took it (for feeding a fresh window) */
export type Arrival =
  | { k: 'op'; ts: number; ref: string; alg: string; inB: number; outB: number; exec: ExecState; mode: string | undefined; key: string | undefined; proc: string | undefined }
  | { k: 'dec'; ts: number; ref: string }
  | { k: 'read'; r: DataRead }
  | { k: 'file'; f: StagedFile }
  | { k: 'send'; ts: number; ref: string; bytes: number; exec: ExecState; host?: string; ip?: string; port?: number; proto?: string; tls?: boolean; payload?: PayloadFeatures; countsAll: boolean }
  | { k: 'recall'; r: Recalled };

export class Rig {
  readonly policy: Policy;
  readonly a: Analysis;
  readonly ctx: AppContext;
  readonly window: number;
  readonly horizon: number;
  /** the newest record time fed (the default evaluation time) */
  t = 0;
  /** the telemetry kinds the device has shown, as dispatch notes them (SEEN_*) */
  seen = SEEN_STATE | SEEN_INFO;
  private n = 0;
  readonly log: Arrival[] = [];

  constructor(tune: Tune = {}, readonly app = APP, readonly device = DEVICE, lateness = 30_000) {
    this.policy = policyOf(tune);
    const inventory = new Inventory(this.policy);
    this.a = { policy: this.policy, inventory, fleetKeys: new FleetKeys(HOUR) };
    this.window = this.policy.thresholds.time_window;
    this.horizon = this.policy.thresholds.staging_horizon;
    this.ctx = new AppContext(device, app, inventory.entry(app), inventory.isAllowedCrypto(app), this.horizon, this.window + lateness);
  }

  get w(): Window { return this.ctx.win; }
  get x(): UpdateEnv { return { a: this.a, ctx: this.ctx, w: this.ctx.win }; }

  feed(recs: readonly Rec[]): this {
    for (const r of recs) this.one(r);
    return this;
  }

  private ref(kind: string): string { return `${kind}-${this.n++}`; }

  one(r: Rec): void {
    const { ctx, a } = this, w = this.w, x = this.x;
    if ('ts' in r && r.k !== 'fleet' && r.ts > this.t) this.t = r.ts;
    switch (r.k) {
      case 'key': {
        this.seen |= SEEN_CRYPTO | SEEN_KEY;
        const prev = ctx.keys.get(r.fp);
        ctx.setKey({ key_fp: r.fp, alg: r.alg ?? 'AES', origin: r.origin, hw_backed: r.hw === true, kdf: r.kdf, lastUse: prev && prev.lastUse > r.ts ? prev.lastUse : r.ts, used: prev?.used === true });
        w.keyChanged(r.fp, r.ts, x);
        break;
      }
      case 'op': {
        const ref = this.ref(r.dir ?? 'op');
        this.seen |= SEEN_CRYPTO;
        if (r.key) this.seen |= SEEN_KEY;
        if (r.dir === 'decrypt') { w.addDecrypt(r.ts, this.window, x); this.log.push({ k: 'dec', ts: r.ts, ref }); break; }
        const k = r.key ? ctx.key(r.key, r.ts) : undefined;
        if (k) { if (r.ts > k.lastUse) k.lastUse = r.ts; k.used = true; }
        const exec = execOf(r.ex, r.ts);
        w.addOp(r.ts, ref, r.alg, r.inB, r.outB, exec, r.mode, r.key, r.proc, this.window, x);
        this.log.push({ k: 'op', ts: r.ts, ref, alg: r.alg, inB: r.inB, outB: r.outB, exec, mode: r.mode, key: r.key, proc: r.proc });
        const files = w.files.items;
        for (let i = files.length - 1; i >= 0 && files[i].ts >= r.ts - BLIND_WRITE_MS; i--) {
          const f = files[i];
          if (f.entropy === UNSEEN_ENTROPY && !f.blind) w.refile(f, () => { f.blind = true; }, x);
        }
        if (r.key && (!k || !(k.hw_backed || k.origin === 'generated' || k.origin === 'keystore' || k.origin === 'remote'))) a.fleetKeys.note(this.app, r.key, this.device, r.ts);
        break;
      }
      case 'read': {
        this.seen |= SEEN_DATA;
        const d: DataRead = { ts: r.ts, ref: this.ref('read'), category: r.category, items: r.items, bytes: r.bytes };
        w.addRead(d, this.window, x);
        this.log.push({ k: 'read', r: d });
        break;
      }
      case 'file': {
        this.seen |= SEEN_DATA;
        const thr = this.policy.thresholds.entropy_threshold;
        if (r.entropy !== undefined && r.entropy < thr) break;
        const f: StagedFile = { ts: r.ts, ref: this.ref('file'), path: r.path, bytes: r.bytes, entropy: r.entropy ?? UNSEEN_ENTROPY };
        if (r.entropy !== undefined) f.staged = isStagedWrite(w, r.bytes, r.entropy, thr);
        else if (w.encrypts.newest >= r.ts - BLIND_WRITE_MS) f.blind = true;
        w.addFile(f, this.window, x);
        this.log.push({ k: 'file', f });
        break;
      }
      case 'delete': {
        const files = w.files.items;
        for (let i = files.length - 1; i >= 0; i--) if (files[i].path === r.path && files[i].deleted === undefined) { files[i].deleted = r.ts; break; }
        ctx.staged.delete(r.path, r.ts);
        break;
      }
      case 'send': {
        this.seen |= SEEN_NET;
        const ref = this.ref('send'), exec = execOf(r.ex, r.ts);
        // (countsAll: the device shows no crypto, so its sends count without an encrypt op)
        const countsAll = (this.seen & SEEN_CRYPTO) === 0;
        w.addSend(r.ts, ref, r.bytes, exec, r.host, r.ip, r.port, r.proto, r.tls, r.payload, this.window, x, countsAll);
        this.log.push({ k: 'send', ts: r.ts, ref, bytes: r.bytes, exec, host: r.host, ip: r.ip, port: r.port, proto: r.proto, tls: r.tls, payload: r.payload, countsAll });
        if (ctx.staged.size > 0) {
          const art = ctx.staged.take(r.ts, r.bytes, r.path, this.horizon);
          if (art !== undefined && art.ts < r.ts - this.window) {
            const rec: Recalled = { artifact: art, sendTs: r.ts, sendRef: ref, waitedMs: r.ts - art.ts };
            w.recall(rec, x);
            this.log.push({ k: 'recall', r: rec });
          }
        }
        break;
      }
      case 'fleet': a.fleetKeys.note(this.app, r.fp, r.device, r.ts); break;
      case 'artifact': ctx.staged.add({ ...r.art }); break;
      case 'info': {
        const f = ctx.facts;
        if (r.signer !== undefined) {
          f.signer = r.signer;
          const pinned = ctx.entry?.signer;
          f.signerMismatch = pinned !== undefined && !a.inventory.signerMatches(pinned, r.signer);
        }
        if (r.approved !== undefined) f.approved = r.approved;
        if (r.installer !== undefined) f.installer = r.installer;
        if (r.label !== undefined) f.label = r.label;
        break;
      }
      case 'prune': w.prune(r.from, x); break;
    }
  }

  env(t = this.t, w: Window = this.w): EvalEnv { return { a: this.a, ctx: this.ctx, w, t, seen: this.seen }; }

  /** one facet at `t`, as an evaluation reads it (a dirty window is rebuilt first) */
  say<F = object>(name: FacetName, t = this.t): Said<F> { return sayOf<F>(this, this.w, name, t); }
}

export function sayOf<F = object>(rig: Rig, w: Window, name: FacetName, t = rig.t): Said<F> {
  const x = rig.env(t, w);
  if (w.dirty) w.rebuild(x);
  const i = FACET_INDEX[name], f = FACETS[i];
  const flags = noFlags();
  // (a window whose facets have taken no record yet may hold no states: they are the initial ones)
  const st = w.states[i] ?? f.init();
  const strength = f.strength(st, x, flags);
  const figures = strength > 0 ? (f.figures(st, x) as F) : undefined;
  const explained = figures ? f.explain(figures as object, strength, rig.policy) : undefined;
  return { strength, flags, figures, explained, why: explained?.why ?? '' };
}

/** feeds a fresh window the given arrivals through the window's entry points (no re-judging) */
export function feedWindow(rig: Rig, arrivals: readonly Arrival[]): Window {
  const w = new Window(), x: UpdateEnv = { a: rig.a, ctx: rig.ctx, w }, win = rig.window;
  for (const r of arrivals) {
    switch (r.k) {
      case 'op': w.addOp(r.ts, r.ref, r.alg, r.inB, r.outB, r.exec, r.mode, r.key, r.proc, win, x); break;
      case 'dec': w.addDecrypt(r.ts, win, x); break;
      case 'read': w.addRead(r.r, win, x); break;
      case 'file': w.addFile(r.f, win, x); break;
      case 'send': w.addSend(r.ts, r.ref, r.bytes, r.exec, r.host, r.ip, r.port, r.proto, r.tls, r.payload, win, x, r.countsAll); break;
      case 'recall': w.recall(r.r, x); break;
    }
  }
  return w;
}

/** a table row: a name, records, policy tuning, and what the facet must say */
export interface Row<F = object> {
  name: string;
  recs: Rec[];
  tune?: Tune;
  app?: string;
  /** evaluated at this time (default: the newest record's) */
  at?: number;
  strength: number;
  flags?: Partial<ScoreFlags>;
  figures?: Partial<F>;
  /** substrings of the explanation's `why` */
  why?: string[];
  /** substrings the `why` must not have */
  notWhy?: string[];
  /** the fleet baseline (detect --baseline) */
  baseline?: BaselineIndex;
}

/** runs a row: feeds its records to a fresh rig and asks the facet */
export function runRow<F>(name: FacetName, row: Row<F>): Said<F> {
  const rig = new Rig(row.tune, row.app);
  if (row.baseline) rig.a.baseline = row.baseline;
  rig.feed(row.recs);
  return rig.say<F>(name, row.at ?? rig.t);
}

/** runs a row and checks what the facet says: the strength (to 1e-9: sums of tenths are not exact
 *  in doubles), the flags given, the figures given, the substrings of the sentence */
export function checkRow<F>(name: FacetName, row: Row<F>): Said<F> {
  const said = runRow<F>(name, row);
  expect(said.strength, 'strength').toBeCloseTo(row.strength, 9);
  if (row.flags) expect(said.flags, 'flags').toMatchObject(row.flags);
  if (row.figures) expect(said.figures, 'figures').toMatchObject(row.figures as object);
  for (const s of row.why ?? []) expect(said.why, 'why').toContain(s);
  for (const s of row.notWhy ?? []) expect(said.why, 'why').not.toContain(s);
  if (row.strength === 0) expect(said.figures, 'an absent facet keeps no figures').toBeUndefined();
  return said;
}
