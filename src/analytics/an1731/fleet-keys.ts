// Second-stage aggregate across devices: which devices used the same key_fp for the same package.
// One key on many devices means the key ships inside the app (hard-coded), whatever the sensor
// said about its origin. Entries idle past the horizon are evicted, so memory follows live keys.

export class FleetKeys {
  /** app -> key_fp -> device -> last use */
  private readonly byApp = new Map<string, Map<string, Map<string, number>>>();

  constructor(readonly horizon: number) {}

  note(app: string, keyFp: string, device: string, ts: number): void {
    let keys = this.byApp.get(app);
    if (!keys) this.byApp.set(app, (keys = new Map()));
    let devices = keys.get(keyFp);
    if (!devices) keys.set(keyFp, (devices = new Map()));
    const prev = devices.get(device);
    if (prev === undefined || ts > prev) devices.set(device, ts);
  }

  /** devices whose last use of this (app, key) falls in [from, to] */
  devices(app: string, keyFp: string, from: number, to: number): string[] {
    const devices = this.byApp.get(app)?.get(keyFp);
    if (!devices) return [];
    const out: string[] = [];
    for (const [d, ts] of devices) if (ts >= from && ts <= to) out.push(d);
    return out.sort();
  }

  /** how many devices `devices()` would list, counted up to `enough` (no allocation, no sort) */
  countDevices(app: string, keyFp: string, from: number, to: number, enough: number): number {
    const devices = this.byApp.get(app)?.get(keyFp);
    if (!devices) return 0;
    let n = 0;
    for (const ts of devices.values()) if (ts >= from && ts <= to && ++n >= enough) break;
    return n;
  }

  /** keeps two horizons: a chain held for one horizon still sees the horizon before it began */
  evict(now: number): void {
    for (const [app, keys] of this.byApp) {
      for (const [k, devices] of keys) {
        for (const [d, ts] of devices) if (ts < now - 2 * this.horizon) devices.delete(d);
        if (devices.size === 0) keys.delete(k);
      }
      if (keys.size === 0) this.byApp.delete(app);
    }
  }
}
