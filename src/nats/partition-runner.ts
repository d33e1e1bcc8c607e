// One partition's first stage: the unchanged Engine fed the batches of one partition, in stream
// order. What it produces per batch (alert versions, fleet key notes, chains handed to the fleet
// stage, its event-time progress, rejected lines) is returned, so the worker can publish it with
// deterministic ids and checkpoint the engine between batches. No I/O, no wall clock.
import type { Alert, Policy } from '../model/index.js';
import { formatIssue, type Issue } from '../model/index.js';
import { Engine, fleetHorizonOf, FleetKeys, snapshotEngine, restoreEngine, packObject, registerSnapshotClass, type Chain } from '../analytics/index.js';
import { acceptLine, LineEvent } from '../normalize/accept-line.js';
import { mayKeepRaw } from '../normalize/screen-event.js';
import { unpackBatch, type Batch } from './batch.js';
import type { ForeignUses } from './foreign-uses.js';

/** a FleetKeys that also lists what it noted, for the fleet stage. It also holds the fleet output
 *  not yet sent (notes, held chains, inputs since the last send): being part of the engine's
 *  state, it is checkpointed with it, so a restored runner sends the same groups as the first did */
export class NotingFleetKeys extends FleetKeys {
  /** app \0 key_fp \0 device -> [first, last] use, since the last take */
  noted = new Map<string, [number, number]>();
  /** held chains (packed) not yet sent */
  held: Uint8Array[] = [];
  /** inputs since the fleet output was last sent, and the input sequence it was sent with */
  inputs = 0;
  sentSeq = 0;
  /** the newest event time pushed (for an idle tick's clock event); checkpointed with the rest */
  newest = -Infinity;
  /** the other partitions' key uses (publish's CT_USES), when the worker reads them: not state
   *  (non-enumerable, so snapshots leave it out); its counts join this partition's own */
  declare private readonly foreign: { uses: ForeignUses; partition: number } | undefined;
  withForeign(uses: ForeignUses, partition: number): this {
    Object.defineProperty(this, 'foreign', { value: { uses, partition }, enumerable: false });
    return this;
  }
  override countDevices(app: string, keyFp: string, from: number, to: number, enough: number): number {
    const n = super.countDevices(app, keyFp, from, to, enough);
    const f = this.foreign;
    // (foreign uses before `to` only: at a moment t, detect has noted no other device's use at t
    // yet unless it sorts first; an exact tie across devices is the one case left unequal)
    return f === undefined || n >= enough ? n : n + f.uses.count(app, keyFp, from, to, f.partition, enough - n);
  }
  /** with other partitions' uses, keys on one device here may be on others there: ask about all */
  override multiDevice(app: string): ReadonlySet<string> | 'all' | undefined {
    return this.foreign !== undefined ? 'all' : super.multiDevice(app);
  }
  override note(app: string, keyFp: string, device: string, ts: number): void {
    super.note(app, keyFp, device, ts);
    const k = `${app}\u0000${keyFp}\u0000${device}`;
    const prev = this.noted.get(k);
    if (prev === undefined) this.noted.set(k, [ts, ts]);
    else if (ts < prev[0]) prev[0] = ts;
    else if (ts > prev[1]) prev[1] = ts;
  }
}
registerSnapshotClass(NotingFleetKeys);
// events waiting in the engine's reorder buffer are LineEvents: part of a checkpoint
registerSnapshotClass(LineEvent);

/** a device's use of a key: first and last within one fleet send */
export type Note = [app: string, keyFp: string, device: string, first: number, last: number];

/** sent to the fleet stage every this many inputs (and with every handed-over chain, and at the
 *  end): one fleet message per input cost the worker a third of its time once notes went out
 *  on keyed subjects; the fleet stage's result does not depend on the grouping (fleet-uses.ts) */
export const FLEET_EVERY = 16;

/** what one batch produced for the fleet stage, when it is time to send */
export interface FleetOutput {
  notes: Note[];
  /** held chains, packed (snapshot format) */
  held: Uint8Array[];
  /** everything up to this event time has been processed (null: end of input) */
  progress: number | null;
  /** the input sequence the previous fleet output went with (0: none) */
  prev: number;
}

/** what one batch produced */
export interface BatchOutput {
  alerts: { alert: Alert; final: boolean }[];
  /** present when the fleet output is due: publish it, then call fleetSent(seq) */
  fleet?: FleetOutput;
  /** everything up to this event time has been processed (null: end of input) */
  progress: number | null;
  rejected: { issue: Issue; reason: string; raw: string }[];
  events: number;
}

