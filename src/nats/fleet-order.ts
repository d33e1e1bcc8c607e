// Puts fleet pieces back in each partition's order. Pieces of one input travel on several
// subjects and are published pipelined, so they can arrive in any order, late (a publish retried
// after a timeout) or twice (a replacement worker replaying past its checkpoint, a retry after
// the duplicate window). An input is released once its control piece and every part it counts
// are there and the partition's previous input (the control's `prev`) was released; whatever
// belongs to an input already released is dropped. So the fleet stage sees every partition's
// notes, held chains and progress exactly once, in the partition's order.
import type { ControlPiece, FleetPiece, HeldPiece, KeyPiece } from './fleet-messages.js';

interface Pending { control?: ControlPiece; pieces: Map<string, KeyPiece | HeldPiece> }

/** one input of a partition, complete: notes by shard then part, held chains by part */
export interface Released { p: number; seq: number; notes: KeyPiece['notes']; held: Uint8Array[]; progress?: number | null }

export interface OrderState {
  /** per partition: the input sequence released last (0: none) */
  last: number[];
  /** per partition: input sequence -> what arrived of it */
  pending: Map<number, Pending>[];
  /** pieces dropped as already released (duplicates, replays) */
  dropped: number;
}

export function newOrderState(partitions: number): OrderState {
  return { last: new Array<number>(partitions).fill(0), pending: Array.from({ length: partitions }, () => new Map()), dropped: 0 };
}

const pieceKey = (x: KeyPiece | HeldPiece): string => (x.kind === 'k' ? `k${x.shard}.${x.i}` : `h.${x.i}`);

/** adds one piece; returns the inputs it completed, in the partition's order */
export function accept(s: OrderState, x: FleetPiece): Released[] {
  if (x.p < 0 || x.p >= s.last.length) throw new Error(`fleet piece of partition ${x.p}, but there are ${s.last.length} partitions`);
  if (x.seq <= s.last[x.p]) { s.dropped++; return []; }
  const byseq = s.pending[x.p];
  let e = byseq.get(x.seq);
  if (!e) byseq.set(x.seq, (e = { pieces: new Map() }));
  if (x.kind === 'c') { if (e.control) s.dropped++; e.control = x; }
  else { const k = pieceKey(x); if (e.pieces.has(k)) s.dropped++; e.pieces.set(k, x); }
  return release(s, x.p);
}

function complete(e: Pending): boolean {
  if (!e.control) return false;
  let n = 0;
  for (const c of Object.values(e.control.parts)) n += c;
  return e.pieces.size === n;
}

function release(s: OrderState, p: number): Released[] {
  const out: Released[] = [];
  const byseq = s.pending[p];
  for (;;) {
    // the input whose prev is the last released: at most a handful pending, a scan is cheap
    let next: [number, Pending] | undefined;
    for (const kv of byseq) if (kv[1].control?.prev === s.last[p]) { next = kv; break; }
    if (!next || !complete(next[1])) break;
    const [seq, e] = next;
    const c = e.control!;
    const keys = Object.keys(c.parts).filter((k) => k.startsWith('k')).map((k) => Number(k.slice(1))).sort((a, b) => a - b);
    const notes: KeyPiece['notes'] = [];
    // loops, not push(...xs): a piece holds as many notes as fit its bytes, and a spread of that
    // many arguments can overflow the stack
    for (const sh of keys) for (let i = 0; i < c.parts[`k${sh}`]; i++) for (const n of (e.pieces.get(`k${sh}.${i}`) as KeyPiece).notes) notes.push(n);
    const held: Uint8Array[] = [];
    for (let i = 0; i < (c.parts.h ?? 0); i++) for (const h of (e.pieces.get(`h.${i}`) as HeldPiece).held) held.push(h);
    out.push({ p, seq, notes, held, ...('progress' in c ? { progress: c.progress } : {}) });
    byseq.delete(seq);
    s.last[p] = seq;
    // anything left below the new last is a duplicate of a released input
    for (const k of byseq.keys()) if (k <= seq) { byseq.delete(k); s.dropped++; }
  }
  return out;
}

/** inputs waiting for a missing piece or an earlier input, over all partitions */
export function waiting(s: OrderState): number { return s.pending.reduce((n, m) => n + m.size, 0); }
