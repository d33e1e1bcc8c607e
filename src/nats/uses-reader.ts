// A worker's reader of CT_USES (key-uses.ts): one ordered consumer from the stream's start, shared
// by the worker's partitions, started when the first message that depends on it arrives (input
// from an exact-keys publisher). It keeps the ForeignUses index that the partitions' key indexes
// join, and lets a partition wait until the uses its next batch depends on have been read.
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { STREAMS, type Bus } from './connection.js';
import { ForeignUses } from './foreign-uses.js';
import { pullEach } from './pull.js';
import { USES_SUBJECT } from './partitioner.js';
import type { UseSpan } from './key-uses.js';

export interface UsesConnection { js: JetStreamClient; jsm: JetStreamManager; close: () => Promise<unknown> }

/** evict spans this many messages apart */
const EVICT_EVERY = 32;
/** messages read past the furthest one a partition asked for: the reader stays that close to the
 *  partitions, so a replay's backlog of key uses is not all held at once (the index would hold
 *  the whole input's uses: +8 MB of RSS on the 1 M fleet when it read to the end at once) */
const READ_AHEAD = 64;

export class UsesReader {
  readonly index: ForeignUses;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private read = 0;
  private readonly stopWaiters = new Set<() => void>();
  /** the furthest sequence a partition asked for, and the reader waiting for a further one */
  private wanted = 0;
  private wake: (() => void) | undefined;
  /** messages that were not a list of spans (skipped: the index goes on without them) */
  rejected = 0;
  /** called with every message's spans, after the index took them (the checkpoint replica's copy) */
  onSpans: ((spans: UseSpan[], seq: number) => void) | undefined;

  /** `lowWater`: the least event time a partition of this worker has processed (-Infinity: none) */
  constructor(bus: Bus, private readonly connect: () => Promise<UsesConnection>, private readonly horizon: number, private readonly lowWater: () => number, private readonly log: (line: string) => void) {
    this.index = new ForeignUses(bus.partitions, horizon);
  }

  /** true once CT_USES has been read up to `seq`; false when the worker stops first */
  async until(seq: number): Promise<boolean> {
    if (seq <= this.index.consumed) return true;
    if (seq > this.wanted) { this.wanted = seq; this.wake?.(); }
    this.loop ??= this.start();
    if (this.stopped) return false;
    return new Promise<boolean>((resolve) => {
      const onStop = () => resolve(false);
      this.stopWaiters.add(onStop);
      void this.index.until(seq).then(() => { this.stopWaiters.delete(onStop); resolve(true); });
    });
  }

  /** ends at once: the loop's last pull request would otherwise hold the worker's exit up to its
   *  1 s expiry (measured: every exact-keys drain ended ~1 s late); its connection is closed */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.stopWaiters) w();
    this.stopWaiters.clear();
    this.wake?.();
    this.loop?.catch(() => undefined);
    await this.conn?.close();
  }

  private conn: UsesConnection | undefined;

  private async start(): Promise<void> {
    const c = this.conn = await this.connect();
    try { await this.pull(c); } finally { await c.close(); }
  }

  private async pull(c: UsesConnection): Promise<void> {
    await pullEach({
      open: (seq) => c.js.consumers.get(STREAMS.uses.name, { filter_subjects: USES_SUBJECT, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq }),
      // (small messages: the batch limit, 256, bounds a pull)
      batch: 256,
      processed: () => this.index.consumed,
      behind: async () => (await c.jsm.streams.getMessage(STREAMS.uses.name, { last_by_subj: USES_SUBJECT }).then((x) => x?.seq ?? 0, () => 0)) > this.index.consumed,
      stopped: () => this.stopped,
      onMsg: async (m) => {
        let spans: UseSpan[] | undefined;
        try { spans = JSON.parse(m.string()) as UseSpan[]; } catch { /* counted below */ }
        if (!Array.isArray(spans)) { spans = []; if (this.rejected++ === 0) this.log(`CT_USES message ${m.seq} is not a list of key-use spans: skipped`); }
        this.index.add(spans);
        // (before the partitions waiting for it go on: the replica gets the uses before the batches)
        this.onSpans?.(spans, m.seq);
        this.index.advance(m.seq);
        if (++this.read % EVICT_EVERY === 0) {
          const low = this.lowWater();
          if (Number.isFinite(low)) this.index.evict(low - 2 * this.horizon);
        }
        // far enough ahead of what the partitions need: wait until one needs more
        while (!this.stopped && this.index.consumed >= this.wanted + READ_AHEAD) await new Promise<void>((r) => { this.wake = r; });
        this.wake = undefined;
      },
    });
  }
}
