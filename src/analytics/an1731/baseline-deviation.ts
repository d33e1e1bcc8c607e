// The app's own fleet baseline as a judge of fit (detect --baseline): a chain doing what the app
// was never seen doing on other devices (a destination, a key origin, a data category, a send in
// background, a signer) is inconsistent with it; a chain that matches the norm of an app seen on
// many devices is the fleet's ordinary behaviour and scores lower (never below the floors that
// signer mismatch and critical evidence require: scoring.ts applies those last).
import type { Baseline, AppBaseline, CappedField } from '../../baseline/types.js';
import { APP_DEVICES_K, VALUE_DEVICES_K } from '../../baseline/types.js';
import { hashId, sketchCount, sketchHasOther } from '../../baseline/sketch.js';
import { destinationKey } from '../../baseline/destination.js';
import { HIDDEN_SEND_CONTEXTS, LOCAL_ORIGINS } from '../../baseline/summary.js';
import type { ChainView } from './chain-view.js';
import type { ExecState } from './app-context.js';
import { HIDDEN_STATES } from './exec-state.js';

/** an app's baseline judges a chain only when it covers at least this many other devices */
export const BASELINE_MIN_OTHER_DEVICES = 2;
/** a chain matching the norm of an app seen on at least this many devices is scored lower */
export const FLEET_NORM_MIN_DEVICES = 5;
export const FLEET_NORM_FACTOR = 0.7;

export interface BaselineFinding { code: string; strength: number; why: string }

/** what the app's baseline says of one chain */
export interface BaselineJudgement {
  devices: number;
  findings: BaselineFinding[];
}

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

  private hiddenSendsElsewhere(a: AppBaseline, device: string): boolean {
    for (const c of Object.keys(a.fields.send_contexts.values)) if (HIDDEN_SEND_CONTEXTS.has(c) && this.seenElsewhere(a.fields.send_contexts, c, device)) return true;
    return false;
  }

  /** hot path (every send): does this send depart from the app's baseline? */
  sendDeviates(app: string, device: string, host: string | undefined, ip: string | undefined, exec: ExecState): boolean {
    const a = this.judgeable(app, device);
    if (!a) return false;
    if (!this.seenElsewhere(a.fields.destinations, destinationKey(host, ip), device)) return true;
    return exec.state !== undefined && HIDDEN_STATES.has(exec.state) && !this.hiddenSendsElsewhere(a, device);
  }

  judge(v: ChainView): BaselineJudgement | undefined {
    const { app, device } = v.ctx;
    const a = this.judgeable(app, device);
    if (!a) return undefined;
    const devices = sketchCount(a.devices, APP_DEVICES_K);
    const on = `for ${app} on ${devices} device(s)`;
    const f = a.fields;
    const found: BaselineFinding[] = [];
    const dests = [...new Set(v.sends.map((s) => destinationKey(s.host, s.ip)))].filter((d) => !this.seenElsewhere(f.destinations, d, device)).sort();
    if (dests.length) found.push({ code: 'baseline_destination', strength: 0.5, why: `destination ${dests.join(', ')} never seen ${on}` });
    const origins = new Set<string>();
    for (const o of v.encrypts) { const k = o.key_fp ? v.ctx.keys.get(o.key_fp) : undefined; if (k) origins.add(k.origin); }
    const newOrigins = [...origins].filter((o) => !this.seenElsewhere(f.key_origins, o, device)).sort();
    if (newOrigins.length) found.push({ code: 'baseline_key_origin', strength: newOrigins.some((o) => LOCAL_ORIGINS.has(o)) ? 0.4 : 0.2, why: `key origin ${newOrigins.join(', ')} never seen ${on}` });
    const cats = [...new Set(v.reads.map((r) => r.category))].filter((c) => !this.seenElsewhere(f.data_categories, c, device)).sort();
    if (cats.length) found.push({ code: 'baseline_data_category', strength: 0.3, why: `reads ${cats.join(', ')}, never seen ${on}` });
    const hidden = v.sends.filter((s) => s.exec.state !== undefined && HIDDEN_STATES.has(s.exec.state)).length;
    if (hidden > 0 && !this.hiddenSendsElsewhere(a, device)) found.push({ code: 'baseline_background_send', strength: 0.3, why: `${hidden} send(s) in background, never seen ${on}` });
    const signer = v.ctx.facts.signer?.toLowerCase().replace(/[^0-9a-f]/g, '');
    if (signer && Object.keys(f.signers.values).length > 0 && !this.seenElsewhere(f.signers, signer, device)) {
      found.push({ code: 'baseline_signer', strength: 0.6, why: `signer ${signer.slice(0, 12)}… never seen ${on}` });
    }
    return { devices, findings: found };
  }
}
