// `inventory diff`: where the fleet and the inventory disagree. Three lists: apps seen but not
// listed (ranked by risk), listed apps behaving outside their declared expectations, and listed
// apps never seen (stale). Deterministic order; the same data feeds the text and the JSON.
import type { AppEntry, Policy } from '../model/index.js';
import type { Baseline } from '../baseline/types.js';
import { appSummary, type AppSummary } from '../baseline/summary.js';
import { Inventory, signerMatches } from '../policy/index.js';
import { riskOf, type Risk } from './risk.js';
import { evidenceLines } from './evidence.js';

/** labels whose function explains keys the app derives or stores itself (a master password,
 *  a backup passphrase, a tunnel or session key kept on the device); a literal key never is */
export const LOCAL_KEY_LABELS: ReadonlySet<string> = new Set(['password_manager', 'password-manager', 'passwords', 'vault', 'backup', 'vpn', 'messaging']);

export interface UnlistedApp { package: string; devices: number; risk: number; reasons: string[]; evidence: string[] }
export interface DeviationFinding { code: 'new_domain' | 'background_network' | 'second_signer' | 'local_keys'; why: string }
export interface DeviatingApp { package: string; approved: boolean; devices: number; findings: DeviationFinding[]; evidence: string[] }
export interface StaleEntry { package: string; approved: boolean }
export interface InventoryDiff { unlisted: UnlistedApp[]; deviating: DeviatingApp[]; stale: StaleEntry[] }

function plainSends(b: Baseline, pkg: string): number {
  const d = b.apps[pkg].fields.destinations.values;
  return Object.values(d).reduce((n, s) => n + s.count - ((s.tls as number | undefined) ?? 0), 0);
}

function deviations(entry: AppEntry, s: AppSummary, inv: Inventory): DeviationFinding[] {
  const out: DeviationFinding[] = [];
  if (entry.expected_domains && entry.expected_domains.length > 0) {
    const off = s.hosts.filter((h) => h !== '?' && !inv.domainExpected(entry, h));
    if (off.length) out.push({ code: 'new_domain', why: `sends to ${off.join(', ')}, outside expected_domains` });
  }
  if (entry.background_network !== true && s.background_sends > 0) out.push({ code: 'background_network', why: `${s.background_sends} send(s) in background where background_network is not declared` });
  const others = entry.signer ? s.signers.filter((x) => !signerMatches(entry.signer!, x)) : s.signers.length > 1 ? s.signers : [];
  if (others.length) out.push({ code: 'second_signer', why: entry.signer ? `signed by ${others.map((x) => x.slice(0, 12) + '…').join(', ')}, not the pinned ${entry.signer.slice(0, 12)}…: repackaged clone?` : `${s.signers.length} signers seen, none pinned: repackaged clone?` });
  const unexplained = s.local_key_origins.filter((o) => o === 'literal' || !LOCAL_KEY_LABELS.has(entry.label ?? ''));
  if (unexplained.length) out.push({ code: 'local_keys', why: `locally accessible keys (${unexplained.join(', ')}) that the label ${entry.label ? `'${entry.label}'` : '(none)'} does not explain` });
  return out;
}

export function diffInventory(b: Baseline, policy: Policy): InventoryDiff {
  const inv = new Inventory(policy);
  const unlisted: UnlistedApp[] = [];
  const deviating: DeviatingApp[] = [];
  for (const pkg of Object.keys(b.apps).sort()) {
    const a = b.apps[pkg];
    const s = appSummary(a);
    const entry = inv.entry(pkg);
    if (!entry) {
      const r: Risk = riskOf(s, plainSends(b, pkg));
      unlisted.push({ package: pkg, devices: s.devices, risk: r.score, reasons: r.reasons, evidence: evidenceLines(a, s) });
      continue;
    }
    const findings = deviations(entry, s, inv);
    if (findings.length) deviating.push({ package: pkg, approved: entry.approved === true, devices: s.devices, findings, evidence: evidenceLines(a, s) });
  }
  unlisted.sort((x, y) => y.risk - x.risk || y.devices - x.devices || (x.package < y.package ? -1 : 1));
  const stale = policy.apps.filter((e) => !b.apps[e.package]).map((e) => ({ package: e.package, approved: e.approved === true }))
    .sort((x, y) => (x.package < y.package ? -1 : 1));
  return { unlisted, deviating, stale };
}

export const diffFindings = (d: InventoryDiff): number => d.unlisted.length + d.deviating.length + d.stale.length;

export function formatDiff(d: InventoryDiff): string {
  const out: string[] = [];
  out.push(`Apps seen but not in the inventory (${d.unlisted.length}), by risk:`);
  for (const u of d.unlisted) {
    out.push(`  ${String(u.risk).padStart(2)}  ${u.package}  (${u.devices} device(s))`);
    for (const r of u.reasons) out.push(`        ${r}`);
  }
  out.push('', `Listed apps outside their declared expectations (${d.deviating.length}):`);
  for (const x of d.deviating) {
    out.push(`  ${x.package}${x.approved ? ' (approved)' : ''}  (${x.devices} device(s))`);
    for (const f of x.findings) out.push(`        ${f.code}: ${f.why}`);
  }
  out.push('', `Inventory entries never seen (${d.stale.length}):`);
  for (const s of d.stale) out.push(`  ${s.package}${s.approved ? ' (approved)' : ''}`);
  return out.join('\n') + '\n';
}
