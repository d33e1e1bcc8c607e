// One partition of a worker: an ordered consumer on ct.tel.<p> from the checkpointed sequence,
// the unchanged Engine inside a PartitionRunner, and its outputs published with deterministic
// Nats-Msg-Ids (alert id + rev; partition + input sequence for the rest). A checkpoint (engine
// state + input sequence) is written only after every output of the batches before it is
// acknowledged by JetStream, so a replacement that restores it and replays the stream re-emits
// only outputs the duplicate window drops: nothing lost, nothing twice. Under a lease, the
// partition stops at once when the lease is no longer its own, and a checkpoint is written only
// after the lease is confirmed by compare-and-set.
import { headers } from '@nats-io/transport-node';
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { serialize } from 'node:v8';
import type { Policy } from '../model/index.js';
import { Outbox, STREAMS, type Bus } from './connection.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { PartitionRunner, type BatchOutput, type FleetOutput, type StreamMessage } from './partition-runner.js';
import { fleetPieces } from './fleet-messages.js';
import { BatchError, ENCODING_HEADER } from './batch.js';
import { pullEach } from './pull.js';
import type { SnapshotReplica } from './snapshot-replica.js';
import { ALERT_SUBJECT, deadSubject, telSubject } from './partitioner.js';
import { TICK_HEADER, USES_HEADER } from './publisher.js';
import type { UsesReader } from './uses-reader.js';

export interface PartitionOptions {
  id: string;
  policy: Policy;
  lateness: number;
  checkpointMs: number;
  /** stop once every owned partition has processed an end-of-input marker */
  untilEnd: boolean;
  log: (line: string) => void;
}

/** the lease a partition runs under: `trusted` answers without a round trip while the last
 *  renewal vouches for it; `confirm` renews by compare-and-set (false: it is someone else's) */
export interface Fence { epoch: number; trusted(): boolean; confirm(): Promise<boolean> }

/** the lease went to another worker: nothing more is written */
export class LeaseLost extends Error {}

/** what a CT_TEL message's headers say it is (Ct-End, Ct-Tick, Ct-Enc, Ct-Uses), with its bytes */
function streamMessage(m: JsMsg): StreamMessage {
  const msg: StreamMessage = { data: m.data };
  // one pass over the headers: each MsgHdrs.get() filters a fresh array of every key (at a live
  // feed's rate of small messages, four of them per message were a visible share of the garbage)
  if (m.headers) for (const [k, v] of m.headers) {
    if (k === ENCODING_HEADER) msg.enc = v[0] || undefined;
    else if (k === 'Ct-End') msg.end = v[0] === '1';
    else if (k === TICK_HEADER) msg.tick = v[0] === '1';
    else if (k === USES_HEADER && v[0]) msg.uses = Number(v[0]);
  }
  return msg;
}

/** CT_NATS_TRACE=1: log snapshot durations, messages that took ≥ 2 ms and GC pauses ≥ 2 ms (bench/nats.mjs) */
const TRACE = !!process.env.CT_NATS_TRACE;

/** a partition at most this many messages behind is at the tail: checkpoints come from the replica */
const LIVE_PENDING = 4;

export interface PartitionStatus {
  partition: number; owner: string; seq: number; pending: number; events: number;
  eventsPerSec: number; ended: boolean; deadLettered: number; updated: string;
  /** exact-keys input: time spent waiting for the key uses a batch depends on (CT_USES), and the
   *  sequence waited for now (0: none) — a stalled reader shows here, not as a slow engine */
  usesWaitMs?: number; usesWaitingFor?: number;
  /** the event time of the last checkpoint (null: none or no event yet): what a worker taking the
   *  partition over resumes from, so other workers keep the key uses it may still need */
  ckProgress?: number | null;
  /** the lease epoch it runs under (absent: a static --partitions owner) */
  epoch?: number;
}

/** what `alerts` and sinks read: one alert version; the final flag rides in a header, and so
 *  does the event time the partition had processed when it raised the version (Ct-Progress:
 *  which input made it due, for latency measurement; absent from the fleet stage) */
