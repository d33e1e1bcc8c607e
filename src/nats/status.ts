// `status`: partitions, their owners, how far each got and how far behind it is, plus the fleet
// stage and the stream sizes, from the KV entries the workers refresh every second.
import { STREAMS, type Bus } from './connection.js';
import type { PartitionStatus } from './partition-worker.js';
import { forwardStatus } from './forward-queue.js';

/** a partition's or the fleet stage's lease: who holds it, under which epoch, and how long ago
 *  it was renewed (by the server's clock); null: never taken, or released */
export interface LeaseStatus { owner: string; epoch: number; ageMs: number }

export interface ClusterStatus {
  partitions: number;
  parts: ((PartitionStatus | { partition: number; owner: null }) & { lease?: LeaseStatus | null })[];
  fleetLease?: LeaseStatus | null;
  /** the workers' heartbeats (id, time since the last one); a worker that left cleanly is absent */
  members?: { id: string; ageMs: number }[];
  fleet: { owner: string; seq: number; pending: number; held: number; waiting?: number; dropped?: number; progress: number | 'end' | 'none'; updated: string } | null;
  streams: Record<string, { messages: number; bytes: number }>;
  /** forwarding outputs: versions not yet delivered, versions dead-lettered */
  forward: { output: string; pending: number; dead: number }[];
}

/** the server's "now": the timestamp it puts on a write (ages never mix two machines' clocks) */
async function serverNow(bus: Bus): Promise<number> {
  await bus.kv.put('status.clock', '');
  return (await bus.kv.get('status.clock'))?.created.getTime() ?? Date.now();
}

async function leaseOf(bus: Bus, key: string, now: number): Promise<LeaseStatus | null> {
  const e = await bus.kv.get(key);
  if (e?.operation !== 'PUT') return null;
  const v = JSON.parse(e.string()) as { owner: string | null; epoch: number };
  return v.owner === null ? null : { owner: v.owner, epoch: v.epoch, ageMs: Math.max(0, now - e.created.getTime()) };
}

export async function readStatus(bus: Bus): Promise<ClusterStatus> {
  const now = await serverNow(bus);
  const parts: ClusterStatus['parts'] = [];
  for (let p = 0; p < bus.partitions; p++) {
    const e = await bus.kv.get(`status.p${p}`);
    const s = e?.operation === 'PUT' ? (JSON.parse(e.string()) as PartitionStatus) : { partition: p, owner: null };
    parts.push({ ...s, lease: await leaseOf(bus, `lease.p${p}`, now) });
  }
  const members: { id: string; ageMs: number }[] = [];
  for await (const k of await bus.kv.keys('member.>')) {
    const m = await bus.kv.get(k);
    if (m?.operation === 'PUT') members.push({ id: (JSON.parse(m.string()) as { id: string }).id, ageMs: Math.max(0, now - m.created.getTime()) });
  }
  members.sort((a, b) => a.id.localeCompare(b.id));
  const f = await bus.kv.get('status.fleet');
  const streams: ClusterStatus['streams'] = {};
  for (const s of Object.values(STREAMS)) {
    const st = (await bus.jsm.streams.info(s.name)).state;
    streams[s.name] = { messages: st.messages, bytes: st.bytes };
  }
  return { partitions: bus.partitions, parts, fleet: f?.operation === 'PUT' ? JSON.parse(f.string()) : null, fleetLease: await leaseOf(bus, 'lease.fleet', now), members, streams, forward: await forwardStatus(bus) };
}

/** seconds waited for key uses (CT_USES), and the sequence waited for now; '-': input without them */
function usesWait(q: PartitionStatus): string {
  if (q.usesWaitMs === undefined) return '-';
  return `${(q.usesWaitMs / 1000).toFixed(1)}s${q.usesWaitingFor ? ` (for ${q.usesWaitingFor})` : ''}`;
}

/** "w1 e3 1.2s": holder, epoch, time since its last renewal; "-": not leased */
function leaseCell(l: LeaseStatus | null | undefined): string {
  return l ? `${l.owner} e${l.epoch} ${(l.ageMs / 1000).toFixed(1)}s` : '-';
}

export function formatStatus(s: ClusterStatus): string {
  const rows = ['partition  owner                 lease (holder, epoch, renewed ago)  stream-seq  lag(msgs)  events      events/s  ended  dead  uses-wait  updated'];
  for (const p of s.parts) {
    if (p.owner === null) { rows.push(`${String(p.partition).padEnd(10)} ${'(no worker yet)'.padEnd(21)} ${leaseCell(p.lease)}`); continue; }
    const q = p as PartitionStatus;
    rows.push(`${String(q.partition).padEnd(10)} ${q.owner.padEnd(21)} ${leaseCell(p.lease).padEnd(35)} ${String(q.seq).padEnd(11)} ${String(q.pending).padEnd(10)} ${String(q.events).padEnd(11)} ${String(q.eventsPerSec).padEnd(9)} ${(q.ended ? 'yes' : 'no').padEnd(6)} ${String(q.deadLettered).padEnd(5)} ${usesWait(q).padEnd(10)} ${q.updated}`);
  }
  if (s.members?.length) rows.push('', 'workers (heartbeat ago): ' + s.members.map((m) => `${m.id} ${(m.ageMs / 1000).toFixed(1)}s`).join(', '));
  if (s.fleetLease !== undefined) rows.push(`fleet stage lease: ${leaseCell(s.fleetLease)}`);
  const f = s.fleet;
  rows.push('', f ? `fleet stage: owner ${f.owner}, stream-seq ${f.seq}, lag ${f.pending} msg(s), ${f.held} chain(s) held, ${f.waiting ?? 0} input(s) waiting for a piece, ${f.dropped ?? 0} duplicate piece(s) dropped, fleet progress ${typeof f.progress === 'number' ? new Date(f.progress).toISOString() : f.progress === 'end' ? 'end of input' : 'none yet'}, updated ${f.updated}` : 'fleet stage: not running yet');
  for (const o of s.forward) rows.push(`forward ${o.output}: ${o.pending} version(s) not yet delivered, ${o.dead} dead-lettered`);
  rows.push('streams: ' + Object.entries(s.streams).map(([n, v]) => `${n} ${v.messages} msg(s)`).join(', '));
  return rows.join('\n') + '\n';
}
