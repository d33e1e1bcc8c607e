// One hour of fleet output waiting to be merged. Each device-hour arrives as JSON lines in ts
// order and is kept as ONE joined string plus numeric offsets: a few hundred retained strings per
// hour instead of tens of thousands keeps the garbage collector out of the way. Lines are sliced
// out in arrival-key order when the hour is written.
export class HourBatch {
  private readonly texts: string[] = [];
  private tix: number[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  keys: number[] = [];

  get length(): number { return this.keys.length; }

  /** one device-hour: its lines and their arrival keys */
  pushAll(lines: string[], keys: number[]): void {
    if (lines.length === 0) return;
    const t = this.texts.length;
    this.texts.push(lines.join('\n'));
    let pos = 0;
    for (let i = 0; i < lines.length; i++) {
      const end = pos + lines[i].length;
      this.tix.push(t); this.starts.push(pos); this.ends.push(end); this.keys.push(keys[i]);
      pos = end + 1;
    }
  }

  line(i: number): string {
    return this.texts[this.tix[i]].slice(this.starts[i], this.ends[i]);
  }

  /** indexes in arrival order; ties keep insertion order (device order, then ts order) */
  order(): Uint32Array {
    const idx = new Uint32Array(this.keys.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    const k = this.keys;
    idx.sort((a, b) => k[a] - k[b] || a - b);
    return idx;
  }
}
