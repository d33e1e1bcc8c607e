// A worker runs partitions: a fixed list (`--partitions`), or, by default, a fair share taken
// through leases (lease-keeper.ts) and handed over as workers join and leave; under leases it
// also contends for the fleet stage. Each partition is a PartitionWorker (partition-worker.ts);
// here they are started and stopped, share the key-use reader and the checkpoint replica, and
// report their status every second.
import { PerformanceObserver } from 'node:perf_hooks';
import type { KV } from '@nats-io/kv';
import { STREAMS, type Bus } from './connection.js';
import { CheckpointStore } from './checkpoint-store.js';
import { PartitionWorker, type Fence, type PartitionOptions, type PartitionStatus } from './partition-worker.js';
import { SnapshotReplica } from './snapshot-replica.js';
import { telSubject } from './partitioner.js';
import { UsesReader, type UsesConnection } from './uses-reader.js';
import { LeaseKeeper } from './lease-keeper.js';
import { runAggregator } from './aggregator.js';
import { fleetHorizonOf } from '../analytics/index.js';
import { trackUnfinished } from './unfinished.js';

/** CT_NATS_TRACE=1: log GC pauses ≥ 2 ms; CT_BENCH_STATS=1: count the collections by kind and
 *  log the counts at the end, and every second the events applied so far with the process's CPU
 *  seconds (both for bench/nats.mjs) */
const TRACE = !!process.env.CT_NATS_TRACE;
const GC_STATS = !!process.env.CT_BENCH_STATS;
/** node:perf_hooks constants.NODE_PERFORMANCE_GC_MINOR (a scavenge of the young generation) */
const GC_MINOR = 1;

export interface WorkerOptions extends PartitionOptions {
  /** the partitions to own, or 'leased': a fair share, rebalanced as workers come and go */
  partitions: number[] | 'leased';
  /** leases not renewed for this long are taken over (default 10 s) */
  leaseTtlMs?: number;
  /** under leases: contend for the fleet stage and run it while elected */
  fleet?: boolean;
  /** at the tail of a partition, take checkpoints from a replica thread instead of stalling the
   *  message thread (default true; see snapshot-replica.ts) */
  replica?: boolean;
  /** a connection of its own for the key-use reader (default: the worker's) */
  usesConnection?: () => Promise<UsesConnection>;
  /** the KV bucket on a connection of its own for the leases (default: the worker's) */
  leaseKv?: KV;
  /** under leases: told when this worker takes the fleet stage and when it hands it over or loses
   *  it (what runs beside the fleet stage, e.g. forwarding, follows it) */
  onFleet?: (held: boolean) => Promise<void>;
}

export const DEFAULT_LEASE_TTL_MS = 10_000;

interface Running { w: PartitionWorker; run: Promise<void> }

/** runs until stopped (SIGTERM/SIGINT: checkpoints, leases released, then exit) or, with
 *  untilEnd, until every partition ended (under leases: every partition of the cluster, and the
 *  fleet stage when this worker contends for it) */
