// Exact cross-partition key counts, publisher side. A partition's engine asks, at each moment t of
// a chain, how many devices used its key in [t - horizon, t]; `detect` answers from every device,
// a partition only from its own. The publisher reads the whole input in one order, so it can say
// which devices used which key before any line it sends: it extracts the key uses (the encrypt ops
// the engine would note: a key_fp, and no key born on the device) and publishes them on CT_USES
// before the batches that follow them; each batch names the last uses message it depends on
// (Ct-Uses). A worker applies a batch only once it has read that far (foreign-uses.ts).
import { TYPE_CODES, type CryptoKeyEvent, type CryptoOpEvent } from '../model/index.js';
import { acceptLine, LineEvent } from '../normalize/accept-line.js';
import { ReorderBuffer } from '../analytics/index.js';
import type { Accepted } from '../model/index.js';

/** uses of one key on one device less than this apart travel as one span: exact for every
 *  question about a window of at least this length (time windows are minutes) */
export const SPAN_GAP_MS = 10_000;

/** a device's uses of a key: [app, key_fp, device, first, last] */
export type UseSpan = [app: string, keyFp: string, device: string, first: number, last: number];

const K_OP = TYPE_CODES.get('crypto.op')!;
const K_KEY = TYPE_CODES.get('crypto.key')!;
/** origins of keys made on the device: never shipped in an APK, so the engine does not note them */
const BORN = new Set(['generated', 'keystore', 'remote']);
/** the engine's rule for key records (keyHorizonsOf): present for `used` after the last use, for
 *  `announced` after the announcement while no op used the key */
export interface KeyHorizons { used: number; announced: number }

/** what the extractor needs of the workers: their key horizons and their lateness */
export interface ExactKeys extends KeyHorizons { lateness: number }

/** an announced key as the engine keeps its record */
interface Announced { born: boolean; lastUse: number; used: boolean }

export class KeyUseExtractor {
  /** app \0 key_fp \0 device -> use times since the last take */
  private pending = new Map<string, number[]>();
  /** app \0 key_fp \0 device -> the announcement */
  private readonly born = new Map<string, Announced>();
  private newest = -Infinity;
  private lastSweep = -Infinity;
  /** crypto events put in the engines' canonical order (input arrives up to the lateness out of
   *  order: an op read before the announcement of its key, which the engines see first, would be
   *  counted as a use of a key not born on the device) */
  private readonly order: ReorderBuffer;
  private readonly apply = (e: Accepted) => this.canonical(e as LineEvent);

  /** the horizons of the workers' policy and their lateness (same rule, same answers as their engines) */
  constructor(private readonly h: ExactKeys) { this.order = new ReorderBuffer(h.lateness); }

  /** the record as the engine reads it at `ts`, or undefined when past its horizon */
  private visible(id: string, ts: number): Announced | undefined {
    const a = this.born.get(id);
    return a !== undefined && a.lastUse >= ts - (a.used ? this.h.used : this.h.announced) ? a : undefined;
  }

  /** one input line, as the worker will accept it (same validation: a rejected line adds nothing) */
  line(text: string, file: string, lineNo: number): void {
    // most lines are not crypto: one substring test instead of a parse
    if (!text.includes('"crypto.')) return;
    const e = acceptLine(text, file, lineNo);
    if (e instanceof LineEvent) this.event(e);
  }

  event(e: LineEvent): void {
    if (e.app === undefined || (e.kind !== K_OP && e.kind !== K_KEY)) return;
    // (later than the lateness: the engines take it at once, out of order, and so does this)
    if (this.order.isLate(e)) { this.canonical(e); return; }
    this.order.push(e);
    this.order.drain(this.apply);
  }

  private canonical(e: LineEvent): void {
    const ts = e.ts;
    if (ts > this.newest) this.newest = ts;
    if (e.kind === K_KEY) {
      const k = e.event as CryptoKeyEvent;
      const id = `${e.app}\u0000${k.key_fp}\u0000${e.device}`, prev = this.visible(id, ts);
      this.born.set(id, { born: k.hw_backed === true || BORN.has(k.origin ?? 'unknown'), lastUse: prev && prev.lastUse > ts ? prev.lastUse : ts, used: prev?.used === true });
    } else {
      const op = e.event as CryptoOpEvent;
      if (op.dir === 'decrypt' || !op.key_fp) return;
      const id = `${e.app}\u0000${op.key_fp}\u0000${e.device}`;
      const b = this.visible(id, ts);
      if (b !== undefined) { if (ts > b.lastUse) b.lastUse = ts; b.used = true; if (b.born) return; }
      const times = this.pending.get(id);
      if (times === undefined) this.pending.set(id, [ts]); else times.push(ts);
    }
    if (this.newest - this.lastSweep >= this.h.used) this.sweep();
  }

  /** spans ready to go (`all`: with the crypto events still being put in order) */
  size(all = false): number { return this.pending.size + (all ? this.order.size : 0); }

  /** the uses since the last take, as spans (uses less than SPAN_GAP_MS apart merged): those the
   *  lateness has put in order, or (`all`: an idle tick, the end of input) every one read */
  take(all = false): UseSpan[] {
    if (all) this.order.flush(this.apply);
    const out: UseSpan[] = [];
    for (const [id, times] of this.pending) {
      const [app, fp, device] = id.split('\u0000');
      times.sort((a, b) => a - b);
      let first = times[0], last = times[0];
      for (let i = 1; i < times.length; i++) {
        if (times[i] - last > SPAN_GAP_MS) { out.push([app, fp, device, first, last]); first = times[i]; }
        last = times[i];
      }
      out.push([app, fp, device, first, last]);
    }
    this.pending = new Map();
    return out;
  }

  private sweep(): void {
    this.lastSweep = this.newest;
    // (gone for every question still to come: input arrives out of order by less than a window)
    const margin = this.h.used;
    for (const [id, b] of this.born) if (b.lastUse < this.newest - (b.used ? this.h.used : this.h.announced) - margin) this.born.delete(id);
  }
}
