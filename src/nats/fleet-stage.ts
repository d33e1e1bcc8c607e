// Second stage: the cross-device key aggregate of the whole fleet. Workers send the keys they saw
// (app, key_fp, device, first and last use), their event-time progress, and the chains that hold
// keys once those are due. A chain is finalized when every partition has progressed past its due
// time (so every device's use of its keys in the horizon is known): rescored when the same key is
// on several devices (hard-coded key), as the single-process Engine.finalize does (devices counted
// by use spans, not last uses: see fleet-uses.ts).
import type { Alert, Policy } from '../model/index.js';
import { FleetUses } from './fleet-uses.js';
import { finalVersion, fleetHorizonOf, packObject, unpackObject, type Chain } from '../analytics/index.js';
import type { Note } from './partition-runner.js';
import type { FleetPiece } from './fleet-messages.js';
import { accept, newOrderState, waiting, type OrderState } from './fleet-order.js';

interface State {
  fleet: FleetUses;
  /** per partition: processed up to (event time); Infinity at end of input */
  progress: number[];
  pending: { chain: Chain; due: number }[];
  lastEvict: number;
  /** pieces put back in each partition's order (fleet-order.ts) */
  order: OrderState;
}

export class FleetStage {
  private s: State;
  private readonly horizon: number;

  constructor(private readonly o: { policy: Policy; lateness: number; partitions: number; onAlert: (a: Alert) => void }, state?: Uint8Array) {
    this.horizon = fleetHorizonOf(o);
    this.s = state ? FleetStage.restore(state)
      : { fleet: new FleetUses(this.horizon), progress: new Array<number>(o.partitions).fill(-Infinity), pending: [], lastEvict: -Infinity, order: newOrderState(o.partitions) };
  }

  private static restore(state: Uint8Array): State {
    const s = unpackObject<State>(state);
    // a checkpoint of the fleet stage before keyed subjects (per-partition messages, last uses only)
    if (!(s.fleet instanceof FleetUses) || !s.order) throw new Error('the fleet checkpoint was written by an older ciphertrail (fleet messages per partition): start from empty streams and object store');
    return s;
  }

  /** one piece as it arrives from the stream: applied once its partition's input is complete and
   *  in order (notes, then held chains, then progress: what the partition produced, in its order) */
  accept(x: FleetPiece): void {
    for (const r of accept(this.s.order, x)) {
      this.notes(r.notes);
      for (const h of r.held) this.hold(h);
      if (r.progress !== undefined) this.progress(r.p, r.progress);
    }
  }

  /** inputs waiting for a piece or for an earlier input of their partition */
  get waiting(): number { return waiting(this.s.order); }
  get dropped(): number { return this.s.order.dropped; }

  notes(ns: Note[]): void { for (const [app, fp, dev, first, last] of ns) this.s.fleet.note(app, fp, dev, first, last); }

  hold(packed: Uint8Array): void {
    const chain = unpackObject<Chain>(packed);
    this.s.pending.push({ chain, due: chain.lastTs + this.horizon });
  }

  /** partition `p` has processed everything up to `t` (null: end of its input); finalizes what is due */
  progress(p: number, t: number | null): void {
    // never backwards (pieces arrive in order through accept(); this guards direct callers)
    this.s.progress[p] = Math.max(this.s.progress[p], t === null ? Infinity : t);
    const now = Math.min(...this.s.progress);
    if (this.s.pending.length) {
      const due = this.s.pending.filter((x) => x.due <= now).sort((a, b) => a.due - b.due || (a.chain.id < b.chain.id ? -1 : 1));
      if (due.length) {
        this.s.pending = this.s.pending.filter((x) => x.due > now);
        for (const x of due) this.finalize(x.chain);
      }
    }
    if (Number.isFinite(now) && now - this.s.lastEvict >= this.horizon / 4) { this.s.fleet.evict(now); this.s.lastEvict = now; }
  }

  get held(): number { return this.s.pending.length; }
  get globalProgress(): number { return Math.min(...this.s.progress); }

  snapshot(): Uint8Array { return packObject(this.s); }

  private finalize(c: Chain): void {
    let most = 0;
    const h = this.horizon;
    for (const k of c.keys) most = Math.max(most, this.s.fleet.devices(c.app, k, c.firstTs - h, c.lastTs + h).length);
    this.o.onAlert(finalVersion(c, most, this.o.policy).alert);
  }
}