export async function runWorker(bus: Bus, o: WorkerOptions, stop: Promise<void>): Promise<{ events: number; alerts: number }> {
  const store = new CheckpointStore(bus.obj);
  const gcs = { scavenges: 0, other: 0 };
  const gcObs = TRACE || GC_STATS ? new PerformanceObserver((l) => {
    for (const e of l.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === GC_MINOR) gcs.scavenges++; else gcs.other++;
      if (TRACE && e.duration >= 2) o.log(`trace ${Date.now()} gc ${e.duration.toFixed(1)} ms kind ${kind ?? '?'}`);
    }
  }) : undefined;
  gcObs?.observe({ entryTypes: ['gc'] });
  const leased = o.partitions === 'leased';
  const running = new Map<number, Running>();
  const all: PartitionWorker[] = [];
  /** under leases: the checkpointed event time of each partition this worker does not run */
  const othersLow = new Map<number, number>();
  const lowWater = (): number => {
    let low = Infinity;
    for (const r of running.values()) low = Math.min(low, r.w.progress);
    if (leased) for (let p = 0; p < bus.partitions; p++) if (!running.has(p)) low = Math.min(low, othersLow.get(p) ?? -Infinity);
    return low;
  };
  let replica: SnapshotReplica | undefined;
  // (a const referenced before it is built: only called once messages flow)
  const uses: UsesReader = new UsesReader(bus, o.usesConnection ?? (async () => ({ js: bus.js, jsm: bus.jsm, close: async () => {} })),
    fleetHorizonOf({ policy: o.policy, lateness: o.lateness }), lowWater, o.log);
  const replicaOf = () => {
    if (o.replica === false) return undefined;
    if (!replica) {
      const r = replica = new SnapshotReplica({ policy: o.policy, lateness: o.lateness });
      // the replica's engines count other partitions' devices as the worker's do: the key uses
      // known so far, then each addition before the batches that depend on it
      r.initUses(uses.index);
      uses.onSpans = (spans, seq) => r.feedUses(seq, spans);
    }
    return replica;
  };

  let resolveDone!: () => void;
  const done = new Promise<void>((r) => { resolveDone = r; });
  let rejectFailed!: (e: unknown) => void;
  const failed = new Promise<never>((_, r) => { rejectFailed = r; });
  failed.catch(() => undefined);
  let ended = 0;

  const startPartition = (p: number, fence?: Fence): void => {
    // the partitions of a worker share one thread: staggered, their snapshots never stall it together
    const w = new PartitionWorker(bus, p, o, store, (p % 8) / 8, replicaOf, uses, fence);
    all.push(w);
    const run = w.run(() => { if (!leased && ++ended === running.size && o.untilEnd) resolveDone(); })
      .catch((e: unknown) => { o.log(`partition ${p}: ${(e as Error).stack ?? String(e)}`); rejectFailed(e); });
    running.set(p, { w, run });
  };
  /** stops a partition: its last checkpoint written (`write`), or nothing more (lease lost) */
  const stopPartition = async (p: number, write: boolean): Promise<void> => {
    const r = running.get(p);
    if (!r) return;
    if (!write) r.w.fenced = true;
    r.w.stop();
    await r.run;
    replica?.drop(p);
    running.delete(p);
    if (write) await bus.kv.put(`status.p${p}`, JSON.stringify(r.w.tick())).catch(() => undefined);
  };

  let fleet: { run: Promise<{ alerts: number }>; stop: () => void } | undefined;
  let fleetAlerts = 0;
  let keeper: LeaseKeeper | undefined;
  if (o.partitions === 'leased') {
    const ttlMs = o.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    const k: LeaseKeeper = keeper = new LeaseKeeper({
      kv: o.leaseKv ?? bus.kv, id: o.id, partitions: bus.partitions, ttlMs, fleet: o.fleet ?? false, log: o.log,
      onAcquire: (r, epoch) => {
        const fence: Fence = { epoch, trusted: () => k.trusted(r), confirm: () => k.confirm(r) };
        if (r === 'fleet') { fleet = startFleet(fence); void o.onFleet?.(true).catch((e: unknown) => o.log(`fleet stage: forwarding did not start: ${(e as Error).message}`)); }
        else startPartition(r, fence);
      },
      onRelease: (r) => (r === 'fleet' ? stopFleet().then(() => o.onFleet?.(false)) : stopPartition(r, true)),
      onLost: (r) => { if (r === 'fleet') void stopFleet().then(() => o.onFleet?.(false)); else void stopPartition(r, false); },
    });
    await k.start();
  } else {
    for (const p of o.partitions) await bus.kv.put(`owner.p${p}`, JSON.stringify({ owner: o.id, since: new Date().toISOString() }));
    for (const p of o.partitions) startPartition(p);
  }

  function startFleet(fence: Fence): { run: Promise<{ alerts: number }>; stop: () => void } {
    let stopFleetRun!: () => void;
    const stopped = new Promise<void>((r) => { stopFleetRun = r; });
    const run = runAggregator(bus, { id: o.id, policy: o.policy, lateness: o.lateness, checkpointMs: o.checkpointMs, untilEnd: o.untilEnd, log: o.log, fence }, Promise.race([stop, stopped]));
    run.then((r) => { fleetAlerts += r.alerts; }, (e: unknown) => { o.log(`fleet stage: ${(e as Error).stack ?? String(e)}`); rejectFailed(e); });
    return { run, stop: stopFleetRun };
  }
  async function stopFleet(): Promise<void> {
    const f = fleet;
    fleet = undefined;
    if (!f) return;
    f.stop();
    await f.run.catch(() => undefined);
  }

  const progress = GC_STATS ? setInterval(() => { const c = process.cpuUsage(); o.log(`progress: ${all.reduce((n, w) => n + w.processedHere, 0)} event(s), ${((c.user + c.system) / 1e6).toFixed(3)} CPU-s`); }, 200) : undefined;
  const report = async () => {
    for (const r of running.values()) await bus.kv.put(`status.p${r.w.status.partition}`, JSON.stringify(r.w.tick())).catch(() => undefined);
    if (!leased) return;
    for (let p = 0; p < bus.partitions; p++) {
      if (running.has(p)) continue;
      const s = await readPartitionStatus(bus, p);
      othersLow.set(p, s?.ckProgress ?? -Infinity);
    }
    if (o.untilEnd && await clusterDone(bus, o.fleet ?? false)) resolveDone();
  };
  let reporting: Promise<void> = Promise.resolve();
  // (a request that fails, e.g. while the connection is dropped as a slow consumer, is retried
  // by the next report: it must neither stop the reports nor fail the worker's exit)
  const timer = setInterval(() => { reporting = reporting.then(report).catch((e: unknown) => o.log(`status report: ${(e as Error).message}`)); }, 1000);
  const untrack = trackUnfinished(() => {
    const left = [...running.values()].map(({ w }) => store.lag(`p${w.status.partition}`, `partition ${w.status.partition}`, w.processed)).filter((x) => x);
    return left.length ? left.join(', ') : undefined;
  });
  try {
    await Promise.race([stop, done, failed]);
  } finally {
    keeper?.halt();
    clearInterval(timer);
    clearInterval(progress);
    await reporting;
    for (const { w } of running.values()) w.stop();
    await uses.stop();
    await Promise.allSettled([...running.values()].map((r) => r.run));
    await stopFleet();
    await replica?.close();
    gcObs?.disconnect();
    if (GC_STATS) o.log(`gc: ${gcs.scavenges} scavenge(s), ${gcs.other} other collection(s)`);
    for (const { w } of running.values()) await bus.kv.put(`status.p${w.status.partition}`, JSON.stringify(w.tick())).catch(() => undefined);
    await keeper?.leave();
    untrack();
  }
  return { events: all.reduce((n, w) => n + w.processedHere, 0), alerts: fleetAlerts };
}

