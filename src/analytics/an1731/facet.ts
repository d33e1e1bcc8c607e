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
}

/** Figures of one evaluation that are not a facet's strength but change the score (scoring.ts). */
export interface ScoreFlags {
  fleetKey: boolean;
  keystoreOnly: boolean;
  userDriven: boolean;
  approved: boolean;
  /** the inventory or the installer says anything about the app (else inconsistency is a gap) */
  known: boolean;
  critical: boolean;
  fleetNorm: { app: string; devices: number; factor: number } | undefined;
}

export const noFlags = (): ScoreFlags => ({ fleetKey: false, keystoreOnly: false, userDriven: false, approved: false, known: false, critical: false, fleetNorm: undefined });

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
  /** the figures an alert keeps (plain data), taken when the evaluation becomes a chain's best */
  figures(s: S, x: EvalEnv): F;
  /** the facet as an alert shows it, with its sentence */
  explain(f: F, strength: number, policy: Policy): FacetExplanation;
}

/** a multiset of strings for running figures: a box per value (one hash per change) */
export interface Counts { m: Map<string, { n: number }> }

export const newCounts = (): Counts => ({ m: new Map() });

export function bump(cs: Counts, k: string, sign: Sign): void {
  let c = cs.m.get(k);
  if (c === undefined) { if (sign < 0) return; cs.m.set(k, (c = { n: 0 })); }
  if ((c.n += sign) <= 0) cs.m.delete(k);
}

/** adds every count of `from` to `to` */
export function addCounts(to: Counts, from: Counts): void {
  for (const [k, c] of from.m) { const t = to.m.get(k); if (t) t.n += c.n; else to.m.set(k, { n: c.n }); }
}

export const sortedKeys = (cs: Counts): string[] => [...cs.m.keys()].sort();
