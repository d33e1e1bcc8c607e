// `inventory propose`: a policy v1 `apps:` section drafted from what the fleet does, for a person
// to review. It never approves anything: `approved` is what the current policy says, or absent.
// Observed facts become fields only where policy v1 has one (expected_domains, background_network,
// signer); everything else goes into comments. Deterministic: sorted, no clock.
import { Document, isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { AppEntry, Policy } from '../model/index.js';
import type { Baseline } from '../baseline/types.js';
import { appSummary } from '../baseline/summary.js';
import { domainPatternProblem, packageNameProblem, signerMatches } from '../policy/index.js';
import { evidenceLines } from './evidence.js';

export interface ProposedEntry { entry: AppEntry; comments: string[] }

export function proposeEntries(b: Baseline, current?: Policy): ProposedEntry[] {
  const byPkg = new Map((current?.apps ?? []).map((e) => [e.package, e] as const));
  const out: ProposedEntry[] = [];
  const names = [...new Set([...Object.keys(b.apps), ...byPkg.keys()])].sort();
  for (const pkg of names) {
    const a = b.apps[pkg];
    const cur = byPkg.get(pkg);
    if (packageNameProblem(pkg)) continue; // reported in the header by proposeYaml
    if (!a) { out.push({ entry: cur!, comments: ['not seen in the baseline: stale entry?'] }); continue; }
    const s = appSummary(a);
    const comments = evidenceLines(a, s);
    // with a pinned signer and another one seen, the fleet's behaviour may be a clone's: the
    // declared expectations are kept and what was seen stays in the comments only
    const suspect = !!cur?.signer && s.signers.some((x) => !signerMatches(cur.signer!, x));
    const observed = [...s.domains.map((d) => `*.${d}`), ...s.bare_ips].filter((d) => !domainPatternProblem(d));
    const declared = cur?.expected_domains ?? [];
    const added = observed.filter((d) => !declared.includes(d));
    const domains = suspect ? [...declared] : [...new Set([...declared, ...observed])].sort();
    if (cur && added.length) comments.push(`${suspect ? 'NOT proposed (second signer): ' : 'new since the current policy: '}${added.join(', ')}`);
    if (s.bare_ips.length && !suspect) comments.push('bare IP destinations are listed as exact entries: review them');
    const entry: AppEntry = { package: pkg };
    if (cur?.approved !== undefined) entry.approved = cur.approved;
    if (cur?.label !== undefined) entry.label = cur.label;
    if (cur?.signer) entry.signer = cur.signer;
    else if (s.signers.length === 1) entry.signer = s.signers[0];
    if (s.signers.length > 1) comments.push(`${s.signers.length} different signers seen: ${cur?.signer ? 'the pinned one is kept' : 'none pinned'}; check for a repackaged clone`);
    if (domains.length) entry.expected_domains = domains;
    entry.background_network = suspect ? cur!.background_network === true : s.background_sends > 0 || cur?.background_network === true;
    if (cur && cur.background_network !== true && s.background_sends > 0) comments.push(`background_network was not declared; ${s.background_sends} background send(s) seen${suspect ? ' (NOT proposed: second signer)' : ''}`);
    if (!cur) comments.push('not in the current inventory: set approved (and label) after review');
    out.push({ entry, comments });
  }
  return out;
}

/** The proposal as YAML (version 1 + apps), comments with the evidence; loads with loadPolicy. */
export function proposeYaml(b: Baseline, current?: Policy): string {
  const entries = proposeEntries(b, current);
  const skipped = Object.keys(b.apps).filter((p) => packageNameProblem(p)).sort();
  const doc = new Document({ version: 1, apps: entries.map((e) => e.entry) });
  doc.commentBefore = [
    ' ciphertrail inventory propose: draft approved-app inventory for review (policy v1).',
    ' Nothing here is approved by this tool: `approved` is copied from the current policy or left out.',
    ` ${entries.length} app(s); baseline of ${b.events} event(s).`,
    ...(skipped.length ? [` skipped (not Android package names): ${skipped.map((s) => JSON.stringify(s)).join(', ')}`] : []),
  ].join('\n');
  const apps = doc.get('apps', true) as YAMLSeq;
  if (isSeq(apps)) apps.items.forEach((node, i) => {
    const m = node as YAMLMap;
    m.commentBefore = entries[i].comments.map((c) => ' ' + c).join('\n');
    if (isMap(m)) {
      const d = m.get('expected_domains', true);
      if (isSeq(d)) d.flow = true;
    }
  });
  return doc.toString({ lineWidth: 0 });
}
