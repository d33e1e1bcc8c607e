// A chain is one reported finding for an app context: it opens when an evaluation first reaches
// the report floor, grows while evaluations keep reaching it within the time window, and keeps
// its id for its whole life. Exposure counts each event once.
import { createHash } from 'node:crypto';
import type { Exposure } from '../../model/index.js';
import type { Evaluation } from './evaluate.js';
import { stagedFiles } from './staging.js';
import { destOf } from './app-context.js';
import type { Analysis } from './chain-view.js';

export const EVIDENCE_CAP = 256;

/** id = f(device, app, first evidence time): identical for replays and for shuffled input */
export function chainId(device: string, app: string, firstTs: number): string {
  return 'an1731-' + createHash('sha256').update(`${device}\u0000${app}\u0000${firstTs}`).digest('hex').slice(0, 20);
}

/** An evaluation as a chain keeps it: its view's records are read once, by `absorb`; kept, they
 *  would live as long as the chain (up to the fleet horizon when held) and go into every snapshot */
function withoutRecords(e: Evaluation): Evaluation {
  return { ...e, view: { ...e.view, encrypts: [], reads: [], files: [], sends: [], allSends: [] } };
}

export class Chain {
  readonly id: string;
  lastTs: number;
  best: Evaluation;
  /** versions emitted so far (streaming updates) */
  rev = 0;
  emittedScore = -1;
  readonly evidence = new Map<string, number>();
  evidenceDropped = 0;
  readonly keys = new Set<string>();
  readonly exposure: Exposure = { data_categories: [], data_items: 0, bytes_encrypted: 0, bytes_staged: 0, bytes_sent: 0, destinations: [], staged_paths: [] };
  private readonly categories = new Set<string>();
  private readonly destinations = new Set<string>();
  private readonly paths = new Set<string>();

  readonly firstTs: number;

  constructor(readonly device: string, readonly app: string, first: Evaluation, a: Analysis) {
    this.best = withoutRecords(first);
    this.lastTs = first.t;
    this.absorb(first, a);
    this.firstTs = this.evidenceFirstTs;
    this.id = chainId(device, app, this.firstTs);
  }

  /** true when `ref` is new to the chain (so its figures are counted once) */
  private take(ref: string, ts: number): boolean {
    if (this.evidence.has(ref)) return false;
    if (this.evidence.size >= EVIDENCE_CAP) { this.evidenceDropped++; return false; }
    this.evidence.set(ref, ts);
    if (ts > this.lastTs) this.lastTs = ts;
    return true;
  }

  absorb(e: Evaluation, a: Analysis): void {
    if (e.score >= this.best.score) this.best = withoutRecords(e);
    const v = e.view;
    for (const k of e.keys) this.keys.add(k);
    for (const op of v.encrypts) if (this.take(op.ref, op.ts)) this.exposure.bytes_encrypted += op.in_bytes;
    if (e.facets.staging) {
      for (const r of v.reads) if (r.ts <= e.t && this.take(r.ref, r.ts)) { this.categories.add(r.category); this.exposure.data_items += r.items; }
      for (const f of stagedFiles(v, a)) if (this.take(f.ref, f.ts)) { this.paths.add(f.path); this.exposure.bytes_staged += f.bytes; }
    }
    for (const s of v.sends) if (this.take(s.ref, s.ts)) { this.destinations.add(destOf(s)); this.exposure.bytes_sent += s.bytes; }
    if (e.t > this.lastTs) this.lastTs = e.t;
  }

  exposureSnapshot(): Exposure {
    return {
      ...this.exposure,
      data_categories: [...this.categories].sort(),
      destinations: [...this.destinations].sort(),
      staged_paths: [...this.paths].sort(),
    };
  }

  /** evidence refs in time order */
  evidenceList(): string[] {
    return [...this.evidence].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1)).map(([ref]) => ref);
  }

  get evidenceFirstTs(): number {
    let m = Infinity;
    for (const ts of this.evidence.values()) if (ts < m) m = ts;
    return m === Infinity ? this.firstTs : m;
  }
}
