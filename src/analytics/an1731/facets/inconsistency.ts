// Facet 6, inconsistency: the chain does not fit what the enterprise inventory says the app is
// for, or (detect --baseline) what the app was seen doing on the fleet's other devices. A pinned
// signer that does not match is the mark of a repackaged clone: critical evidence.
import type { AppEntry, FacetExplanation } from '../../../model/index.js';
import { bump, countKeys, countsSize, newCounts, type Counts, sortedKeys, type EvalEnv, type Facet, type ScoreFlags } from '../facet.js';
import { HIDDEN_STATES } from '../exec-state.js';
import { destinationKey } from '../../../baseline/destination.js';
import { FLEET_NORM_FACTOR, FLEET_NORM_MIN_DEVICES } from '../baseline-deviation.js';
import type { AppBaseline } from '../../../baseline/types.js';
import { LOCAL_ORIGINS } from '../types.js';

/** installers that vet what they install (Play, Galaxy Store, AppGallery, Amazon, F-Droid, MDM-managed Play) */
const STORE_INSTALLERS: ReadonlySet<string> = new Set(['com.android.vending', 'com.sec.android.app.samsungapps', 'com.huawei.appmarket',
  'com.amazon.venezia', 'org.fdroid.fdroid', 'com.google.android.packageinstaller.managed', 'com.xiaomi.market', 'com.oppo.market', 'com.heytap.market']);

export interface InconsistencyState {
  ops: number;
  hiddenOps: number;
  /** counted sends out of the foreground */
  hiddenSends: number;
  /** destinations of counted sends outside the entry's expected_domains */
  offDests: Counts;
  /** with a baseline: destination keys of counted sends, key fingerprints of ops, read categories */
  baseDests: Counts; keyFps: Counts; readCats: Counts;
}

/** one finding: a code, its strength and the figures its sentence needs */
export interface Finding { code: string; strength: number; detail?: string[]; n?: number; m?: number }

export interface InconsistencyFigures {
  findings: Finding[];
  approved: boolean; in_inventory: boolean; label?: string; signer_seen?: string; critical: boolean; baseline_devices?: number;
  installer?: string; pinned?: string; app: string;
}

/** what the inventory and the app's own facts say of it */
export function verdictOf(x: Pick<EvalEnv, 'a' | 'ctx'>): { known: boolean; approved: boolean; entry: AppEntry | undefined } {
  const entry = x.ctx.entry, facts = x.ctx.facts;
  // the installer is a fact about fit even without an inventory: stores vet, sideloads do not
  const known = x.a.policy.apps.length > 0 || facts.approved !== undefined || facts.installer !== undefined;
  const approved = entry ? entry.approved === true : facts.approved === true;
  return { known, approved, entry };
}

const hidden = (state: string | undefined) => state !== undefined && HIDDEN_STATES.has(state);

function judgeable(x: EvalEnv): AppBaseline | undefined { return x.a.baseline?.judgeable(x.ctx.app, x.ctx.device); }

type Add = (code: string, strength: number, detail?: string[], n?: number, m?: number) => void;

/** every finding of the window, each given to `add` (one set of rules for the score and the figures) */
function findings(s: InconsistencyState, x: EvalEnv, approved: boolean, entry: AppEntry | undefined, base: AppBaseline | undefined, add: Add): void {
  const { a, ctx } = x, facts = ctx.facts;
  if (facts.installer !== undefined && !STORE_INSTALLERS.has(facts.installer) && !(entry?.approved ?? facts.approved)) add('sideloaded', 0.5);
  if (a.policy.apps.length + (facts.approved !== undefined ? 1 : 0) > 0 && !entry && facts.approved !== true) add('not_in_inventory', 0.5);
  if (entry?.approved === false || (!entry && facts.approved === false)) add('not_approved', 0.6);
  if (entry?.signer && facts.signer && facts.signerMismatch) add('signer_mismatch', 1);
  if (countsSize(s.offDests) > 0) add('unexpected_domain', 0.5);
  if (entry && entry.background_network !== true && s.hiddenSends > 0) add('background_network', 0.3, undefined, s.hiddenSends);
  if (a.policy.thresholds.foreground_state_required && s.hiddenOps + s.hiddenSends > 0) add('foreground_required', 0.4, undefined, s.hiddenOps, s.hiddenSends);
  if (a.policy.allowed_crypto_apps.length > 0 && s.ops > 0 && !ctx.allowedCrypto && !approved) add('crypto_not_allowed', 0.1);
  const declaredCats = entry?.data_categories;
  if (declaredCats) {
    const extra = countKeys(s.readCats).filter((c) => c !== 'other' && !declaredCats.includes(c)).sort();
    if (extra.length) add('undeclared_data_category', 0.5, extra);
  }
  if (base) baselineFindings(s, x, base, add);
}

