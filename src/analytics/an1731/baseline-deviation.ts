// The app's own fleet baseline as a judge of fit (detect --baseline): a chain doing what the app
// was never seen doing on other devices (a destination, a key origin, a data category, a send in
// background, a signer) is inconsistent with it; a chain that matches the norm of an app seen on
// many devices is the fleet's ordinary behaviour and scores lower (never below the floors that
// signer mismatch and critical evidence require: scoring.ts applies those last).
import type { Baseline, AppBaseline, CappedField } from '../../baseline/types.js';
import { APP_DEVICES_K, VALUE_DEVICES_K } from '../../baseline/types.js';
import { hashId, sketchCount, sketchHasOther } from '../../baseline/sketch.js';
import { HIDDEN_SEND_CONTEXTS } from '../../baseline/summary.js';

/** an app's baseline judges a chain only when it covers at least this many other devices */
export const BASELINE_MIN_OTHER_DEVICES = 2;
/** a chain matching the norm of an app seen on at least this many devices is scored lower */
export const FLEET_NORM_MIN_DEVICES = 5;
export const FLEET_NORM_FACTOR = 0.7;


export class BaselineIndex {
  private readonly devHash = new Map<string, string>();
  constructor(private readonly b: Baseline) {}

  private hashOf(device: string): string {
    let h = this.devHash.get(device);
    if (h === undefined) {
      h = hashId(device);
      if (this.devHash.size >= 65_536) this.devHash.clear(); // bounded: a cache, not state
      this.devHash.set(device, h);
    }
    return h;
  }

  /** the app's baseline when it covers enough devices other than `device` to judge it */
  judgeable(app: string, device: string): AppBaseline | undefined {
    const a = this.b.apps[app];
    if (!a) return undefined;
    const h = this.hashOf(device);
    const others = a.devices.length - (a.devices.includes(h) ? 1 : 0);
    return others >= BASELINE_MIN_OTHER_DEVICES || a.devices.length >= APP_DEVICES_K ? a : undefined;
  }

  /** `value` was seen for the app on a device other than `device` (or may have been, past a cap) */
  seenElsewhere(f: CappedField, value: string, device: string): boolean {
    const s = f.values[value];
    if (s) return sketchHasOther(s.devices, this.hashOf(device), VALUE_DEVICES_K);
    if (f.truncated === 0) return false;
    let max = '';
    for (const k of Object.keys(f.values)) if (k > max) max = k;
    return value < max ? false : true;
  }

  /** a send out of the foreground was seen for the app on another device */
  hiddenSendsElsewhere(a: AppBaseline, device: string): boolean {
    for (const c of Object.keys(a.fields.send_contexts.values)) if (HIDDEN_SEND_CONTEXTS.has(c) && this.seenElsewhere(a.fields.send_contexts, c, device)) return true;
    return false;
  }

  /** how many devices the app's baseline covers */
  devices(a: AppBaseline): number { return sketchCount(a.devices, APP_DEVICES_K); }
}
