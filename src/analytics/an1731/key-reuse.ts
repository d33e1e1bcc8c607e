// Facet 2, key reuse: one key encrypting again and again inside the window, or a key that is
// locally accessible (literal, derived from device ids, stored in prefs/assets) and so readable by
// anyone holding the APK or the device. Hardware-backed Keystore keys are neither.
import type { FacetExplanation, KeyOrigin } from '../../model/index.js';
import type { ChainView, Analysis } from './chain-view.js';
import { shortFp } from './units.js';

export const LOCAL_ORIGINS: ReadonlySet<KeyOrigin> = new Set(['literal', 'derived', 'stored']);

export interface KeyFinding {
  key_fp: string;
  alg: string;
  origin: KeyOrigin;
  hw_backed: boolean;
  uses: number;
  kdf?: string;
  devices: number;
  strength: number;
}

function judgeKey(f: Omit<KeyFinding, 'strength'>, threshold: number, allowed: boolean): number {
  if (f.hw_backed || f.origin === 'keystore') return 0;
  const local = LOCAL_ORIGINS.has(f.origin);
  const reused = f.uses >= threshold;
  let s = 0;
  if (local) s = reused ? 1 : 0.6;
  else if (reused) s = allowed ? 0 : 0.4; // a session key reused is normal for a protocol the app is allowed to run
  if (f.devices >= 2) s = 1;                // same key on several devices: shipped in the APK
  return s;
}

export function keyFindings(v: ChainView, a: Analysis): KeyFinding[] {
  const uses = new Map<string, number>();
  for (const op of v.encrypts) if (op.key_fp) uses.set(op.key_fp, (uses.get(op.key_fp) ?? 0) + 1);
  const allowed = a.inventory.isAllowedCrypto(v.ctx.app);
  const threshold = a.policy.thresholds.key_reuse_threshold;
  const out: KeyFinding[] = [];
  for (const [key_fp, n] of uses) {
    const rec = v.ctx.keys.get(key_fp);
    const base = {
      key_fp, uses: n,
      alg: rec?.alg ?? v.encrypts.find((o) => o.key_fp === key_fp)!.alg,
      origin: rec?.origin ?? 'unknown' as KeyOrigin,
      hw_backed: rec?.hw_backed ?? false,
      ...(rec?.kdf ? { kdf: rec.kdf } : {}),
      // (a count: the list itself is sorted strings, ~30 µs for a key on 200 devices)
      devices: Math.max(1, a.fleetKeys.countDevices(v.ctx.app, key_fp, v.t - a.fleetKeys.horizon, v.t, Infinity)),
    };
    out.push({ ...base, strength: judgeKey(base, threshold, allowed) });
  }
  // strongest first, then by fingerprint for a stable order
  return out.sort((x, y) => y.strength - x.strength || y.uses - x.uses || (x.key_fp < y.key_fp ? -1 : 1));
}

export function keyReuseFacet(v: ChainView, a: Analysis): FacetExplanation | undefined {
  const keys = keyFindings(v, a);
  if (keys.length === 0) return undefined;
  const top = keys[0];
  const threshold = a.policy.thresholds.key_reuse_threshold;
  const why: string[] = [];
  const origin = top.hw_backed ? 'hardware-backed Keystore' : top.origin;
  why.push(`key ${shortFp(top.key_fp)}… (${top.alg}, origin ${origin}${top.kdf ? ', ' + top.kdf : ''}) used ${top.uses}× within the window (KeyReuseThreshold ${threshold})`);
  if (LOCAL_ORIGINS.has(top.origin)) why.push('locally accessible key: recoverable from the APK or device');
  if (top.hw_backed || top.origin === 'keystore') why.push('hardware-backed Keystore key: not suspicious');
  if (top.devices >= 2) why.push(`same key used by this package on ${top.devices} devices: hard-coded`);
  return {
    strength: top.strength,
    why: why.join('; '),
    key_fp: top.key_fp,
    uses: top.uses,
    threshold,
    origin: top.origin,
    hw_backed: top.hw_backed,
    locally_accessible: LOCAL_ORIGINS.has(top.origin),
    devices_with_key: top.devices,
    keys: keys.map((k) => ({ key_fp: k.key_fp, alg: k.alg, origin: k.origin, uses: k.uses, devices: k.devices })),
  };
}
