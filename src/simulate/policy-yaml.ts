// The enterprise inventory the scenarios assume, rendered as a policy v1 YAML document.
// Thresholds are left to the project defaults; strings are JSON-quoted (valid YAML scalars).
import type { AppEntry } from '../model/index.js';
import type { ScenarioDef } from './scenario.js';

export interface Inventory {
  allowedCrypto: string[];
  apps: AppEntry[];
}

/** the union of the scenarios' entries, first occurrence wins, in library order */
export function inventoryOf(defs: readonly ScenarioDef[]): Inventory {
  const apps = new Map<string, AppEntry>();
  const allowed = new Set<string>();
  for (const d of defs) {
    for (const e of d.inventory) if (!apps.has(e.package)) apps.set(e.package, e);
    for (const p of d.allowedCrypto) allowed.add(p);
  }
  return { allowedCrypto: [...allowed], apps: [...apps.values()] };
}

const q = (s: string): string => JSON.stringify(s);

export function renderPolicyYaml(inv: Inventory, comment: string): string {
  const out: string[] = [];
  for (const line of comment.split('\n')) out.push(`# ${line}`.trimEnd());
  out.push('version: 1', '# thresholds: project defaults (time_window 10m, entropy 7.2, key reuse 3, beacon variance 0.2)');
  out.push('allowed_crypto_apps:');
  for (const p of inv.allowedCrypto) out.push(`  - ${p}`);
  if (inv.allowedCrypto.length === 0) out[out.length - 1] += ' []';
  out.push('apps:');
  for (const a of inv.apps) {
    out.push(`  - package: ${a.package}`);
    if (a.approved !== undefined) out.push(`    approved: ${a.approved}`);
    if (a.label !== undefined) out.push(`    label: ${q(a.label)}`);
    if (a.signer !== undefined) out.push(`    signer: ${q(a.signer)}`);
    if (a.expected_domains !== undefined) out.push(`    expected_domains: [${a.expected_domains.map(q).join(', ')}]`);
    if (a.background_network !== undefined) out.push(`    background_network: ${a.background_network}`);
    if (a.data_categories !== undefined) out.push(`    data_categories: [${a.data_categories.map(q).join(', ')}]`);
  }
  if (inv.apps.length === 0) out[out.length - 1] += ' []';
  return out.join('\n') + '\n';
}