function baselineFindings(s: InconsistencyState, x: EvalEnv, base: AppBaseline, add: Add): void {
  const idx = x.a.baseline!, dev = x.ctx.device, f = base.fields;
  const dests = countKeys(s.baseDests).filter((d) => !idx.seenElsewhere(f.destinations, d, dev)).sort();
  if (dests.length) add('baseline_destination', 0.5, dests);
  const origins = new Set<string>();
  for (const fp of countKeys(s.keyFps)) { const k = x.ctx.key(fp, x.t); if (k) origins.add(k.origin); }
  const newOrigins = [...origins].filter((o) => !idx.seenElsewhere(f.key_origins, o, dev)).sort();
  if (newOrigins.length) add('baseline_key_origin', newOrigins.some((o) => LOCAL_ORIGINS.has(o as never)) ? 0.4 : 0.2, newOrigins);
  const cats = countKeys(s.readCats).filter((c) => !idx.seenElsewhere(f.data_categories, c, dev)).sort();
  if (cats.length) add('baseline_data_category', 0.3, cats);
  if (s.hiddenSends > 0 && !idx.hiddenSendsElsewhere(base, dev)) add('baseline_background_send', 0.3, undefined, s.hiddenSends);
  const signer = x.ctx.facts.signer?.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (signer && Object.keys(f.signers.values).length > 0 && !idx.seenElsewhere(f.signers, signer, dev)) add('baseline_signer', 0.6, [signer]);
}

/** every expectation the entry declares can be checked, and the app's own facts check out: approved,
 *  a pinned signer that the app.info shows matching, expected destinations (each send was checked
 *  against them: any outside is a finding) */
function declaredAndVerified(x: EvalEnv, approved: boolean, entry: AppEntry | undefined): boolean {
  const facts = x.ctx.facts;
  return approved && entry !== undefined && entry.signer !== undefined && facts.signer !== undefined && facts.signerMismatch === false &&
    (entry.expected_domains?.length ?? 0) > 0;
}

/** the expectation of the inventory entry a finding breaks */
const EXPECTATION: Record<string, string> = {
  signer_mismatch: 'signer', unexpected_domain: 'expected_domains', background_network: 'background_network',
  undeclared_data_category: 'data_categories', foreground_required: 'foreground_state_required',
  baseline_destination: 'fleet baseline', baseline_signer: 'fleet baseline', baseline_key_origin: 'fleet baseline',
  baseline_data_category: 'fleet baseline', baseline_background_send: 'fleet baseline',
};

/** the score's tally of the findings (no objects: every evaluation asks) */
const tally = { max: 0, n: 0, critical: false, baseline: 0 };
const count: Add = (code, strength) => {
  tally.n++;
  if (strength > tally.max) tally.max = strength;
  if (code === 'signer_mismatch') tally.critical = true;
  if (code.startsWith('baseline_')) tally.baseline++;
};

function sentence(f: Finding, g: InconsistencyFigures): string {
  const on = `for ${g.app} on ${g.baseline_devices} device(s)`;
  switch (f.code) {
    case 'sideloaded': return `installed by ${g.installer}, not an app store`;
    case 'not_in_inventory': return 'not in the approved-app inventory';
    case 'not_approved': return 'inventory marks the app as not approved';
    case 'signer_mismatch': return `signer ${g.signer_seen!.slice(0, 12)}… differs from the pinned ${g.pinned!.slice(0, 12)}…: repackaged clone`;
    case 'unexpected_domain': return `sent to ${f.detail!.join(', ')}, outside expected_domains`;
    case 'background_network': return `${f.n} send(s) in background where background_network is not declared`;
    case 'foreground_required': return `${f.n} encrypt op(s) and ${f.m} send(s) out of the foreground while ForegroundStateRequired`;
    case 'crypto_not_allowed': return 'encrypts but is not in AllowedCryptoApps';
    case 'undeclared_data_category': return `reads ${f.detail!.join(', ')}, outside the declared data_categories`;
    case 'baseline_destination': return `destination ${f.detail!.join(', ')} never seen ${on}`;
    case 'baseline_key_origin': return `key origin ${f.detail!.join(', ')} never seen ${on}`;
    case 'baseline_data_category': return `reads ${f.detail!.join(', ')}, never seen ${on}`;
    case 'baseline_background_send': return `${f.n} send(s) in background, never seen ${on}`;
    case 'baseline_signer': return `signer ${f.detail![0].slice(0, 12)}… never seen ${on}`;
    default: return f.code;
  }
}

