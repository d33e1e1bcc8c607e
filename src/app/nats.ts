// Composition root of the NATS JetStream mode: publish, worker (partitions and/or fleet stage),
// alerts and status wire the src/nats/ stages to a connection. The embedded single-process mode
// (detect, serve) does not go through here.
import type { ExactKeys } from '../nats/key-uses.js';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { CiphertrailError, formatIssue, type Policy } from '../model/index.js';
import { openBus, connectNats, PullBudget, KV_BUCKET } from '../nats/connection.js';
import { Kvm } from '@nats-io/kv';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { publishFiles, type PublishCounters } from '../nats/publisher.js';
import { runWorker } from '../nats/worker.js';
import { runAggregator } from '../nats/aggregator.js';
import { latestAlerts, followAlerts, allVersions } from '../nats/alert-reader.js';
import { readStatus, formatStatus, type ClusterStatus } from '../nats/status.js';
import { natsForwardQueue } from '../nats/forward-queue.js';
import { ForwardSet, type ForwardSetup } from '../forward/outputs.js';
import { systemClock } from '../forward/clock.js';

export async function natsPublish(o: { url: string; files: string[]; names?: ReadonlyMap<string, string>; partitions?: number; replicas?: number; batchLines: number; end: boolean; compress?: boolean; live?: { lingerMs: number; idleMs: number }; exactKeys?: ExactKeys }): Promise<PublishCounters & { partitions: number }> {
  const bus = await openBus(o.url, 'ciphertrail-publish', o.partitions, o.replicas);
  try {
    // from the inputs' names, not the paths of their temporary copies: publishing again adds nothing
    const endId = createHash('sha256').update(o.files.map((f) => o.names?.get(f) ?? f).join('\u0000')).digest('hex').slice(0, 16);
    const c = await publishFiles(bus, o.files, { ...(o.names ? { names: o.names } : {}), batchLines: o.batchLines, end: o.end, endId, ...(o.compress === false ? { compress: false } : {}), ...(o.live ? { live: o.live } : {}), ...(o.exactKeys ? { exactKeys: o.exactKeys } : {}), onReject: (i) => process.stderr.write(formatIssue(i) + '\n') });
    return { ...c, partitions: bus.partitions };
  } finally { await bus.nc.drain(); }
}

export interface NatsWorkerOptions {
  url: string; policy: Policy; lateness: number; checkpointMs: number; untilEnd: boolean;
  /** partitions to own (undefined: a fair share through leases, rebalanced as workers come and go) */
  partitions?: number[];
  /** leases not renewed for this long are taken over */
  leaseTtlMs?: number;
  fleet: boolean;
  id?: string;
  log: (line: string) => void;
  /** checkpoints from a replica thread at the tail (default true) */
  replica?: boolean;
  /** bytes the worker's pull requests may ask for at once (default PULL_BUDGET_BYTES) */
  pullBytes?: number;
  /** outputs the alerts stream is forwarded to, each from its durable consumer (fleet-stage worker) */
  forward?: ForwardSetup;
}

/** after --until-end, how long the forwarders may take to deliver what is queued */
const FORWARD_DRAIN_MS = 30_000;

