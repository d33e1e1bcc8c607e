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

export async function natsPublish(o: { url: string; files: string[]; partitions?: number; replicas?: number; batchLines: number; end: boolean; compress?: boolean; live?: { lingerMs: number; idleMs: number }; exactKeys?: ExactKeys }): Promise<PublishCounters & { partitions: number }> {
  const bus = await openBus(o.url, 'ciphertrail-publish', o.partitions, o.replicas);
  try {
    const endId = createHash('sha256').update(o.files.join('\u0000')).digest('hex').slice(0, 16);
    const c = await publishFiles(bus, o.files, { batchLines: o.batchLines, end: o.end, endId, ...(o.compress === false ? { compress: false } : {}), ...(o.live ? { live: o.live } : {}), ...(o.exactKeys ? { exactKeys: o.exactKeys } : {}), onReject: (i) => process.stderr.write(formatIssue(i) + '\n') });
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
}

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
    // megabytes of telemetry timed out while draining a 5 M-event backlog)
    if (!o.partitions) {
      const lc = await connectNats(o.url, `ciphertrail-worker ${id} leases`);
      try {
        const leaseKv = await new Kvm(jetstream(lc)).open(KV_BUCKET);
        return await runWorker(bus, { ...base, partitions: 'leased', fleet: o.fleet, usesConnection, leaseKv, ...(o.leaseTtlMs ? { leaseTtlMs: o.leaseTtlMs } : {}) }, stop);
      } finally { await lc.drain().catch(() => undefined); }
    }
    const [w, f] = await Promise.all([
      parts.length ? runWorker(bus, { ...base, partitions: parts, usesConnection }, stop) : Promise.resolve({ events: 0 }),
      o.fleet ? runAggregator(bus, base, stop) : Promise.resolve({ alerts: 0 }),
    ]);
    return { events: w.events, alerts: f.alerts };
  } finally { await bus.nc.drain().catch(() => undefined); }
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