async function readPartitionStatus(bus: Bus, p: number): Promise<PartitionStatus | undefined> {
  const e = await bus.kv.get(`status.p${p}`).catch(() => null);
  if (!e || e.operation !== 'PUT') return undefined;
  try { return e.json<PartitionStatus>(); } catch { return undefined; }
}

/** every partition processed to an end-of-input marker with nothing after it, and (`fleet`) the
 *  fleet stage past the last of their pieces with no chain held */
async function clusterDone(bus: Bus, fleet: boolean): Promise<boolean> {
  for (let p = 0; p < bus.partitions; p++) {
    const s = await readPartitionStatus(bus, p);
    if (!s?.ended) return false;
    const last = await bus.jsm.streams.getMessage(STREAMS.tel.name, { last_by_subj: telSubject(p) }).then((x) => x?.seq ?? 0, () => 0);
    if (s.seq < last) return false;
  }
  if (!fleet) return true;
  const f = await bus.kv.get('status.fleet').catch(() => null);
  if (!f || f.operation !== 'PUT') return false;
  const v = f.json<{ seq: number; held: number; progress: unknown }>();
  const last = (await bus.jsm.streams.info(STREAMS.fleet.name)).state.last_seq;
  return v.progress === 'end' && v.held === 0 && v.seq >= last;
}