export async function natsWorker(o: NatsWorkerOptions, stop: Promise<void>): Promise<{ events: number; alerts: number }> {
  const id = o.id ?? `${hostname()}:${process.pid}`;
  const bus = await openBus(o.url, `ciphertrail-worker ${id}`);
  if (o.pullBytes !== undefined) bus.pulls = new PullBudget(o.pullBytes);
  try {
    const parts = o.partitions ?? [];
    const bad = parts.filter((p) => p >= bus.partitions);
    if (bad.length) throw new CiphertrailError('nats_partitions', `partition(s) ${bad.join(', ')} out of range: NATS at ${o.url} has ${bus.partitions} partitions (0-${bus.partitions - 1})`);
    const base = { id, policy: o.policy, lateness: o.lateness, checkpointMs: o.checkpointMs, untilEnd: o.untilEnd, log: o.log, ...(o.replica === false ? { replica: false } : {}) };
    // the key uses (exact-keys input) come on a connection of their own: on the worker's, they
    // queued behind megabytes of telemetry and the partitions waited for them (measured: 1 M
    // events drained in 4.2 s instead of 3.2 s, every wait ~25 ms)
    const usesConnection = async () => {
      const nc = await connectNats(o.url, `ciphertrail-worker ${id} uses`);
      return { js: jetstream(nc), jsm: await jetstreamManager(nc), close: () => nc.drain().catch(() => undefined) };
    };
    // leases: the partitions and the fleet stage are shared among the workers by themselves;
    // their heartbeats go on a connection of their own (on the worker's, a renewal queued behind
    // megabytes of telemetry timed out while draining a 5 M-event backlog). Forwarding runs
    // beside the fleet stage, on whichever worker holds it (one forwarder per output).
    if (!o.partitions) {
      const lc = await connectNats(o.url, `ciphertrail-worker ${id} leases`);
      let fwd: ForwardSet | undefined;
      const onFleet = async (held: boolean) => {
        if (held && o.forward && !fwd) { fwd = await ForwardSet.open(o.forward, { queue: (spec) => natsForwardQueue(bus, spec.name), clock: systemClock, log: o.log }); fwd.start(); }
        if (!held && fwd) { const x = fwd; fwd = undefined; await x.close(); }
      };
      try {
        const leaseKv = await new Kvm(jetstream(lc)).open(KV_BUCKET);
        const r = await runWorker(bus, { ...base, partitions: 'leased', fleet: o.fleet, usesConnection, leaseKv, onFleet, ...(o.leaseTtlMs ? { leaseTtlMs: o.leaseTtlMs } : {}) }, stop);
        if (fwd && o.untilEnd) await drainForward(fwd, stop, o.log);
        await onFleet(false);
        return r;
      } finally { await lc.drain().catch(() => undefined); }
    }
    const forward = o.forward ? await ForwardSet.open(o.forward, { queue: (spec) => natsForwardQueue(bus, spec.name), clock: systemClock, log: o.log }) : undefined;
    forward?.start();
    const [w, f] = await Promise.all([
      parts.length ? runWorker(bus, { ...base, partitions: parts, usesConnection }, stop) : Promise.resolve({ events: 0 }),
      o.fleet ? runAggregator(bus, base, stop) : Promise.resolve({ alerts: 0 }),
    ]);
    if (forward && o.untilEnd) await drainForward(forward, stop, o.log);
    await forward?.close();
    return { events: w.events, alerts: f.alerts };
  } finally { await bus.nc.drain().catch(() => undefined); }
}

/** --until-end: what the outputs have not yet taken is delivered within FORWARD_DRAIN_MS (or a stop) */
async function drainForward(forward: ForwardSet, stop: Promise<void>, log: (line: string) => void): Promise<void> {
  const deadline = new AbortController();
  const t = setTimeout(() => deadline.abort(), FORWARD_DRAIN_MS);
  void stop.then(() => deadline.abort());
  if (!(await forward.drain(deadline.signal))) log('worker: forwarding stopped with versions still queued (the outputs\' consumers keep them for the next worker)');
  clearTimeout(t);
}

export async function natsAlerts(o: { url: string; follow: boolean; versions: boolean; write: (line: string) => void }, stop: Promise<void>): Promise<number> {
  const bus = await openBus(o.url, 'ciphertrail-alerts');
  try {
    if (o.follow) return await followAlerts(bus, o.write, stop);
    const lines = o.versions ? await allVersions(bus) : await latestAlerts(bus);
    for (const l of lines) o.write(l);
    return lines.length;
  } finally { await bus.nc.drain().catch(() => undefined); }
}

export async function natsStatus(url: string, json: boolean): Promise<string> {
  const bus = await openBus(url, 'ciphertrail-status');
  try {
    const s: ClusterStatus = await readStatus(bus);
    return json ? JSON.stringify(s) + '\n' : formatStatus(s);
  } finally { await bus.nc.drain().catch(() => undefined); }
}
