// What a partition sends the fleet stage for one input message, as pieces on subjects keyed by
// the key they concern:
//   ct.fleet.k.<shard>   key notes (app, key_fp, device, first and last use) whose (app, key_fp) hashes to
//                        <shard> (0-7: 8 shards): one key's notes always share a subject,
//                        so a subject filter selects a slice of the key space
//   ct.fleet.p.<p>       chains partition <p> holds (parts), then its control piece: the input
//                        sequence it answers, the previous one of that partition (`prev`), the
//                        event-time progress, and how many pieces of each kind belong to it
// The control piece closes the set: the fleet stage applies an input's pieces only once all of
// them and every earlier input of that partition (the `prev` chain) are there, so a piece that
// lands late (a publish retried after a timeout) or twice changes nothing (see fleet-order.ts).
import type { Note } from './partition-runner.js';
import { bucketOf } from './partitioner.js';

export const KEY_SHARDS = 8;

export const keySubject = (shard: number): string => `ct.fleet.k.${shard.toString(16)}`;
export const partSubject = (p: number): string => `ct.fleet.p.${p}`;

/** the shard of (app, key_fp): FNV-1a over both, stable across processes */
export function keyShard(app: string, keyFp: string, shards = KEY_SHARDS): number {
  return bucketOf(`${app}\u0000${keyFp}`, shards);
}

interface PieceBase { p: number; seq: number }
/** key notes of one shard (part `i`) */
export interface KeyPiece extends PieceBase { kind: 'k'; shard: number; i: number; notes: Note[] }
/** held chains, packed (part `i`) */
export interface HeldPiece extends PieceBase { kind: 'h'; i: number; held: Uint8Array[] }
export interface ControlPiece extends PieceBase {
  kind: 'c';
  /** the input sequence this partition processed before `seq` (0: none) */
  prev: number;
  /** event time processed up to (null: end of input); absent: unchanged (an input that was not a batch) */
  progress?: number | null;
  /** parts per kind: 'h' and 'k<shard>' -> count */
  parts: Record<string, number>;
}
export type FleetPiece = KeyPiece | HeldPiece | ControlPiece;

export interface Outgoing { subject: string; piece: FleetPiece; id: string }

/** notes (about 100 bytes each) or held chains in parts of about `bytes`; at least one part */
function chunk<T>(items: T[], size: (x: T) => number, bytes: number): T[][] {
  const parts: T[][] = [];
  let cur: T[] = [], n = 0;
  for (const x of items) {
    const s = size(x);
    if (n > 0 && n + s > bytes) { parts.push(cur); cur = []; n = 0; }
    cur.push(x);
    n += s;
  }
  if (cur.length) parts.push(cur);
  return parts;
}

/** the pieces of one input's fleet output, control last; ids are deterministic (f<p>-<seq>...)
 *  so a replayed output is dropped by the stream's duplicate window */
export function fleetPieces(o: { p: number; seq: number; prev: number; notes: Note[]; held: Uint8Array[]; progress?: number | null }, bytes: number): Outgoing[] {
  const { p, seq } = o;
  const out: Outgoing[] = [];
  const parts: Record<string, number> = {};
  const byShard = new Map<number, Note[]>();
  for (const n of o.notes) {
    const s = keyShard(n[0], n[1]);
    let l = byShard.get(s);
    if (!l) byShard.set(s, (l = []));
    l.push(n);
  }
  for (const s of [...byShard.keys()].sort((a, b) => a - b)) {
    const chunks = chunk(byShard.get(s)!, () => 100, bytes);
    parts[`k${s}`] = chunks.length;
    chunks.forEach((notes, i) => out.push({ subject: keySubject(s), piece: { kind: 'k', p, seq, shard: s, i, notes }, id: `f${p}-${seq}-k${s}-${i}` }));
  }
  const held = chunk(o.held, (h) => h.length + 16, bytes);
  if (held.length) parts.h = held.length;
  held.forEach((h, i) => out.push({ subject: partSubject(p), piece: { kind: 'h', p, seq, i, held: h }, id: `f${p}-${seq}-h${i}` }));
  const control: ControlPiece = { kind: 'c', p, seq, prev: o.prev, parts, ...(o.progress !== undefined ? { progress: o.progress } : {}) };
  out.push({ subject: partSubject(p), piece: control, id: `f${p}-${seq}` });
  return out;
}