export async function publishAlert(out: Outbox, alert: { id: string; rev: number }, final: boolean, progress?: number | null): Promise<void> {
  const h = headers();
  h.set('Ct-Final', final ? '1' : '0');
  if (progress !== undefined && progress !== null && Number.isFinite(progress)) h.set('Ct-Progress', String(progress));
  await out.add(ALERT_SUBJECT, JSON.stringify(alert), `${alert.id}.${alert.rev}`, h);
}

const FLEET_PART_BYTES = 512 * 1024;

export class PartitionWorker {
  private runner!: PartitionRunner;
  private seq = 0;
  private lastCheckpoint = Date.now();
  private readonly out: Outbox;
  readonly status: PartitionStatus;
  private eventsAtTick = 0;
  private tickAt = Date.now();
  stopped = false;
  /** the lease is someone else's: stop without writing anything more */
  fenced = false;
  /** events this process applied (status.events also counts those before its checkpoint) */
  processedHere = 0;
  /** the last message applied was an end-of-input marker */
  private atEnd = false;

  /** the replica thread holds this partition's state, fed every message since its init */
  private replicaLive = false;
  /** a checkpoint from the replica under way (one at a time), and how one failed for good */
  private background: Promise<void> | undefined;
  private failure: unknown;
  /** bumped by every inline checkpoint: a replica snapshot requested before it is older and
   *  must not be written after it */
  private inlineGen = 0;

  constructor(private readonly bus: Bus, private readonly p: number, private readonly o: PartitionOptions, private readonly store: CheckpointStore, stagger = 0,
    private readonly replica: () => SnapshotReplica | undefined = () => undefined, private readonly uses?: UsesReader, private readonly fence?: Fence) {
    this.out = new Outbox(bus.js);
    // the partitions of a worker share one thread: staggered, their snapshots (synchronous, a few
    // ms per 100 KB of state) never stall the loop together
    this.lastCheckpoint = Date.now() - Math.round(stagger * o.checkpointMs);
    this.status = { partition: p, owner: o.id, ...(fence ? { epoch: fence.epoch } : {}), seq: 0, pending: 0, events: 0, eventsPerSec: 0, ended: false, deadLettered: 0, updated: new Date().toISOString() };
  }

  async run(onEnded: () => void): Promise<void> {
    try { await this.consume(onEnded); } catch (e) {
      if (!(e instanceof LeaseLost)) throw e;
      this.fenced = true;
    }
  }

  private async consume(onEnded: () => void): Promise<void> {
    const ck = await this.store.load(`p${this.p}`);
    this.runner = new PartitionRunner({ policy: this.o.policy, lateness: this.o.lateness, ...(this.uses ? { foreign: { uses: this.uses.index, partition: this.p } } : {}) }, ck?.state);
    this.seq = ck?.seq ?? 0;
    this.status.seq = this.seq;
    // the partition's count so far, whoever processed it (a hand-over resumes it from the checkpoint)
    this.status.events = this.eventsAtTick = ck?.events ?? 0;
    if (ck) this.o.log(`partition ${this.p}: resumed from checkpoint at stream sequence ${ck.seq}`);
    const subject = telSubject(this.p);
    const behind = async () => (await this.bus.jsm.streams.getMessage(STREAMS.tel.name, { last_by_subj: subject }).then((x) => x?.seq ?? 0, () => 0)) > this.seq;
    // taken over after its end of input: nothing to wait for
    if (ck?.ended && this.o.untilEnd && !(await behind())) { this.atEnd = true; this.status.ended = true; onEnded(); return; }
    // checkpoints happen only here, between two batches: state and sequence always agree
    await pullEach({
      open: (seq) => this.bus.js.consumers.get(STREAMS.tel.name, { filter_subjects: subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq }),
      budget: this.bus.pulls, maxPayload: this.bus.nc.info?.max_payload,
      processed: () => this.seq,
      behind,
      stopped: () => this.stopped,
      onMsg: async (m) => {
        if (this.failure) throw this.failure;
        // (a lease not renewed lately is confirmed before anything of this message is written)
        if (this.fence && !this.fence.trusted() && !(await this.fence.confirm())) throw new LeaseLost();
        const t0 = TRACE ? performance.now() : 0;
        const msg = streamMessage(m);
        // --until-end, past the end marker: an idle tick (a live publisher's, sent after the
        // marker) carries nothing and is passed; input waits for the next run, from here
        if (this.atEnd && this.o.untilEnd) {
          if (!msg.tick || msg.data.length > 0) return true;
          this.seq = m.seq;
          this.status.seq = m.seq;
          return !(await behind());
        }
        const ended = await this.handle(m, msg);
        if (TRACE && performance.now() - t0 >= 2) this.o.log(`trace ${Date.now()} p${this.p} message ${(performance.now() - t0).toFixed(1)} ms ${m.data.length} B`);
        if (this.replicaLive) this.replica()!.feed(this.p, m.seq, msg);
        if (ended) await this.checkpoint();
        else if (Date.now() - this.lastCheckpoint >= this.o.checkpointMs) await this.periodic(m.info.pending);
        if (ended) { this.status.ended = true; onEnded(); }
        // --until-end: this partition is done; ending its loop here rather than when the worker
        // stops it spares a pull request left waiting for its expiry (~1 s idle at every end).
        // Input after the marker stays in the stream for the next run, from this checkpoint; ticks
        // after it are passed first (above), or the cluster would wait for them (clusterDone).
        return ended && this.o.untilEnd && !(await behind());
      },
    });
    if (!this.fenced) await this.checkpoint();
    await this.saving;
  }

