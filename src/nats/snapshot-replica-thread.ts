// The replica thread (see snapshot-replica.ts): one PartitionRunner per partition, restored from
// the worker's own snapshot and fed the same batches in the same order, so its state at stream
// sequence S is the worker's state at S. It snapshots on request; its outputs are discarded.
import { parentPort, workerData } from 'node:worker_threads';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Policy } from '../model/index.js';
import { PartitionRunner, type BatchOutput } from './partition-runner.js';
import { BatchError } from './batch.js';
import type { ReplicaRequest, ReplicaReply } from './snapshot-replica.js';
import { ForeignUses } from './foreign-uses.js';
import { fleetHorizonOf } from '../analytics/index.js';

const { policy, lateness, stopping } = workerData as { policy: Policy; lateness: number; stopping: Int32Array };
const replicas = new Map<number, { runner: PartitionRunner; seq: number }>();
const port = parentPort!;
/** the worker's key uses (exact-keys input), copied: evicted below what the replicas processed */
let uses: ForeignUses | undefined;
let usesRead = 0;
const horizon = fleetHorizonOf({ policy, lateness });

// background work: on Linux this thread runs at the lowest priority (nice 19), so on a busy
// machine its snapshots yield the CPU to the worker's message thread rather than compete with it
// (/proc/thread-self names this thread's id; elsewhere it keeps the normal priority)
try { setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19); } catch { /* not Linux */ }

// at close the queued work is skipped and the port closed: the thread ends between two messages,
// never in the middle of one (see SnapshotReplica.close)
const leaving = () => Atomics.load(stopping, 0) === 1;
port.on('message', (r: ReplicaRequest) => {
  if (leaving() || r.t === 'close') { port.close(); return; }
  if (r.t === 'batches') { for (const x of r.list) { if (leaving()) { port.close(); return; } handle(x); } return; }
  handle(r);
});

function handle(r: ReplicaRequest): void {
  if (r.t === 'batches' || r.t === 'close') return;
  if (r.t === 'usesInit') { uses = ForeignUses.from(r.index); return; }
  if (r.t === 'uses') {
    if (!uses) throw new Error('replica: key uses before the index they add to'); // (the replica breaks; the worker snapshots inline)
    uses.add(r.spans);
    uses.advance(r.seq);
    if (++usesRead % 32 === 0) {
      const low = Math.min(...[...replicas.values()].map((x) => x.runner.watermark));
      if (Number.isFinite(low)) uses.evict(low - 2 * horizon);
    }
    return;
  }
  if (r.t === 'init') { replicas.set(r.p, { runner: new PartitionRunner({ policy, lateness, ...(uses ? { foreign: { uses, partition: r.p } } : {}) }, r.state), seq: r.seq }); return; }
  if (r.t === 'drop') { replicas.delete(r.p); return; }
  const x = replicas.get(r.p);
  if (r.t === 'batch') {
    if (!x) return;
    let out: BatchOutput | undefined;
    // the worker dead-letters a message that is not a batch, without touching its engine: so here
    try { out = x.runner.apply(r.msg); } catch (e) { if (!(e instanceof BatchError)) throw e; }
    // the worker marks a fleet output sent with this message's sequence once published: so here,
    // or the replica's next fleet output would link to an older one than the worker's (`prev`)
    if (out?.fleet) x.runner.fleetSent(r.seq);
    x.seq = r.seq;
    return;
  }
  // snapshot at r.seq: the replica must have been fed exactly up to there
  let reply: ReplicaReply;
  if (!x) reply = { id: r.id, error: `partition ${r.p}: no replica` };
  else if (x.seq !== r.seq) reply = { id: r.id, error: `partition ${r.p}: replica at stream sequence ${x.seq}, asked for ${r.seq}` };
  else {
    const state = new Uint8Array(x.runner.snapshot()); // its own buffer, transferred
    reply = { id: r.id, state };
    port.postMessage(reply, [state.buffer as ArrayBuffer]);
    return;
  }
  port.postMessage(reply);
}
