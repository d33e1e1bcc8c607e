// Turns a chain into an alert v1 record: facets with their figures and sentences, visibility gaps,
// exposure, evidence, and one summary sentence an analyst can read in a ticket. The only place
// where the text of an alert is written, once per emitted version.
import type { Alert, FacetExplanation, FacetName, Policy } from '../../model/index.js';
import { FACETS as FACET_NAMES } from '../../model/index.js';
import type { Chain } from './chain.js';
import { fmtBytes, fmtSent } from './units.js';
import { FACET_ORDER, scoreOf, severityOf } from './scoring.js';
import { FACETS } from './registry.js';

const FACET_WORDS: Record<FacetName, string> = {
  crypto: 'encrypts',
  key_reuse: 'reusable key',
  staging: 'stages collected data',
  background: 'in background',
  network: 'sends it out',
  inconsistency: 'outside its declared function',
};

export function facetWords(names: FacetName[]): string {
  return names.map((n) => FACET_WORDS[n]).join(', ');
}

export function explainAlert(c: Chain, policy: Policy): Alert {
  const b = c.best;
  const adjustments: string[] = [];
  scoreOf({ strengths: b.strengths, missing: b.missing, flags: b.flags, thresholds: policy.severity }, adjustments);
  const facets: Partial<Record<FacetName, FacetExplanation>> = {};
  // a facet inferred where the telemetry could not show it stays among the gaps (`missing`): the
  // contract lists observed facets only, so its explanation goes under `inferred`
  const inferred: Partial<Record<FacetName, FacetExplanation>> = {};
  FACET_ORDER.forEach((name, i) => {
    const f = b.figures?.[i];
    if (!(b.strengths[i] > 0 && f !== undefined)) return;
    const x = FACETS[i].explain(f, b.strengths[i], policy);
    if (x.inferred === true && b.missing.includes(name)) inferred[name] = x;
    else facets[name] = x;
  });
  const finalScore = b.score;
  const exposure = c.exposureSnapshot();
  const observed = FACET_NAMES.filter((f) => facets[f] !== undefined);
  const missing = b.missing.filter((m) => !facets[m]);
  const partly = (b.partly ?? []).filter((m) => !missing.includes(m));
  // a join (more than one source on the device): each observed facet names the sources that show it
  const credited = b.sources && new Set(Object.values(b.sources).flat()).size > 1
    ? Object.fromEntries(observed.filter((f) => b.sources![f]).map((f) => [f, b.sources![f]!])) : undefined;
  const p = b.partial;
  const facts: string[] = [];
  if (exposure.bytes_encrypted) facts.push(`encrypted ${fmtBytes(exposure.bytes_encrypted)}`);
  if (exposure.data_categories.length) facts.push(`${exposure.bytes_encrypted ? 'of' : 'read'} ${exposure.data_categories.join(', ')}`);
  if (exposure.bytes_staged) facts.push(`staged ${fmtBytes(exposure.bytes_staged)} to ${exposure.staged_paths.length} file(s)`);
  const d = exposure.destinations;
  if (exposure.bytes_sent || exposure.unsized_sends) facts.push(`sent ${fmtSent(exposure.bytes_sent, exposure.unsized_sends)} to ${d.slice(0, 3).join(', ')}${d.length > 3 ? ` and ${d.length - 3} more` : ''}`);
  const summary = (p ? `Partial chain (no crypto telemetry, network metadata only; raised because the policy sets partial_chains): ${c.app} made a Keystore key, then ${[p.new_destination ? 'connected in the background to a destination first contacted after it' : '', p.beacon ? 'beaconed by connect timing' : ''].filter(Boolean).join(' and ')}; ` : '') +
    `${c.app} on ${c.device} ${facts.join(', ') || 'showed part of the chain'}` +
    ` (${facetWords(observed)}${Object.keys(inferred).length ? `; inferred: ${facetWords(Object.keys(inferred) as FacetName[])}` : ''})` +
    (missing.length ? `; not visible: ${missing.join(', ')}` : '') +
    (partly.length ? `; partly visible: ${partly.join(', ')}` : '') +
    (adjustments.length ? `; score ${b.base} → ${finalScore}: ${adjustments.join(', ')}` : '') + '.';
  return {
    kind: 'alert',
    analytic: 'AN1731',
    technique: 'T1521.001',
    id: c.id,
    rev: c.rev,
    device: c.device,
    app: c.app,
    first_ts: c.firstTs,
    last_ts: c.lastTs,
    score: finalScore,
    severity: severityOf(finalScore, policy.severity),
    // what was visible, after the facets that showed up despite a gap in the sensor's telemetry kinds
    // partly visible facets count half
    confidence: Math.round(((6 - missing.length - partly.length / 2) / 6) * 100) / 100,
    facets,
    ...(Object.keys(inferred).length ? { inferred } : {}),
    missing,
    ...(partly.length ? { partly_visible: partly } : {}),
    ...(credited ? { facet_sources: credited } : {}),
    ...(p ? { partial_chain: p } : {}),
    exposure,
    evidence: c.evidenceList(),
    summary,
    ...(c.evidenceDropped ? { evidence_truncated: c.evidenceDropped } : {}),
  } as Alert;
}