  stop(): void { this.stopped = true; }

  /** the stream sequence processed last (0: none) */
  get processed(): number { return this.seq; }

  /** the least event time this partition has processed (-Infinity before its first batch) */
  get progress(): number { return this.runner?.watermark ?? -Infinity; }

  private async handle(m: JsMsg, msg: StreamMessage): Promise<boolean> {
    const ended = msg.end === true;
    this.atEnd = ended;
    // every key use its publisher read before this message is known before it is applied
    // (stopping meanwhile: not applied, not counted as processed)
    if (msg.uses !== undefined && this.uses) {
      const t0 = performance.now();
      this.status.usesWaitingFor = msg.uses > this.uses.index.consumed ? msg.uses : 0;
      const ok = await this.uses.until(msg.uses);
      this.status.usesWaitMs = (this.status.usesWaitMs ?? 0) + (performance.now() - t0);
      this.status.usesWaitingFor = 0;
      if (!ok) return false;
    }
    let out: BatchOutput;
    try { out = this.runner.apply(msg); }
    catch (e) {
      if (!(e instanceof BatchError)) throw e;
      // a message that is not a batch: kept with its reason, the partition keeps flowing
      await this.deadLetter(m.seq, 0, m.data, e.message, { file: '', line: 0 });
      this.seq = m.seq;
      this.status.seq = m.seq;
      return false;
    }
    for (const u of out.alerts) await publishAlert(this.out, u.alert, u.final, out.progress);
    for (const [i, r] of out.rejected.entries()) await this.deadLetter(m.seq, i + 1, r.raw, r.reason, { file: r.issue.file ?? '', line: r.issue.line ?? 0 });
    if (out.fleet) await this.fleet(m.seq, out.fleet);
    this.seq = m.seq;
    this.status.seq = m.seq;
    this.status.pending = m.info.pending;
    this.status.events += out.events;
    this.processedHere += out.events;
    return ended;
  }

  /** the runner's fleet output (every few inputs: keyed notes, held chains, progress) with this
   *  input's sequence; `prev` links it to the previous one, so the fleet stage can put each
   *  partition's pieces back in order. Parts stay under the server's max payload (the end of
   *  input can hand over thousands of chains at once). */
  private async fleet(seq: number, f: FleetOutput): Promise<void> {
    const bytes = Math.min(FLEET_PART_BYTES, this.bus.nc.info?.max_payload ?? Infinity) / 2;
    for (const x of fleetPieces({ p: this.p, seq, ...f }, bytes)) await this.out.add(x.subject, serialize(x.piece), x.id);
    this.runner.fleetSent(seq);
  }

  private async deadLetter(seq: number, i: number, raw: Uint8Array | string, reason: string, at: { file: string; line: number }): Promise<void> {
    const h = headers();
    h.set('Ct-Reason', reason);
    h.set('Ct-Partition', String(this.p));
    h.set('Ct-Seq', String(seq));
    if (at.file) { h.set('Ct-File', at.file); h.set('Ct-Line', String(at.line)); }
    this.status.deadLettered++;
    await this.out.add(deadSubject(this.p), raw, `d${this.p}-${seq}-${i}`, h);
  }

