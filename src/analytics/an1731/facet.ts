// The shape of a facet (after Tracee's signatures): what it is, the records it wants, how its state
// follows records entering and leaving the window, its strength, the figures an alert keeps and the
// explanation written from them. A facet's state is plain data (checkpoints carry it); its hooks
// take a sign, +1 when a record enters the window and -1 when it leaves, so one function keeps
// each running figure. Strength costs O(1) in what the window holds; figures are taken only when
// an evaluation becomes a chain's best, and text is written only when an alert version is emitted.
import type { FacetExplanation, FacetName, Policy } from '../../model/index.js';
import type { EncryptRows } from './encrypt-rows.js';
import type { SendRows } from './send-rows.js';
import type { TimeRows } from './rows.js';
import type { Recent } from './recent.js';
import type { Analysis, ContextView, DataRead, StagedFile } from './types.js';
import type { Recalled } from './staged-store.js';

/** The window's records as facets read them (window.ts). */
export interface WindowRows {
  readonly encrypts: EncryptRows;
  readonly sends: SendRows;
  readonly reads: Recent<DataRead>;
  readonly files: Recent<StagedFile>;
  readonly decrypts: TimeRows;
  /** staged artifacts from before the window that a send of the window took out (staged-store.ts) */
  readonly recalled: readonly Recalled[];
  /** the first send row at or after the window's first encrypt op (all sends when there is none) */
  countedFrom(): number;
}

export interface UpdateEnv { a: Analysis; ctx: ContextView; w: WindowRows }

export interface EvalEnv extends UpdateEnv {
  /** the moment evaluated (event time) */
  t: number;
  /** the device's SEEN_* visibility bits */
  seen: number;
  /** the SEEN_* bits of each source on the device (alerts credit facets to sources) */
  sources?: ReadonlyMap<string, number>;
}

/** Figures of one evaluation that are not a facet's strength but change the score (scoring.ts). */
export interface ScoreFlags {
  fleetKey: boolean;
  keystoreOnly: boolean;
  userDriven: boolean;
  approved: boolean;
  /** approved, the pinned signer seen and matching, every destination expected, background network
   *  declared where used, no other finding: the app is doing what it declared (no alert at all) */
  declared: boolean;
  /** the inventory or the installer says anything about the app (else inconsistency is a gap) */
  known: boolean;
  critical: boolean;
  fleetNorm: { app: string; devices: number; factor: number } | undefined;
}

export const noFlags = (): ScoreFlags => ({ fleetKey: false, keystoreOnly: false, userDriven: false, approved: false, declared: false, known: false, critical: false, fleetNorm: undefined });

export type Sign = 1 | -1;

export interface Facet<S, F extends object = object> {
  readonly name: FacetName;
  init(): S;
  /** an encrypt op of the window */
  op?(s: S, rows: EncryptRows, i: number, sign: Sign, x: UpdateEnv): void;
  read?(s: S, r: DataRead, sign: Sign, x: UpdateEnv): void;
  file?(s: S, f: StagedFile, sign: Sign, x: UpdateEnv): void;
  /** every send of the window */
  send?(s: S, rows: SendRows, i: number, sign: Sign, x: UpdateEnv): void;
  /** a send at or after the window's first encrypt op */
  counted?(s: S, rows: SendRows, i: number, sign: Sign, x: UpdateEnv): void;
  /** a staged artifact from before the window, taken out by a send of the window */
  recalled?(s: S, r: Recalled, sign: Sign, x: UpdateEnv): void;
  /** the key record of `fp` was set or changed */
  key?(s: S, fp: string, t: number, x: UpdateEnv): void;
  /** 0..1, 0 when absent; may set score flags */
  strength(s: S, x: EvalEnv, flags: ScoreFlags): number;
  /** the most this facet could become while only sends and uses of keys already judged arrive
   *  (1 when not declared): the window sleeps while the score could not reach the floor so */
  ceiling?(s: S, x: EvalEnv, flags: ScoreFlags): number;
  /** the figures an alert keeps (plain data), taken when the evaluation becomes a chain's best */
  figures(s: S, x: EvalEnv): F;
  /** the facet as an alert shows it, with its sentence */
  explain(f: F, strength: number, policy: Policy): FacetExplanation;
}

/** A multiset of strings for running figures. Most hold one to a few values (an app's ciphers,
 *  its destinations, its app states), so values and counts sit in two short arrays searched from
 *  the value last changed, with no hashing; past SMALL values a Map takes over. */
export interface Counts { ks: string[]; ns: number[]; m: Map<string, number> | undefined; last: number }

const SMALL = 8;

// (the lists are made on the first value: most figures of most windows never get one)
const NO_KS: string[] = [], NO_NS: number[] = [];
export const newCounts = (): Counts => ({ ks: NO_KS, ns: NO_NS, m: undefined, last: 0 });

export function bump(cs: Counts, k: string, sign: Sign | number): void {
  const m = cs.m;
  if (m !== undefined) {
    const n = (m.get(k) ?? 0) + sign;
    if (n <= 0) m.delete(k); else m.set(k, n);
    return;
  }
  const ks = cs.ks, len = ks.length;
  let i = cs.last;
  if (i >= len || ks[i] !== k) { i = 0; while (i < len && ks[i] !== k) i++; }
  if (i === len) {
    if (sign < 0) return;
    if (len === SMALL) { cs.m = new Map(ks.map((x, j) => [x, cs.ns[j]])); cs.m.set(k, sign); cs.ks = []; cs.ns = []; return; }
    // (an empty list may be the shared one, or a checkpoint's copy of it shared by many: never grown)
    if (len === 0) { cs.ks = [k]; cs.ns = [0]; }
    else { ks.push(k); cs.ns.push(0); }
  }
  const n = (cs.ns[i] += sign);
  cs.last = i;
  if (n <= 0) { cs.ks.splice(i, 1); cs.ns.splice(i, 1); cs.last = 0; }
}

export function countKeys(cs: Counts): string[] { return cs.m !== undefined ? [...cs.m.keys()] : cs.ks.slice(); }
export const countsSize = (cs: Counts): number => (cs.m !== undefined ? cs.m.size : cs.ks.length);

/** adds every count of `from` to `to` */
export function addCounts(to: Counts, from: Counts): void {
  if (from.m !== undefined) { for (const [k, n] of from.m) bump(to, k, n); return; }
  for (let i = 0; i < from.ks.length; i++) bump(to, from.ks[i], from.ns[i]);
}

export const sortedKeys = (cs: Counts): string[] => countKeys(cs).sort();
