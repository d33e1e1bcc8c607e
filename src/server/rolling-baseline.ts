// The server's rolling app baseline: one baseline per UTC day of event time, the last
// BASELINE_DAYS days kept (in SQLite and in memory), their merge is the fleet baseline the
// inventory routes read. Bounded: days past the span are dropped; each day is capped per app
// like `ciphertrail baseline`. Merging days gives what one run over them would (merge.ts).
import type { Accepted } from '../model/index.js';
import { BaselineAccumulator, emptyBaseline, mergeBaselines, parseBaseline, serializeBaseline, type Baseline } from '../baseline/index.js';
import type { BaselineStore } from '../store/baseline-store.js';

export const BASELINE_DAYS = 7;
const DAY = 86_400_000;

export class RollingBaseline {
  private readonly days = new Map<number, Baseline>();
  /** app.state per (device, app) across batches: the context of the next send */
  private readonly states = new Map<string, string>();
  private merged: Baseline | undefined;

  constructor(private readonly store: BaselineStore, private readonly now: () => number, private readonly span = BASELINE_DAYS, log: (l: string) => void = () => {}) {
    for (const d of store.days()) {
      const r = parseBaseline(d.json, `baseline_days[${d.day}]`);
      if (r.value) this.days.set(d.day, r.value);
      else log(`ciphertrail: stored baseline of day ${d.day} is unreadable and is ignored (${r.issues[0]?.message})`);
    }
  }

  /** learn from committed events (arrival order) */
  feed(xs: readonly Accepted[]): void {
    if (xs.length === 0) return;
    // a loop, not Math.max(...): a batch may hold more events than the engine takes arguments
    let newest = -Infinity;
    for (const day of this.days.keys()) if (day > newest) newest = day;
    for (const x of xs) { const day = Math.floor(x.ts / DAY); if (day > newest) newest = day; }
    const keepFrom = newest - this.span + 1;
    const byDay = new Map<number, BaselineAccumulator>();
    for (const x of xs) {
      const day = Math.floor(x.ts / DAY);
      if (day < keepFrom) continue;
      let acc = byDay.get(day);
      if (!acc) { acc = new BaselineAccumulator({}, this.states); byDay.set(day, acc); }
      acc.push(x);
    }
    const touched: { day: number; json: string }[] = [];
    for (const [day, acc] of byDay) {
      const b = mergeBaselines(this.days.get(day) ?? emptyBaseline(), acc.result());
      this.days.set(day, b);
      touched.push({ day, json: serializeBaseline(b) });
    }
    for (const day of [...this.days.keys()]) if (day < keepFrom) this.days.delete(day);
    this.store.save(touched, keepFrom, this.now());
    this.merged = undefined;
  }

  /** the merge of the kept days */
  current(): Baseline {
    if (!this.merged) {
      let b = emptyBaseline();
      for (const day of [...this.days.keys()].sort((x, y) => x - y)) b = mergeBaselines(b, this.days.get(day)!);
      this.merged = b;
    }
    return this.merged;
  }

  get dayCount(): number { return this.days.size; }
}