  /** the object-store write of the previous checkpoint (one at a time, in order) */
  private saving: Promise<void> = Promise.resolve();

  /** the periodic checkpoint: from the replica at the tail, inline while behind */
  private async periodic(pending: number): Promise<void> {
    const replica = pending <= LIVE_PENDING ? this.replica() : undefined;
    if (!replica?.ok) {
      if (this.replicaLive) { this.replica()?.drop(this.p); this.replicaLive = false; }
      await this.checkpoint();
      return;
    }
    if (!this.replicaLive) {
      // reaching the tail: one inline snapshot, which also starts the replica
      replica.init(this.p, this.seq, await this.checkpoint());
      this.replicaLive = true;
      this.o.log(`partition ${this.p}: at the tail; checkpoints from the replica thread after stream sequence ${this.seq}`);
      return;
    }
    if (this.background) return;
    const seq = this.seq, events = this.status.events, gen = this.inlineGen;
    this.lastCheckpoint = Date.now();
    this.background = (async () => {
      let state: Uint8Array;
      const t0 = performance.now();
      try { state = await replica.snapshot(this.p, seq); } catch (e) {
        if (gen !== this.inlineGen) return; // superseded, and the thread closed at stop
        this.o.log(`partition ${this.p}: replica snapshot failed (${(e as Error).message}); snapshots inline from now`);
        this.replicaLive = false;
        return;
      }
      if (TRACE) this.o.log(`trace ${Date.now()} p${this.p} replica snapshot ${(performance.now() - t0).toFixed(1)} ms ${state.length} B`);
      // every output of the batches up to seq was added before this: acknowledged once this resolves
      await this.out.flush();
      await this.saving;
      if (this.fence && !(await this.fence.confirm())) { this.fenced = true; this.stopped = true; return; }
      // superseded by an inline checkpoint meanwhile (no await between this test and the write)
      if (gen !== this.inlineGen) return;
      this.saving = this.store.save(`p${this.p}`, { seq, state, events, ...this.stamp(false) });
    })().catch((e: unknown) => { this.failure ??= e; }).finally(() => { this.background = undefined; });
  }

  /** outputs so far acknowledged, then state + sequence taken now; the write goes on in the
   *  background (a crash before it completes leaves the previous checkpoint, which is also valid) */
  async checkpoint(): Promise<Uint8Array> {
    // a replica snapshot still under way is not waited for: this one is newer. A replica thread
    // that lags (a starved host, many partitions) made SIGTERM wait past its grace for it
    this.inlineGen++;
    if (this.failure) throw this.failure;
    await this.out.flush();
    const t0 = performance.now();
    const c = { seq: this.seq, state: this.runner.snapshot(), events: this.status.events, ...this.stamp(this.atEnd) };
    if (TRACE) this.o.log(`trace ${Date.now()} p${this.p} snapshot ${(performance.now() - t0).toFixed(1)} ms ${c.state.length} B`);
    await this.saving;
    if (this.fence && !(await this.fence.confirm())) throw new LeaseLost();
    this.saving = this.store.save(`p${this.p}`, c);
    this.status.ckProgress = finiteOrNull(this.progress);
    this.lastCheckpoint = Date.now();
    return c.state;
  }

  /** what a checkpoint records besides state and sequence: the lease epoch it was written under,
   *  and whether it stands right after an end-of-input marker */
  private stamp(ended: boolean): { epoch?: number; ended?: boolean } {
    return { ...(this.fence ? { epoch: this.fence.epoch } : {}), ...(ended ? { ended } : {}) };
  }

  tick(): PartitionStatus {
    const now = Date.now();
    this.status.eventsPerSec = Math.round((this.status.events - this.eventsAtTick) / Math.max(0.001, (now - this.tickAt) / 1000));
    this.eventsAtTick = this.status.events;
    this.tickAt = now;
    this.status.updated = new Date(now).toISOString();
    return this.status;
  }
}


const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
