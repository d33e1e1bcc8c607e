// A chain is one reported finding for an app context: it opens when an evaluation first reaches
// the report floor, grows while evaluations keep reaching it within the time window, and keeps
// its id for its whole life. Exposure counts each event once, all of them; the evidence list keeps
// the first EVIDENCE_CAP refs and counts the rest. A chain takes the window's records that are new
// since it last looked (per kind, from the newest time it took: a cursor), so keeping an open chain
// up to date costs what arrived, not what the window holds.
import { createHash } from 'node:crypto';
import type { Exposure } from '../../model/index.js';
import type { Evaluation } from './evaluate.js';
import type { Window } from './window.js';
import type { StagedArtifact } from './staged-store.js';

export const EVIDENCE_CAP = 256;

/** id = f(device, app, first evidence time): identical for replays and for shuffled input */
export function chainId(device: string, app: string, firstTs: number): string {
  return 'an1731-' + createHash('sha256').update(`${device}\u0000${app}\u0000${firstTs}`).digest('hex').slice(0, 20);
}

interface Cursor { ts: number; refs: string[] }

/** the record at `ts` was not taken yet: moves the cursor past it */
function fresh(c: Cursor, ts: number, ref: string): boolean {
  if (ts > c.ts) { c.ts = ts; c.refs = [ref]; return true; }
  if (ts < c.ts || c.refs.includes(ref)) return false;
  c.refs.push(ref);
  return true;
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
  /** per kind, the newest time taken and the refs taken at that time (records of one millisecond
   *  may arrive across two looks): ops, counted sends, reads and staged files */
  private readonly seenOp: Cursor = { ts: -Infinity, refs: [] };
  private readonly seenSend: Cursor = { ts: -Infinity, refs: [] };
  private readonly seenRead: Cursor = { ts: -Infinity, refs: [] };
  private readonly seenFile: Cursor = { ts: -Infinity, refs: [] };
  private readonly recalled = new Set<string>();

  readonly firstTs: number;

  constructor(readonly device: string, readonly app: string, first: Evaluation, w: Window, staging: boolean) {
    this.best = first;
    this.lastTs = first.t;
    this.absorbWindow(first, w, staging);
    // the id comes from the window's own evidence: a staged file recalled from before the window
    // may belong to a chain already reported (an encrypt-only judgement), which has its own id
    this.id = chainId(device, app, this.evidenceFirstTs);
    this.absorbRecalled(w);
    this.firstTs = this.evidenceFirstTs;
  }

  /** a record new to the chain joins its evidence (or is counted past the cap) */
  private take(ref: string, ts: number): void {
    if (ts > this.lastTs) this.lastTs = ts;
    if (this.evidence.size >= EVIDENCE_CAP) { if (!this.evidence.has(ref)) this.evidenceDropped++; return; }
    this.evidence.set(ref, ts);
  }

  /** the window's records new since the last look; reads and staged files once staging is shown */
  absorb(e: Evaluation, w: Window, staging: boolean): void {
    this.absorbWindow(e, w, staging);
    this.absorbRecalled(w);
  }

  private absorbRecalled(w: Window): void {
    for (const r of w.recalled) if (!this.recalled.has(r.artifact.ref)) { this.recalled.add(r.artifact.ref); this.takeArtifact(r.artifact); }
  }

  private absorbWindow(e: Evaluation, w: Window, staging: boolean): void {
    const enc = w.encrypts;
    for (let i = Math.max(enc.start, enc.firstAtOrAfter(this.seenOp.ts)); i < enc.end; i++) {
      const ts = enc.ts(i), ref = enc.ref(i);
      if (!fresh(this.seenOp, ts, ref)) continue;
      const fp = enc.keyFp(i);
      if (fp !== undefined) this.keys.add(fp);
      this.take(ref, ts);
      this.exposure.bytes_encrypted += enc.inBytes(i);
    }
    const s = w.sends;
    for (let i = Math.max(w.countedFrom(), s.firstAtOrAfter(this.seenSend.ts)); i < s.end; i++) {
      const ts = s.ts(i), ref = s.ref(i);
      if (ts > e.t) break;
      if (!fresh(this.seenSend, ts, ref)) continue;
      this.take(ref, ts);
      this.destinations.add(s.dest(i));
      this.exposure.bytes_sent += s.bytes(i);
      if (s.unsized(i)) this.exposure.unsized_sends = (this.exposure.unsized_sends ?? 0) + 1;
    }
    if (staging) {
      const reads = w.reads.items;
      let i = reads.length;
      while (i > 0 && reads[i - 1].ts >= this.seenRead.ts) i--;
      for (; i < reads.length; i++) {
        const r = reads[i];
        if (r.ts > e.t) break;
        if (!fresh(this.seenRead, r.ts, r.ref)) continue;
        this.take(r.ref, r.ts);
        this.categories.add(r.category);
        this.exposure.data_items += r.items;
      }
      const files = w.files.items;
      i = files.length;
      while (i > 0 && files[i - 1].ts >= this.seenFile.ts) i--;
      for (; i < files.length; i++) {
        const f = files[i];
        if (!f.staged || !fresh(this.seenFile, f.ts, f.ref)) continue;
        this.take(f.ref, f.ts);
        this.paths.add(f.path);
        this.exposure.bytes_staged += f.bytes;
      }
    }
    if (e.t > this.lastTs) this.lastTs = e.t;
  }

  /** a staged artifact from before the window: its file, its encryption and what went into it */
  private takeArtifact(a: StagedArtifact): void {
    if (a.keyFp !== undefined) this.keys.add(a.keyFp);
    this.take(a.opRef, a.opTs);
    this.exposure.bytes_encrypted += a.inBytes;
    this.take(a.ref, a.ts);
    this.paths.add(a.path);
    this.exposure.bytes_staged += a.bytes;
    a.readRefs.forEach((ref, i) => this.take(ref, a.readTs[i]));
    this.exposure.data_items += a.items;
    for (const c of a.categories) this.categories.add(c);
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
    return m === Infinity ? this.firstTs ?? this.lastTs : m;
  }
}
