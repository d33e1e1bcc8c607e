// Second-stage aggregate across devices: which devices used the same key_fp for the same package.
// One key on many devices means the key ships inside the app (hard-coded), whatever the sensor
// said about its origin. Entries idle past the horizon are evicted, so memory follows live keys.

export class FleetKeys {
  private readonly byKey = new Map<string, Map<string, number>>();

  constructor(readonly horizon: number) {}

  private static id(app: string, keyFp: string): string { return app + '\u0000' + keyFp; }

  note(app: string, keyFp: string, device: string, ts: number): void {
    const k = FleetKeys.id(app, keyFp);
    let devices = this.byKey.get(k);
    if (!devices) this.byKey.set(k, (devices = new Map()));
    const prev = devices.get(device);
    if (prev === undefined || ts > prev) devices.set(device, ts);
  }

  /** devices whose last use of this (app, key) falls in [from, to] */
  devices(app: string, keyFp: string, from: number, to: number): string[] {
    const devices = this.byKey.get(FleetKeys.id(app, keyFp));
    if (!devices) return [];
    const out: string[] = [];
    for (const [d, ts] of devices) if (ts >= from && ts <= to) out.push(d);
    return out.sort();
  }

  /** keeps two horizons: a chain held for one horizon still sees the horizon before it began */
  evict(now: number): void {
    for (const [k, devices] of this.byKey) {
      for (const [d, ts] of devices) if (ts < now - 2 * this.horizon) devices.delete(d);
      if (devices.size === 0) this.byKey.delete(k);
    }
  }

  get size(): number { return this.byKey.size; }
}
