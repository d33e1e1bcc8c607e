// The fleet stage's key index: per (app, key_fp, device), the event-time spans in which the device
// used the key, not only its last use. A held chain counts the devices that used its key in
// [firstTs - horizon, lastTs + horizon]; with last uses only, a device of a partition that had run
// ahead (its last use already past the range) dropped out, so the count depended on how far the
// other partitions had got when the chain was finalized. With spans it does not: the same input
// gives the same count whatever the arrival order.
//
// Spans stay exact for these questions: every range asked about is at least two horizons long, so
// two spans less than two horizons apart can be merged (no range fits in the gap), and a note's
// own span (first..last use within one fleet message) is far shorter than that.
import { registerSnapshotClass, mergeSpans as merge, type Span } from '../analytics/index.js';

export type { Span };

export class FleetUses {
  /** app -> key_fp -> device -> spans, ascending, more than `gap` apart */
  private readonly byApp = new Map<string, Map<string, Map<string, Span[]>>>();
  private readonly gap: number;

  constructor(readonly horizon: number) { this.gap = 2 * horizon; }

  note(app: string, keyFp: string, device: string, first: number, last: number): void {
    let keys = this.byApp.get(app);
    if (!keys) this.byApp.set(app, (keys = new Map()));
    let devices = keys.get(keyFp);
    if (!devices) keys.set(keyFp, (devices = new Map()));
    let spans = devices.get(device);
    if (!spans) devices.set(device, (spans = []));
    spans.push([first, last]);
    if (spans.length > 1) merge(spans, this.gap);
  }

  /** devices that used (app, key) at some moment in [from, to] */
  devices(app: string, keyFp: string, from: number, to: number): string[] {
    const devices = this.byApp.get(app)?.get(keyFp);
    if (!devices) return [];
    const out: string[] = [];
    for (const [d, spans] of devices) if (spans.some(([a, b]) => a <= to && b >= from)) out.push(d);
    return out.sort();
  }

  /** keeps two horizons, as the engine's index does */
  evict(now: number): void {
    for (const [app, keys] of this.byApp) {
      for (const [k, devices] of keys) {
        for (const [d, spans] of devices) {
          const keep = spans.filter(([, b]) => b >= now - this.gap);
          if (keep.length === 0) devices.delete(d);
          else if (keep.length !== spans.length) devices.set(d, keep);
        }
        if (devices.size === 0) keys.delete(k);
      }
      if (keys.size === 0) this.byApp.delete(app);
    }
  }
}

registerSnapshotClass(FleetUses);
