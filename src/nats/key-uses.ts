// Exact cross-partition key counts, publisher side. A partition's engine asks, at each moment t of
// a chain, how many devices used its key in [t - horizon, t]; `detect` answers from every device,
// a partition only from its own. The publisher reads the whole input in one order, so it can say
// which devices used which key before any line it sends: it extracts the key uses (the encrypt ops
// the engine would note: a key_fp, and no key born on the device) and publishes them on CT_USES
// before the batches that follow them; each batch names the last uses message it depends on
// (Ct-Uses). A worker applies a batch only once it has read that far (foreign-uses.ts).
import { TYPE_CODES, type CryptoKeyEvent, type CryptoOpEvent } from '../model/index.js';
import { acceptLine, LineEvent } from '../normalize/accept-line.js';

/** uses of one key on one device less than this apart travel as one span: exact for every
 *  question about a window of at least this length (time windows are minutes) */
export const SPAN_GAP_MS = 10_000;

/** a device's uses of a key: [app, key_fp, device, first, last] */
export type UseSpan = [app: string, keyFp: string, device: string, first: number, last: number];

const K_OP = TYPE_CODES.get('crypto.op')!;
const K_KEY = TYPE_CODES.get('crypto.key')!;
/** origins of keys made on the device: never shipped in an APK, so the engine does not note them */
const BORN = new Set(['generated', 'keystore', 'remote']);
/** a key announcement is remembered this long after its last use (the engine's record lives
 *  window + lateness: a born key used again after an idle longer than that differs, which can
 *  matter only if another device had the same fingerprint) */
const BORN_TTL_MS = 3_600_000;

export class KeyUseExtractor {
  /** app \0 key_fp \0 device -> use times since the last take */
  private pending = new Map<string, number[]>();
  /** app \0 key_fp \0 device -> [born on the device, last seen] */
  private readonly born = new Map<string, [boolean, number]>();
  private newest = -Infinity;
  private lastSweep = -Infinity;

  /** one input line, as the worker will accept it (same validation: a rejected line adds nothing) */
  line(text: string, file: string, lineNo: number): void {
    // most lines are not crypto: one substring test instead of a parse
    if (!text.includes('"crypto.')) return;
    const e = acceptLine(text, file, lineNo);
    if (e instanceof LineEvent) this.event(e);
  }

  event(e: LineEvent): void {
    if (e.app === undefined || (e.kind !== K_OP && e.kind !== K_KEY)) return;
    const ts = e.ts;
    if (ts > this.newest) this.newest = ts;
    if (e.kind === K_KEY) {
      const k = e.event as CryptoKeyEvent;
      this.born.set(`${e.app}\u0000${k.key_fp}\u0000${e.device}`, [k.hw_backed === true || BORN.has(k.origin ?? 'unknown'), ts]);
    } else {
      const op = e.event as CryptoOpEvent;
      if (op.dir === 'decrypt' || !op.key_fp) return;
      const id = `${e.app}\u0000${op.key_fp}\u0000${e.device}`;
      const b = this.born.get(id);
      if (b !== undefined) { if (ts > b[1]) b[1] = ts; if (b[0]) return; }
      const times = this.pending.get(id);
      if (times === undefined) this.pending.set(id, [ts]); else times.push(ts);
    }
    if (this.newest - this.lastSweep >= BORN_TTL_MS) this.sweep();
  }

  get size(): number { return this.pending.size; }

  /** the uses since the last take, as spans (uses less than SPAN_GAP_MS apart merged) */
  take(): UseSpan[] {
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
    for (const [id, b] of this.born) if (b[1] < this.newest - BORN_TTL_MS) this.born.delete(id);
  }
}
