// The single in-process Engine of the server, fed with each committed batch, its alert updates
// upserted into the store (one transaction per batch) and handed to the broadcaster after commit.
//
// Idle release: the engine's clock is event time; an event waits in the reorder buffer until
// events `lateness` later arrive. A server must not hold the tail of a quiet stream forever, so
// after `idleFlushMs` of wall-clock silence the engine is advanced to newest + lateness: everything
// buffered is released and evaluated. Events that then arrive within lateness of the old newest are
// processed as late (still used), as in the engine.
//
// Rebuild (start, policy change): the Engine cannot swap its policy, so a fresh Engine replays the
// stored events of the span that makes its state (replaySpan), and from before the oldest chain
// still open if that is older, in canonical order; its alert updates go through the same upsert,
// which skips versions already stored.
// A streaming engine re-emits a chain only when its score rises, so after a POLICY change the
// stored alerts would keep their old scores until new evidence came; the rebuild therefore also
// re-scores: a throwaway Engine with the new policy replays the same events and is ended, and the
// last version of each chain it reports is stored as a new version of that alert when its
// content differs (same id: the chain's identity does not depend on the policy; its lifecycle,
// final or not, is kept). A chain the new policy no longer reports keeps its stored versions.
import type { Accepted, Alert, Policy } from '../model/index.js';
import { Engine, replaySpan, type EngineHost } from '../analytics/index.js';
import type { Db } from '../store/db.js';
import type { EventsStore } from '../store/events-store.js';
import type { AlertsStore, StoredVersion } from '../store/alerts-store.js';

export { replaySpan };

/** a rebuild replays at most this much event time, however old an open chain is */
const MAX_REPLAY = 7 * 24 * 3_600_000;

export interface LiveEngineOptions {
  db: Db;
  events: EventsStore;
  alerts: AlertsStore;
  policy: Policy;
  lateness: number;
  idleFlushMs: number;
  onStored: (v: StoredVersion) => void;
  log: (line: string) => void;
}

export class LiveEngine implements EngineHost {
  private engine: Engine;
  policy: Policy;
  /** newest event time pushed (real events only) */
  newestTs = -Infinity;
  alertUpdates = 0;
  private timer: NodeJS.Timeout | undefined;
  private collected: StoredVersion[] = [];
  private closed = false;

  constructor(private readonly o: LiveEngineOptions) {
    this.policy = o.policy;
    this.engine = this.make(o.policy);
  }

  get liveContexts(): number { return this.engine.liveContexts; }
  /** events held by the reorder buffer */
  get buffered(): number { return this.engine.buffered; }
  get stats() { return this.engine.stats; }

  private make(policy: Policy): Engine {
    return new Engine({
      policy,
      lateness: this.o.lateness,
      onAlert: ({ alert, final }) => {
        const v = this.o.alerts.upsert(alert, final, Date.now());
        if (v) this.collected.push(v);
      },
    });
  }

  /** Runs engine work in one transaction; broadcasts the stored alert versions after commit. */
  private run(fn: () => void): void {
    this.collected = [];
    try {
      this.o.db.transaction(fn).immediate();
    } catch (e) {
      this.collected = [];
      this.o.log(`ciphertrail: storing alert updates failed: ${(e as Error).message}`);
      return;
    }
    const out = this.collected;
    this.collected = [];
    this.alertUpdates += out.length;
    for (const v of out) this.o.onStored(v);
  }

  /** new (already committed) events */
  feed(xs: Accepted[]): void {
    if (xs.length === 0) return;
    const engine = this.engine;
    this.run(() => {
      for (const x of xs) {
        if (x.ts > this.newestTs) this.newestTs = x.ts;
        engine.push(x);
      }
    });
    this.armIdle();
  }

  /** Replaces the engine with one for `policy`, rebuilt from the stored recent events. */
  rebuild(policy: Policy, rescore = false): { replayed: number; rescored: number; ms: number } {
    const t0 = performance.now();
    const engine = this.make(policy);
    this.engine = engine;
    this.policy = policy;
    const newest = this.o.events.newestTs();
    let replayed = 0, rescored = 0;
    if (newest !== undefined) {
      // the last span of event time that makes the engine's state, and before the oldest chain
      // still open in it that much more: a chain older than the span keeps its id (its first
      // evidence is replayed) instead of being split in two (bounded: a week of open chain)
      const span = replaySpan(policy, this.o.lateness);
      const open = this.o.alerts.oldestOpen(newest - span);
      const from = open === undefined ? newest - span : Math.max(Math.min(newest - span, open - span), newest - MAX_REPLAY);
      this.run(() => {
        for (const x of this.o.events.replay(from)) { engine.push(x); replayed++; }
      });
      this.newestTs = newest;
      if (rescore) rescored = this.rescore(policy, from);
    }
    this.armIdle();
    return { replayed, rescored, ms: performance.now() - t0 };
  }

  private rescore(policy: Policy, from: number): number {
    const latest = new Map<string, Alert>();
    const scratch = new Engine({ policy, lateness: this.o.lateness, onAlert: ({ alert }) => { latest.set(alert.id, alert); } });
    for (const x of this.o.events.replay(from)) scratch.push(x);
    scratch.end();
    let n = 0;
    this.run(() => {
      const now = Date.now();
      for (const a of latest.values()) {
        const v = this.o.alerts.rescore(a, now);
        if (v) { this.collected.push(v); n++; }
      }
    });
    return n;
  }

  private armIdle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.buffered === 0) return;
    this.timer = setTimeout(() => { this.timer = undefined; this.releaseBuffered(); }, this.o.idleFlushMs);
    this.timer.unref();
  }

  /** advances the engine past the newest event: releases everything buffered (see the header) */
  releaseBuffered(): void {
    if (this.buffered === 0 || !Number.isFinite(this.newestTs)) return;
    const ts = this.newestTs + this.o.lateness;
    const engine = this.engine;
    this.run(() => {
      engine.advanceTo(ts);
    });
  }

  /** what the engine holds is in the store: a restart rebuilds it from there */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
