// `status`: partitions, their owners, how far each got and how far behind it is, plus the fleet
// stage and the stream sizes, from the KV entries the workers refresh every second.
import { STREAMS, type Bus } from './connection.js';
import type { PartitionStatus } from './worker.js';
import { forwardStatus } from './forward-queue.js';

export interface ClusterStatus {
  partitions: number;
  parts: (PartitionStatus | { partition: number; owner: null })[];
  fleet: { owner: string; seq: number; pending: number; held: number; waiting?: number; dropped?: number; progress: number | 'end' | 'none'; updated: string } | null;
  streams: Record<string, { messages: number; bytes: number }>;
  /** forwarding outputs: versions not yet delivered, versions dead-lettered */
  forward: { output: string; pending: number; dead: number }[];
}

export async function readStatus(bus: Bus): Promise<ClusterStatus> {
  const parts: ClusterStatus['parts'] = [];
  for (let p = 0; p < bus.partitions; p++) {
    const e = await bus.kv.get(`status.p${p}`);
    parts.push(e?.operation === 'PUT' ? (JSON.parse(e.string()) as PartitionStatus) : { partition: p, owner: null });
  }
  const f = await bus.kv.get('status.fleet');
  const streams: ClusterStatus['streams'] = {};
  for (const s of Object.values(STREAMS)) {
    const st = (await bus.jsm.streams.info(s.name)).state;
    streams[s.name] = { messages: st.messages, bytes: st.bytes };
  }
  return { partitions: bus.partitions, parts, fleet: f?.operation === 'PUT' ? JSON.parse(f.string()) : null, streams, forward: await forwardStatus(bus) };
}

/** seconds waited for key uses (CT_USES), and the sequence waited for now; '-': input without them */
function usesWait(q: PartitionStatus): string {
  if (q.usesWaitMs === undefined) return '-';
  return `${(q.usesWaitMs / 1000).toFixed(1)}s${q.usesWaitingFor ? ` (for ${q.usesWaitingFor})` : ''}`;
}

export function formatStatus(s: ClusterStatus): string {
  const rows = ['partition  owner                 stream-seq  lag(msgs)  events      events/s  ended  dead  uses-wait  updated'];
  for (const p of s.parts) {
    if (p.owner === null) { rows.push(`${String(p.partition).padEnd(10)} (no worker yet)`); continue; }
    const q = p as PartitionStatus;
    rows.push(`${String(q.partition).padEnd(10)} ${q.owner.padEnd(21)} ${String(q.seq).padEnd(11)} ${String(q.pending).padEnd(10)} ${String(q.events).padEnd(11)} ${String(q.eventsPerSec).padEnd(9)} ${(q.ended ? 'yes' : 'no').padEnd(6)} ${String(q.deadLettered).padEnd(5)} ${usesWait(q).padEnd(10)} ${q.updated}`);
  }
  const f = s.fleet;
  rows.push('', f ? `fleet stage: owner ${f.owner}, stream-seq ${f.seq}, lag ${f.pending} msg(s), ${f.held} chain(s) held, ${f.waiting ?? 0} input(s) waiting for a piece, ${f.dropped ?? 0} duplicate piece(s) dropped, fleet progress ${typeof f.progress === 'number' ? new Date(f.progress).toISOString() : f.progress === 'end' ? 'end of input' : 'none yet'}, updated ${f.updated}` : 'fleet stage: not running yet');
  for (const o of s.forward) rows.push(`forward ${o.output}: ${o.pending} version(s) not yet delivered, ${o.dead} dead-lettered`);
  rows.push('streams: ' + Object.entries(s.streams).map(([n, v]) => `${n} ${v.messages} msg(s)`).join(', '));
  return rows.join('\n') + '\n';
}
