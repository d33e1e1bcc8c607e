// An optimistic bound on a chain's score that costs a few loops and no strings: every facet that
// can be present at all counts at full strength, and only the adjustments that are certain are
// applied. Evaluations whose bound stays under the report floor are skipped: the hot path of a
// fleet (VPN keepalives, messengers, Keystore-backed apps) never builds an explanation.
import type { WindowView, Analysis } from './chain-view.js';
import {
  WEIGHTS, NO_STAGING_FACTOR, STAGING_UNSEEN_FACTOR, KEYSTORE_FACTOR, FLEET_KEY_BONUS, APPROVED_CONSISTENT_FACTOR,
  FIT_UNSEEN_SCALE, USER_DRIVEN_FACTOR, USER_DRIVEN_IDLE_MS, REPORT_FLOOR,
} from './scoring.js';
import { SEEN_DATA, type DeviceContext } from '../device-context.js';
import { isBareHost, isCleartextOf } from './network.js';
import { MIN_BEACON_SPAN_MS } from './beacon.js';
import { round2 } from './units.js';
import type { MomentRows } from './moment-rows.js';
import type { InventoryVerdict } from './inconsistency.js';
import { LOCAL_ORIGINS } from './key-reuse.js';

/** `inc`: the chain is not approved or breaks an expectation (`!verdict.approved || breaksExpectations`) */
export function scoreUpperBound(v: WindowView, a: Analysis, verdict: InventoryVerdict, stagingUnseen: boolean, inc: boolean): number {
  const allowed = a.inventory.isAllowedCrypto(v.ctx.app);
  const enc = v.ctx.encrypts;
  let key = 0, fleet = false, keystoreOnly = v.encEnd > v.encFrom;
  let lastFp: string | undefined;
  for (let i = v.encFrom; i < v.encEnd; i++) {
    const fp = enc.keyFp(i);
    if (fp === undefined) { keystoreOnly = false; continue; }
    if (fp === lastFp) continue;
    lastFp = fp;
    const r = v.ctx.keys.get(fp);
    const hw = r !== undefined && (r.hw_backed || r.origin === 'keystore');
    if (!hw) keystoreOnly = false;
    if (hw) continue;
    const born = r !== undefined && (r.origin === 'generated' || r.origin === 'remote');
    if (!born) { fleet = true; key = 1; }
    else if (!allowed && key < 0.4) key = 0.4;
  }
  const staging = v.reads.length > 0 || v.files.length > 0;
  let score = WEIGHTS.crypto * (allowed ? 0.3 : 1) + WEIGHTS.key_reuse * key + (staging ? WEIGHTS.staging : 0) + WEIGHTS.background + WEIGHTS.network;
  if (v.ctx.facts.signerMismatch) return 100; // critical evidence is never skipped
  if (inc) score += WEIGHTS.inconsistency;
  if (!staging) score *= stagingUnseen ? STAGING_UNSEEN_FACTOR : NO_STAGING_FACTOR;
  if (keystoreOnly) score *= KEYSTORE_FACTOR;
  if (fleet) score += FLEET_KEY_BONUS;
  if (!inc) score *= APPROVED_CONSISTENT_FACTOR;
  return score;
}

/** A second, tighter bound for the evaluations that pass the first (`breaks`: breaksExpectations of the view): the facets' strengths as the
 *  facets compute them (no strings, no sets), an over-estimate only where the exact figure costs
 *  more (staging 1, inconsistency 1, a local key 1, a possible beacon), and only the adjustments
 *  that are certain. It is not a quiet condition (a later send can raise it): it only saves
 *  building explanations for a score that cannot reach the floor. Infinity when a signer
 *  mismatch could raise the score. Same summation order as `scoreChain`, so never below it. */