export const inconsistencyFacet: Facet<InconsistencyState, InconsistencyFigures> = {
  name: 'inconsistency',
  init: () => ({ ops: 0, hiddenOps: 0, hiddenSends: 0, offDests: newCounts(), baseDests: newCounts(), keyFps: newCounts(), readCats: newCounts() }),
  op(s, rows, i, sign, x) {
    s.ops += sign;
    if (hidden(rows.state(i))) s.hiddenOps += sign;
    const fp = rows.keyFp(i);
    if (x.a.baseline && fp !== undefined) bump(s.keyFps, fp, sign);
  },
  recalled(s, r, sign, x) {
    s.ops += sign;
    if (x.a.baseline && r.artifact.keyFp !== undefined) bump(s.keyFps, r.artifact.keyFp, sign);
  },
  read(s, r, sign, x) { if (x.a.baseline || x.ctx.entry?.data_categories) bump(s.readCats, r.category, sign); },
  counted(s, rows, i, sign, x) {
    if (hidden(rows.state(i))) s.hiddenSends += sign;
    const entry = x.ctx.entry, host = rows.host(i);
    if (entry?.expected_domains && entry.expected_domains.length > 0 && (!host || !x.a.inventory.domainExpected(entry, host))) bump(s.offDests, rows.dest(i), sign);
    if (x.a.baseline) bump(s.baseDests, destinationKey(host, rows.ip(i)), sign);
  },
  strength(s, x, flags: ScoreFlags) {
    const entry = x.ctx.entry, facts = x.ctx.facts;
    const approved = entry ? entry.approved === true : facts.approved === true;
    const base = x.a.baseline ? judgeable(x) : undefined;
    tally.max = 0; tally.n = 0; tally.critical = false; tally.baseline = 0;
    findings(s, x, approved, entry, base, count);
    flags.approved = approved;
    flags.declared = tally.n === 0 && declaredAndVerified(x, approved, entry);
    // the installer is a fact about fit even without an inventory: stores vet, sideloads do not
    flags.known = x.a.policy.apps.length > 0 || facts.approved !== undefined || facts.installer !== undefined || base !== undefined;
    flags.critical = tally.critical;
    if (base) {
      // matching the fleet norm lowers the score; signer mismatch (critical) is never discounted
      const devices = x.a.baseline!.devices(base);
      flags.fleetNorm = tally.baseline === 0 && devices >= FLEET_NORM_MIN_DEVICES && !tally.critical ? { app: x.ctx.app, devices, factor: FLEET_NORM_FACTOR } : undefined;
    }
    return tally.n === 0 ? 0 : Math.min(1, tally.max + 0.1 * (tally.n - 1));
  },
  figures(s, x) {
    const v = verdictOf(x), base = judgeable(x), facts = x.ctx.facts;
    const found: Finding[] = [];
    findings(s, x, v.approved, v.entry, base, (code, strength, detail, n, m) => {
      found.push({ code, strength, ...(detail ? { detail } : {}), ...(n !== undefined ? { n } : {}), ...(m !== undefined ? { m } : {}) });
    });
    found.sort((p, q) => q.strength - p.strength || (p.code < q.code ? -1 : 1));
    for (const f of found) if (f.code === 'unexpected_domain') f.detail = sortedKeys(s.offDests);
    const label = v.entry?.label ?? facts.label;
    return {
      findings: found, approved: v.approved, in_inventory: v.entry !== undefined, ...(label ? { label } : {}),
      ...(facts.signer ? { signer_seen: facts.signer } : {}), critical: found.some((f) => f.code === 'signer_mismatch'),
      ...(base ? { baseline_devices: x.a.baseline!.devices(base) } : {}),
      ...(facts.installer ? { installer: facts.installer } : {}), ...(v.entry?.signer ? { pinned: v.entry.signer } : {}), app: x.ctx.app,
    };
  },
  explain(f, strength): FacetExplanation {
    // an approved app: say which of its declared expectations the chain broke
    const broken = f.approved ? [...new Set(f.findings.map((x) => EXPECTATION[x.code]).filter((e) => e !== undefined))] : [];
    const head = broken.length ? `approved${f.label ? ` as ${f.label}` : ''}, breaks its declared ${broken.join(', ')}: ` : '';
    return {
      strength, why: head + f.findings.map((x) => sentence(x, f)).join('; '), findings: f.findings.map((x) => x.code),
      ...(broken.length ? { broken_expectations: broken } : {}),
      approved: f.approved, in_inventory: f.in_inventory, ...(f.label ? { label: f.label } : {}),
      ...(f.signer_seen ? { signer_seen: f.signer_seen } : {}), critical: f.critical,
      ...(f.baseline_devices !== undefined ? { baseline_devices: f.baseline_devices } : {}),
    };
  },
};
