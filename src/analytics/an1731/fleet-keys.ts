// Second-stage aggregate across devices: which devices used the same key_fp for the same package.
// One key on many devices means the key ships inside the app (hard-coded), whatever the sensor
// said about its origin. Per device the index keeps the spans of event time in which it used the
// key (uses less than a horizon apart join one span), not only its last use: a question about a
// range then has the same answer whenever it is asked, so a chain finalized late (a partition that
// ran behind, a sweep that came later) counts the same devices. Spans idle past two horizons are
// evicted, so memory follows live keys. Keys on two devices or more are indexed per app: the
// facets ask about those only.

export type Span = [from: number, to: number];

export class FleetKeys {
  /** app -> key_fp -> device -> spans, ascending, more than `gap` apart */
  private readonly byApp = new Map<string, Map<string, Map<string, Span[]>>>();
  /** app -> keys noted on two devices or more */
  private readonly multi = new Map<string, Set<string>>();
  private readonly gap: number;

  // (a gap of one horizon: every range asked about is at least a horizon long, so none fits in a gap)
  constructor(readonly horizon: number) { this.gap = horizon; }

  /** a device used the key at `first` (and up to `last`) */
  note(app: string, keyFp: string, device: string, first: number, last = first): void {
    let keys = this.byApp.get(app);
    if (!keys) this.byApp.set(app, (keys = new Map()));
    let devices = keys.get(keyFp);
    if (!devices) keys.set(keyFp, (devices = new Map()));
    let spans = devices.get(device);
    if (!spans) {
      devices.set(device, [[first, last]]);
      if (devices.size === 2) { let m = this.multi.get(app); if (!m) this.multi.set(app, (m = new Set())); m.add(keyFp); }
      return;
    }
    // the common case: a use after the device's last span
    const tail = spans[spans.length - 1];
    if (first >= tail[0]) {
      if (first - tail[1] < this.gap) { if (last > tail[1]) tail[1] = last; return; }
      spans.push([first, last]);
      return;
    }
    spans.push([first, last]);
    merge(spans, this.gap);
  }

  /** the keys of `app` noted on two devices or more (undefined: none) */
  multiDevice(app: string): ReadonlySet<string> | 'all' | undefined { return this.multi.get(app); }

  /** devices that used (app, key) at some moment in [from, to], sorted */
  devices(app: string, keyFp: string, from: number, to: number): string[] {
    const devices = this.byApp.get(app)?.get(keyFp);
    if (!devices) return [];
    const out: string[] = [];
    for (const [d, spans] of devices) if (overlaps(spans, from, to)) out.push(d);
    return out.sort();
  }

  /** how many devices `devices()` would list, counted up to `enough` (no allocation, no sort) */
  countDevices(app: string, keyFp: string, from: number, to: number, enough: number): number {
    const devices = this.byApp.get(app)?.get(keyFp);
    if (!devices) return 0;
    let n = 0;
    for (const spans of devices.values()) if (overlaps(spans, from, to) && ++n >= enough) break;
    return n;
  }

  /** keeps two horizons: a chain held for one horizon still sees the horizon before it began */
  evict(now: number): void {
    const cut = now - 2 * this.horizon;
    for (const [app, keys] of this.byApp) {
      for (const [k, devices] of keys) {
        for (const [d, spans] of devices) {
          if (spans[spans.length - 1][1] < cut) devices.delete(d);
          else if (spans[0][1] < cut) devices.set(d, spans.filter(([, b]) => b >= cut));
        }
        if (devices.size < 2) this.multi.get(app)?.delete(k);
        if (devices.size === 0) keys.delete(k);
      }
      if (keys.size === 0) { this.byApp.delete(app); this.multi.delete(app); }
    }
  }
}

function overlaps(spans: Span[], from: number, to: number): boolean {
  for (let i = spans.length - 1; i >= 0; i--) { const s = spans[i]; if (s[0] <= to && s[1] >= from) return true; if (s[1] < from) return false; }
  return false;
}

/** sorts and joins spans less than `gap` apart, in place */
export function merge(spans: Span[], gap: number): void {
  spans.sort((x, y) => x[0] - y[0]);
  let w = 0;
  for (let i = 1; i < spans.length; i++) {
    const cur = spans[w], nx = spans[i];
    if (nx[0] - cur[1] < gap) cur[1] = Math.max(cur[1], nx[1]);
    else spans[++w] = nx;
  }
  spans.length = w + 1;
}