export function scoreFloorBound(v: WindowView, dev: DeviceContext, a: Analysis, verdict: InventoryVerdict, breaks: boolean): number {
  const ctx = v.ctx;
  if (ctx.facts.signerMismatch) return Infinity;
  const allowed = a.inventory.isAllowedCrypto(ctx.app);
  const enc = ctx.encrypts, encFrom = v.encFrom, encEnd = v.encEnd, sends = ctx.sends, sendFrom = v.sendFrom, sendEnd = v.sendEnd;
  // crypto
  let crypto = 0;
  if (encEnd > encFrom) {
    crypto = 0.7;
    for (let i = encFrom; i < encEnd; i++) if (enc.legacy(i)) { crypto = 1; break; }
    if (allowed) crypto = 0.3;
  }
  // key reuse, the fleet bonus, Keystore-only
  let key = 0, fleet = false, anyKey = false, keystoreOnly = true;
  let lastFp: string | undefined;
  for (let i = encFrom; i < encEnd; i++) {
    const fp = enc.keyFp(i);
    if (!fp || fp === lastFp) continue;
    lastFp = fp;
    anyKey = true;
    const r = ctx.keys.get(fp);
    if (r !== undefined && (r.hw_backed || r.origin === 'keystore')) continue;
    keystoreOnly = false;
    if (key < 1 && (r === undefined || !LOCAL_ORIGINS.has(r.origin)) && !allowed) key = Math.max(key, 0.4);
    if (r !== undefined && LOCAL_ORIGINS.has(r.origin)) key = 1;
    if (!fleet && a.fleetKeys.countDevices(ctx.app, fp, v.t - a.fleetKeys.horizon, v.t, 2) >= 2) { fleet = true; key = 1; }
  }
  keystoreOnly = anyKey && keystoreOnly;
  // staging
  const staging = v.reads.length > 0 || v.files.length > 0;
  // background, and whether every moment was user-driven
  const ops = encEnd - encFrom, moments = ops + sendEnd - sendFrom;
  let hidden = 0, bestS = 0, userDriven = moments > 0;
  for (let i = 0; i < moments; i++) {
    const rows: MomentRows = i < ops ? enc : sends, row = i < ops ? encFrom + i : sendFrom + i - ops;
    const s = rows.hidden(row);
    if (s >= 0.6) hidden++;
    if (s > bestS) bestS = s;
    if (userDriven && !(rows.state(row) === 'foreground' && rows.idle(row) <= USER_DRIVEN_IDLE_MS)) userDriven = false;
  }
  const background = bestS > 0 ? Math.min(1, bestS * (hidden / moments >= 0.5 ? 1 : 0.5)) : 0;
  // network
  let network = 0;
  if (sendEnd > sendFrom) {
    const thr = a.policy.thresholds.entropy_threshold;
    let b64 = false, highEntropy = false, bareIp = false, clear = false;
    for (let i = sendFrom; i < sendEnd; i++) {
      if (sends.b64(i)) b64 = true;
      if (sends.entropy(i) >= thr) highEntropy = true; // (NaN, no entropy given, is never >=)
      if (!bareIp && isBareHost(sends.host(i))) bareIp = true;
      if (!clear && isCleartextOf(sends.tls(i), sends.proto(i))) clear = true;
    }
    const periodic = sendEnd - v.allFrom >= 4 && sends.ts(sendEnd - 1) - sends.ts(v.allFrom) >= MIN_BEACON_SPAN_MS;
    network = 0.3;
    if (b64) network += 0.2;
    if (highEntropy) network += 0.15;
    if (bareIp) network += 0.25;
    if (clear) network += 0.15;
    if (periodic) network += 0.2;
    network = Math.min(1, network);
  }
  // inconsistency: present exactly when the chain breaks an expectation (`breaks`, see breaksExpectations)
  // strengths are rounded like `put` does (a hair up first, so rounding never lands under the facet's)
  const up = (x: number) => round2(x + 1e-9);
  let score = WEIGHTS.crypto * up(crypto) + WEIGHTS.key_reuse * up(key) + (staging ? WEIGHTS.staging : 0) +
    WEIGHTS.background * up(background) + WEIGHTS.network * up(network) + (breaks ? WEIGHTS.inconsistency : 0);
  if (staging) { if (!verdict.known) score *= FIT_UNSEEN_SCALE; }
  else score *= (dev.seen & SEEN_DATA) === 0 ? STAGING_UNSEEN_FACTOR : NO_STAGING_FACTOR;
  if (userDriven) score *= USER_DRIVEN_FACTOR;
  if (keystoreOnly) score *= KEYSTORE_FACTOR;
  if (fleet) score += FLEET_KEY_BONUS;
  if (verdict.approved && !breaks) score *= APPROVED_CONSISTENT_FACTOR;
  return score;
}

/** `Math.round(score) < REPORT_FLOOR` is certain when the floor bound is under this */
export const FLOOR_BOUND_LIMIT = REPORT_FLOOR - 0.5 - 1e-6;
