// Facet 2, key reuse: one key encrypting again and again inside the window, or a key that is
// locally accessible (literal, derived from device ids, stored in prefs/assets) and so readable by
// anyone holding the APK or the device. Hardware-backed Keystore keys are neither. The same key on
// several devices of one package ships inside the app: the fleet index says so.
import type { FacetExplanation, KeyOrigin } from '../../../model/index.js';
import type { Facet, Sign, UpdateEnv, EvalEnv } from '../facet.js';
import { LOCAL_ORIGINS, type KeyRecord } from '../types.js';
import { shortFp } from '../units.js';

export { LOCAL_ORIGINS };

/** strengths a key can have on one device, by level */
const LEVELS = [0, 0.4, 0.6, 1];

interface KeyUse { uses: number; alg: string; level: number; hw: boolean; open: boolean;
  /** the record a recalled staged file kept, for a key whose own record is past its horizon */
  rec?: KeyRecord }

export interface KeyState {
  keys: Map<string, KeyUse>;
  /** how many keys sit at each level (index in LEVELS) */
  byLevel: [number, number, number, number];
  /** keys that are hardware-backed or Keystore */
  hw: number;
  /** keys that more uses or other devices could make hard-coded: not born on the device (local or
   *  unknown origin) */
  open: number;
}

export interface KeyFinding { key_fp: string; alg: string; origin: KeyOrigin; hw_backed: boolean; uses: number; kdf?: string; devices: number; strength: number }

export interface KeyFigures {
  key_fp: string; uses: number; threshold: number; origin: KeyOrigin; hw_backed: boolean; kdf?: string; alg: string;
  locally_accessible: boolean; devices_with_key: number;
  keys: { key_fp: string; alg: string; origin: KeyOrigin; uses: number; devices: number }[];
}

/** origins of keys made on the device (random, from the network): never shipped in an APK */
const BORN: ReadonlySet<string> = new Set(['generated', 'remote']);

const isHw = (r: KeyRecord | undefined): boolean => r !== undefined && (r.hw_backed || r.origin === 'keystore');

/** a key's strength on this device (devices: how many devices used it) */
export function judgeKey(r: KeyRecord | undefined, uses: number, devices: number, threshold: number, allowed: boolean): number {
  if (isHw(r)) return 0;
  const origin = r?.origin ?? 'unknown';
  const local = LOCAL_ORIGINS.has(origin);
  const reused = uses >= threshold;
  let s = 0;
  if (local) s = reused ? 1 : 0.6;
  else if (reused) s = allowed ? 0 : 0.4; // a session key reused is normal for a protocol the app is allowed to run
  if (devices >= 2) s = 1;                // same key on several devices: shipped in the APK
  return s;
}

const levelOf = (strength: number): number => (strength === 1 ? 3 : strength === 0.6 ? 2 : strength === 0.4 ? 1 : 0);

function relevel(s: KeyState, fp: string, k: KeyUse, x: UpdateEnv, t: number): void {
  const r = x.ctx.key(fp, t) ?? k.rec;
  const level = levelOf(judgeKey(r, k.uses, 1, x.a.policy.thresholds.key_reuse_threshold, x.ctx.allowedCrypto));
  const hw = isHw(r);
  if (hw !== k.hw) { s.hw += hw ? 1 : -1; k.hw = hw; }
  const open = !hw && !(r !== undefined && BORN.has(r.origin));
  if (open !== k.open) { s.open += open ? 1 : -1; k.open = open; }
  if (level === k.level) return;
  if (k.level >= 0) s.byLevel[k.level]--;
  s.byLevel[level]++;
  k.level = level;
}

function use(s: KeyState, fp: string, alg: string, ts: number, sign: Sign, x: UpdateEnv, rec?: KeyRecord): void {
  let k = s.keys.get(fp);
  if (sign > 0) {
    if (!k) s.keys.set(fp, (k = { uses: 0, alg, level: -1, hw: false, open: false }));
    if (rec !== undefined) k.rec = rec;
    k.uses++;
    k.alg = alg; // (the newest op's: rows leave oldest first, so it stays in the window longest)
    relevel(s, fp, k, x, ts);
    return;
  }
  if (!k) return;
  if (--k.uses > 0) { relevel(s, fp, k, x, ts); return; }
  s.keys.delete(fp);
  s.byLevel[k.level]--;
  if (k.hw) s.hw--;
  if (k.open) s.open--;
}

/** devices that used the key around `t` (counted up to `enough`) */
const devicesOf = (x: EvalEnv, fp: string, enough: number) => x.a.fleetKeys.countDevices(x.ctx.app, fp, x.t - x.a.fleetKeys.horizon, x.t, enough);

