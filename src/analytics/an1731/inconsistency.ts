// Facet 6, inconsistency: the chain does not fit what the enterprise inventory says the app is
// for. A pinned signer that does not match is the mark of a repackaged clone: critical evidence.
import type { AppEntry, FacetExplanation } from '../../model/index.js';
import { chainViewOf, type ChainView, type Analysis, type WindowView } from './chain-view.js';
import type { AppContext } from './app-context.js';
import { HIDDEN_STATES } from './exec-state.js';
import { destOf } from './app-context.js';
import type { BaselineJudgement } from './baseline-deviation.js';

export interface InventoryVerdict {
  /** the inventory (policy apps or app.info `approved`) says anything about this app */
  known: boolean;
  approved: boolean;
  entry?: AppEntry;
}

export function verdictOf(v: { ctx: AppContext }, a: Analysis): InventoryVerdict {
  const entry = a.inventory.entry(v.ctx.app);
  const facts = v.ctx.facts;
  // the installer is a fact about fit even without an inventory: stores vet, sideloads do not
  const known = a.policy.apps.length > 0 || facts.approved !== undefined || facts.installer !== undefined;
  const approved = entry ? entry.approved === true : facts.approved === true;
  return { known, approved, ...(entry ? { entry } : {}) };
}

/** installers that vet what they install (Play, Galaxy Store, AppGallery, Amazon, F-Droid, MDM-managed Play) */
const STORE_INSTALLERS: ReadonlySet<string> = new Set(['com.android.vending', 'com.sec.android.app.samsungapps', 'com.huawei.appmarket',
  'com.amazon.venezia', 'org.fdroid.fdroid', 'com.google.android.packageinstaller.managed', 'com.xiaomi.market', 'com.oppo.market', 'com.heytap.market']);

interface Finding { code: string; strength: number; why: string }

/** The cheap question the score bound asks of an approved app: does the chain break any declared
 *  expectation? Same rules as the facet below, early exit, no strings. */
export function breaksExpectations(v: WindowView, a: Analysis, verdict: InventoryVerdict): boolean {
  const { entry } = verdict;
  const facts = v.ctx.facts;
  if ((a.policy.apps.length > 0 || facts.approved !== undefined) && !entry && facts.approved !== true) return true;
  if (facts.installer !== undefined && !STORE_INSTALLERS.has(facts.installer) && !(entry?.approved ?? facts.approved)) return true;
  if (entry?.approved === false || (!entry && facts.approved === false)) return true;
  if (facts.signerMismatch) return true;
  const sends = v.ctx.sends;
  for (let i = v.sendFrom; i < v.sendEnd; i++) if (sends.offPolicy(i)) return true;
  const fgRequired = a.policy.thresholds.foreground_state_required;
  const enc = v.ctx.encrypts;
  if (fgRequired) for (let i = v.encFrom; i < v.encEnd; i++) if (enc.hiddenState(i)) return true;
  if (a.policy.allowed_crypto_apps.length > 0 && v.encEnd > v.encFrom && !a.inventory.isAllowedCrypto(v.ctx.app) && !verdict.approved) return true;
  if (a.baseline && (a.baseline.judge(chainViewOf(v))?.findings.length ?? 0) > 0) return true;
  return false;
}

/** `judged`: what the fleet baseline says of the chain (detect --baseline), its findings join the inventory's */
export function inconsistencyFacet(v: ChainView, a: Analysis, judged?: BaselineJudgement): FacetExplanation | undefined {
  const verdict = verdictOf(v, a);
  const { entry } = verdict;
  const facts = v.ctx.facts;
  const found: Finding[] = [];
  if (facts.installer !== undefined && !STORE_INSTALLERS.has(facts.installer) && !(entry?.approved ?? facts.approved)) {
    found.push({ code: 'sideloaded', strength: 0.5, why: `installed by ${facts.installer}, not an app store` });
  }
  if (a.policy.apps.length + (facts.approved !== undefined ? 1 : 0) > 0 && !entry && facts.approved !== true) {
    found.push({ code: 'not_in_inventory', strength: 0.5, why: 'not in the approved-app inventory' });
  }
  if (entry?.approved === false || (!entry && facts.approved === false)) {
    found.push({ code: 'not_approved', strength: 0.6, why: 'inventory marks the app as not approved' });
  }
  if (entry?.signer && facts.signer && facts.signerMismatch) {
    found.push({ code: 'signer_mismatch', strength: 1, why: `signer ${facts.signer.slice(0, 12)}… differs from the pinned ${entry.signer.slice(0, 12)}…: repackaged clone` });
  }
  if (entry?.expected_domains && entry.expected_domains.length > 0) {
    const off = [...new Set(v.sends.filter((s) => !s.host || !a.inventory.domainExpected(entry, s.host)).map(destOf))].sort();
    if (off.length) found.push({ code: 'unexpected_domain', strength: 0.5, why: `sent to ${off.join(', ')}, outside expected_domains` });
  }
  const hiddenSends = v.sends.filter((s) => s.exec.state !== undefined && HIDDEN_STATES.has(s.exec.state)).length;
  if (entry && entry.background_network !== true && hiddenSends > 0) {
    found.push({ code: 'background_network', strength: 0.3, why: `${hiddenSends} send(s) in background where background_network is not declared` });
  }
  if (a.policy.thresholds.foreground_state_required) {
    const hiddenOps = v.encrypts.filter((o) => o.exec.state !== undefined && HIDDEN_STATES.has(o.exec.state)).length;
    if (hiddenOps + hiddenSends > 0) found.push({ code: 'foreground_required', strength: 0.4, why: `${hiddenOps} encrypt op(s) and ${hiddenSends} send(s) out of the foreground while ForegroundStateRequired` });
  }
  if (a.policy.allowed_crypto_apps.length > 0 && v.encrypts.length > 0 && !a.inventory.isAllowedCrypto(v.ctx.app) && !verdict.approved) {
    found.push({ code: 'crypto_not_allowed', strength: 0.1, why: 'encrypts but is not in AllowedCryptoApps' });
  }
  if (judged) found.push(...judged.findings);
  if (found.length === 0) return undefined;
  found.sort((x, y) => y.strength - x.strength || (x.code < y.code ? -1 : 1));
  const strength = Math.min(1, found[0].strength + 0.1 * (found.length - 1));
  return {
    strength,
    why: found.map((f) => f.why).join('; '),
    findings: found.map((f) => f.code),
    approved: verdict.approved,
    in_inventory: entry !== undefined,
    ...(entry?.label ?? facts.label ? { label: entry?.label ?? facts.label } : {}),
    ...(facts.signer ? { signer_seen: facts.signer } : {}),
    critical: found.some((f) => f.code === 'signer_mismatch'),
    ...(judged ? { baseline_devices: judged.devices } : {}),
  };
}
