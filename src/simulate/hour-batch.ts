// One hour of fleet output waiting to be merged. Device-hours arrive packed (one joined string
// each plus line lengths): a few hundred retained strings per hour instead of tens of thousands
// keeps the garbage collector out of the way. Lines are sliced out in arrival-key order.
import type { PackedHour } from './fleet-slice.js';

export class HourBatch {
  private readonly texts: string[] = [];
  private tix: number[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  keys: number[] = [];

  get length(): number { return this.keys.length; }

  /** lines (each becomes its own text; used for the few events carried into the next hour) */
  pushLines(lines: string[], keys: number[]): void {
    for (let i = 0; i < lines.length; i++) {
      this.tix.push(this.texts.length); this.starts.push(0); this.ends.push(lines[i].length); this.keys.push(keys[i]);
      this.texts.push(lines[i]);
    }
  }

  pushPacked(p: PackedHour): void {
    let li = 0;
    for (let t = 0; t < p.texts.length; t++) {
      const ti = this.texts.length;
      this.texts.push(p.texts[t]);
      let pos = 0;
      for (let n = p.counts[t]; n > 0; n--, li++) {
        const end = pos + p.lens[li];
        this.tix.push(ti); this.starts.push(pos); this.ends.push(end); this.keys.push(p.keys[li]);
        pos = end + 1;
      }
    }
  }

  line(i: number): string {
    return this.texts[this.tix[i]].slice(this.starts[i], this.ends[i]);
  }

  /** indexes in arrival order; ties keep insertion order (carried lines, then device order, then ts order) */
  order(): Uint32Array {
    const idx = new Uint32Array(this.keys.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    const k = this.keys;
    idx.sort((a, b) => k[a] - k[b] || a - b);
    return idx;
  }
}