/** every key of the window with its judgement, strongest first (figures only: O(keys)) */
export function keyFindings(s: KeyState, x: EvalEnv): KeyFinding[] {
  const threshold = x.a.policy.thresholds.key_reuse_threshold;
  const out: KeyFinding[] = [];
  for (const [key_fp, k] of s.keys) {
    const rec = x.ctx.key(key_fp, x.t) ?? k.rec;
    const devices = Math.max(1, devicesOf(x, key_fp, Infinity));
    out.push({
      key_fp, uses: k.uses, alg: rec?.alg ?? k.alg, origin: rec?.origin ?? 'unknown', hw_backed: rec?.hw_backed ?? false,
      ...(rec?.kdf ? { kdf: rec.kdf } : {}), devices,
      strength: judgeKey(rec, k.uses, devices, threshold, x.ctx.allowedCrypto),
    });
  }
  return out.sort((p, q) => q.strength - p.strength || q.uses - p.uses || (p.key_fp < q.key_fp ? -1 : 1));
}

export const keyReuseFacet: Facet<KeyState, KeyFigures> = {
  name: 'key_reuse',
  init: () => ({ keys: new Map(), byLevel: [0, 0, 0, 0], hw: 0, open: 0 }),
  op(s, rows, i, sign, x) {
    const fp = rows.keyFp(i);
    if (fp !== undefined) use(s, fp, rows.alg(i), rows.ts(i), sign, x);
  },
  recalled(s, r, sign, x) {
    if (r.artifact.keyFp !== undefined) use(s, r.artifact.keyFp, r.artifact.alg, r.artifact.opTs, sign, x, r.artifact.key);
  },
  key(s, fp, t, x) {
    const k = s.keys.get(fp);
    if (k) relevel(s, fp, k, x, t);
  },
  ceiling(s, x, flags) {
    // a key born on the device is never on another one: reused, it is 0.4 at most (0 when allowed)
    flags.fleetKey = s.open > 0;
    if (s.open > 0) return 1;
    return s.keys.size > s.hw && !x.ctx.allowedCrypto ? 0.4 : 0;
  },
  strength(s, x, flags) {
    if (s.keys.size === 0) return 0;
    flags.keystoreOnly = s.hw === s.keys.size;
    let level = 3;
    while (level > 0 && s.byLevel[level] === 0) level--;
    // a key noted on another device: only keys the fleet index holds on 2+ devices are asked about
    const multi = x.a.fleetKeys.multiDevice(x.ctx.app);
    let fleetTop: string | undefined;
    if (multi !== undefined) {
      // ('all': the index cannot list them, as when other partitions' uses are counted too)
      for (const fp of multi === 'all' ? s.keys.keys() : multi) {
        const k = s.keys.get(fp);
        if (k === undefined || k.hw || devicesOf(x, fp, 2) < 2) continue;
        if (fleetTop === undefined || better(k, fp, s.keys.get(fleetTop)!, fleetTop)) fleetTop = fp;
      }
    }
    if (fleetTop !== undefined) {
      // the top key (most uses, then fingerprint, among the strongest) decides the fleet bonus
      let top = fleetTop;
      if (s.byLevel[3] > 0) for (const [fp, k] of s.keys) if (k.level === 3 && better(k, fp, s.keys.get(top)!, top)) top = fp;
      flags.fleetKey = top === fleetTop || devicesOf(x, top, 2) >= 2;
      return 1;
    }
    return LEVELS[level];
  },
  figures(s, x) {
    const keys = keyFindings(s, x);
    const top = keys[0];
    return {
      key_fp: top.key_fp, uses: top.uses, threshold: x.a.policy.thresholds.key_reuse_threshold, origin: top.origin,
      hw_backed: top.hw_backed, ...(top.kdf ? { kdf: top.kdf } : {}), alg: top.alg,
      locally_accessible: LOCAL_ORIGINS.has(top.origin), devices_with_key: top.devices,
      keys: keys.map((k) => ({ key_fp: k.key_fp, alg: k.alg, origin: k.origin, uses: k.uses, devices: k.devices })),
    };
  },
  explain(f, strength): FacetExplanation {
    const why: string[] = [];
    const origin = f.hw_backed ? 'hardware-backed Keystore' : f.origin;
    why.push(`key ${shortFp(f.key_fp)}… (${f.alg}, origin ${origin}${f.kdf ? ', ' + f.kdf : ''}) used ${f.uses}× within the window (KeyReuseThreshold ${f.threshold})`);
    if (LOCAL_ORIGINS.has(f.origin)) why.push('locally accessible key: recoverable from the APK or device');
    if (f.hw_backed || f.origin === 'keystore') why.push('hardware-backed Keystore key: not suspicious');
    if (f.devices_with_key >= 2) why.push(`same key used by this package on ${f.devices_with_key} devices: hard-coded`);
    return {
      strength, why: why.join('; '), key_fp: f.key_fp, uses: f.uses, threshold: f.threshold, origin: f.origin, hw_backed: f.hw_backed,
      locally_accessible: f.locally_accessible, devices_with_key: f.devices_with_key, keys: f.keys,
    };
  },
};

/** key a sorts before key b (more uses, then the smaller fingerprint) */
const better = (a: KeyUse, fa: string, b: KeyUse, fb: string): boolean => a.uses > b.uses || (a.uses === b.uses && fa < fb);
