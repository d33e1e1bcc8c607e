// Checkpoints off the message thread. An engine snapshot is synchronous (structured clone of MBs of
// state: 10–40 ms), and a worker's partitions share one thread, so every checkpoint stalled every
// partition's messages: the slow tail of publish→alert latency. The engine is deterministic, so a
// replica fed the same batches in the same order holds the same state at the same stream
// sequence: a replica thread, started from one snapshot of the worker's engine, is fed every
// later message of the partition (a copy of the bytes, ~10 µs) and snapshots on request while the
// worker goes on. Worth it at the tail of a stream (a live feed: the replica's CPU is that of the
// feed's rate); while the worker drains a backlog, latency is moot and the replica would double
// the engine's CPU, so there the worker snapshots inline (see worker.ts).
import { Worker } from 'node:worker_threads';
import type { Policy } from '../model/index.js';
import type { StreamMessage } from './partition-runner.js';
import type { ForeignUses } from './foreign-uses.js';
import type { UseSpan } from './key-uses.js';

export type ReplicaRequest =
  | { t: 'init'; p: number; seq: number; state: Uint8Array }
  | { t: 'drop'; p: number }
  | { t: 'batch'; p: number; seq: number; msg: StreamMessage }
  | { t: 'batches'; list: ReplicaRequest[] }
  | { t: 'snap'; p: number; seq: number; id: number }
  /** the worker's key-use index as it is (once, before any partition's init), then its additions */
  | { t: 'usesInit'; index: ReturnType<ForeignUses['dump']> }
  | { t: 'uses'; seq: number; spans: UseSpan[] }
  /** leave: the thread closes its port and ends between two messages */
  | { t: 'close' };
const FEED_MS = 250, FEED_BYTES = 1 << 20;

export type ReplicaReply = { id: number; state?: Uint8Array; error?: string };

export class SnapshotReplica {
  private readonly w: Worker;
  private readonly waiting = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private broken: Error | undefined;
  /** fed messages not yet posted: sent together every FEED_MS (or before any other request),
   *  so the thread wakes ~4 times a second, not at every message of a live feed */
  private queued: ReplicaRequest[] = [];
  private queuedBytes = 0;
  private readonly timer: NodeJS.Timeout;

  /** set at close: the thread skips whatever is still queued and ends */
  private readonly stopping = new Int32Array(new SharedArrayBuffer(4));
  private readonly exited: Promise<void>;

  constructor(o: { policy: Policy; lateness: number }) {
    this.w = new Worker(new URL('./snapshot-replica-thread.js', import.meta.url), { workerData: { ...o, stopping: this.stopping } });
    this.exited = new Promise((r) => this.w.once('exit', () => r()));
    this.w.unref();
    this.timer = setInterval(() => this.send(), FEED_MS);
    this.timer.unref();
    this.w.on('message', (r: ReplicaReply) => {
      const x = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (r.state) x?.resolve(r.state); else x?.reject(new Error(r.error ?? 'replica: no state'));
    });
    this.w.on('error', (e) => this.fail(e));
    this.w.on('exit', (code) => this.fail(new Error(`replica thread exited (${code})`)));
  }

  private fail(e: Error): void {
    this.broken ??= e;
    for (const x of this.waiting.values()) x.reject(e);
    this.waiting.clear();
  }

  get ok(): boolean { return this.broken === undefined; }

  /** start (or restart) partition `p`'s replica from the worker's snapshot at `seq` */
  init(p: number, seq: number, state: Uint8Array): void {
    const copy = new Uint8Array(state);
    this.post({ t: 'init', p, seq, state: copy }, [copy.buffer]);
  }

  drop(p: number): void { this.post({ t: 'drop', p }); }

  /** the worker's key uses (exact-keys input): the whole index once, then every addition in the
   *  order the worker read them, so a batch always finds the uses it depends on here too */
  initUses(index: ForeignUses): void { this.post({ t: 'usesInit', index: index.dump() }); }
  feedUses(seq: number, spans: UseSpan[]): void {
    if (this.broken) return;
    this.queued.push({ t: 'uses', seq, spans });
  }

  /** the message at `seq` the worker just applied (a batch, a message that is not one, the end
   *  marker or an idle tick) */
  feed(p: number, seq: number, msg: StreamMessage): void {
    if (this.broken) return;
    // a copy: the message's bytes are a view into the client's receive buffer
    this.queued.push({ t: 'batch', p, seq, msg: { ...msg, data: new Uint8Array(msg.data) } });
    this.queuedBytes += msg.data.length;
    if (this.queuedBytes >= FEED_BYTES) this.send();
  }

  private send(): void {
    if (this.queued.length === 0) return;
    const list = this.queued;
    this.queued = [];
    this.queuedBytes = 0;
    this.postNow({ t: 'batches', list }, list.flatMap((r) => (r.t === 'batch' ? [r.msg.data.buffer as ArrayBuffer] : [])));
  }

  /** the replica's state at `seq` (everything fed up to there) */
  snapshot(p: number, seq: number): Promise<Uint8Array> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ t: 'snap', p, seq, id });
    });
  }

  /** The thread is asked to leave between two messages, and terminated only if it has not within
   *  a few seconds: terminated in the middle of a batch (inside zlib), Node 20 aborted the whole
   *  process while freeing the thread ("close before init", node_zlib.cc). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    Atomics.store(this.stopping, 0, 1);
    try { this.w.postMessage({ t: 'close' } satisfies ReplicaRequest); } catch { /* gone already */ }
    const late = setTimeout(() => { void this.w.terminate(); }, 5000);
    await this.exited;
    clearTimeout(late);
  }

  private post(r: ReplicaRequest, transfer: ArrayBuffer[] = []): void {
    this.send();
    this.postNow(r, transfer);
  }

  /** a replica that cannot be posted to is broken (the worker then snapshots inline), never fatal */
  private postNow(r: ReplicaRequest, transfer: ArrayBuffer[]): void {
    if (this.broken) return;
    try { this.w.postMessage(r, transfer); } catch (e) { this.fail(e as Error); }
  }
}
