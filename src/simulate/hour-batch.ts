// One hour of fleet output waiting to be ordered: whole JSON lines (serialised per device-hour,
// so the event objects die young) with their arrival keys.
export class HourBatch {
  lines: string[] = [];
  keys: number[] = [];

  get length(): number { return this.lines.length; }

  push(line: string, key: number): void {
    this.lines.push(line); this.keys.push(key);
  }

  /** indexes in arrival order; ties keep generation order */
  order(): Uint32Array {
    const idx = new Uint32Array(this.lines.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    const k = this.keys;
    idx.sort((a, b) => k[a] - k[b] || a - b);
    return idx;
  }
}