/** a message of CT_TEL as the runner needs it: its bytes and what its headers say */
export interface StreamMessage { data: Uint8Array; enc?: string; end?: boolean; tick?: boolean;
  /** the CT_USES sequence the message depends on (exact-keys publisher): read by the worker, not here */
  uses?: number }

export interface RunnerOptions {
  policy: Policy; lateness: number;
  /** the partition's key index (tests: one that also answers from other partitions' uses) */
  fleetKeys?: NotingFleetKeys;
  /** the other partitions' key uses, read from CT_USES, and this runner's partition */
  foreign?: { uses: ForeignUses; partition: number };
}

export class PartitionRunner {
  private engine: Engine;
  private readonly fleet: NotingFleetKeys;
  private out: BatchOutput = PartitionRunner.empty();

  private static empty(): BatchOutput { return { alerts: [], progress: null, rejected: [], events: 0 }; }

  constructor(private readonly o: RunnerOptions, state?: Uint8Array) {
    this.fleet = o.fleetKeys ?? new NotingFleetKeys(fleetHorizonOf(o));
    if (o.foreign) this.fleet.withForeign(o.foreign.uses, o.foreign.partition);
    const opts = {
      policy: o.policy, lateness: o.lateness, fleetKeys: this.fleet,
      onAlert: (u: { alert: Alert; final: boolean }) => { this.out.alerts.push(u); },
      handOver: (c: Chain) => { this.fleet.held.push(packObject(c)); },
    };
    this.engine = state ? restoreEngine(state, opts) : new Engine(opts);
  }

  push(b: Batch): BatchOutput {
    const { file, lineNos, lines } = b;
    for (let i = 0; i < lines.length; i++) {
      // acceptLine, as detect reads files: one object per accepted line (parseLine made three)
      const r = acceptLine(lines[i], file, lineNos[i]);
      if (r instanceof LineEvent) {
        this.engine.push(r);
        this.out.events++;
        if (r.ts > this.fleet.newest) this.fleet.newest = r.ts;
      }
      else if (r !== undefined) this.out.rejected.push({ issue: r, reason: formatIssue(r), raw: mayKeepRaw(r.code) ? lines[i] : '' });
    }
    return this.take(this.engine.watermark);
  }

  /** one message of the partition's stream, applied as the worker and its replica thread both
   *  must (same state after the same messages): the end marker, an idle tick or a batch. A message
   *  that is not a batch throws BatchError and leaves the engine untouched (it is dead-lettered). */
  apply(m: StreamMessage): BatchOutput {
    if (m.end) return this.end();
    if (m.tick) return this.tick();
    return this.push(unpackBatch(m.data, m.enc));
  }

  /** a publisher's idle tick (`Ct-Tick`): no newer input came for a while, so release what the
   *  reorder buffer holds with `advanceTo`, as the server's idle release does, and send the
   *  fleet output now (the fleet stage waits for this partition's progress). In the stream, so a
   *  replacement worker or the replica replays it exactly. */
  tick(): BatchOutput {
    const newest = this.fleet.newest ?? -Infinity; // checkpoints from before the field: none
    if (Number.isFinite(newest)) this.engine.advanceTo(newest + this.o.lateness);
    this.fleet.inputs = FLEET_EVERY;
    return this.take(this.engine.watermark);
  }

  /** end of input: release and close everything, as `detect` does at the end of its files */
  end(): BatchOutput {
    this.engine.end();
    return this.take(null);
  }

  snapshot(): Uint8Array { return snapshotEngine(this.engine); }

  get liveContexts(): number { return this.engine.liveContexts; }

  /** everything up to this event time has been processed */
  get watermark(): number { return this.engine.watermark; }

  /** the fleet output of the last push went out with input `seq` */
  fleetSent(seq: number): void { this.fleet.sentSeq = seq; }

  private take(progress: number | null): BatchOutput {
    const out = this.out;
    out.progress = progress === null || Number.isFinite(progress) ? progress : -1e300;
    const f = this.fleet;
    if (++f.inputs >= FLEET_EVERY || f.held.length > 0 || progress === null || f.noted.size > 5000) {
      const notes: Note[] = [];
      for (const [k, [first, last]] of f.noted) { const [app, fp, dev] = k.split('\u0000'); notes.push([app, fp, dev, first, last]); }
      out.fleet = { notes, held: f.held, progress: out.progress, prev: f.sentSeq };
      f.noted = new Map();
      f.held = [];
      f.inputs = 0;
    }
    this.out = PartitionRunner.empty();
    return out;
  }
}
