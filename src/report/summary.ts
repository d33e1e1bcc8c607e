// The summary in plain words: what app, what it did, when, how sure, and why it is not the app's
// declared function (from the inconsistency facet's findings).
import { FACETS, type FacetExplanation } from '../model/index.js';
import type { IncidentReport, ReportAlert } from './model.js';
import { fmtBytes, fmtSent, fmtDuration, fmtTime, list, pct, shortFp } from './format.js';
import { unexpectedDestinations } from './exposure.js';

const fig = (f: FacetExplanation | undefined, k: string): unknown => f?.[k];

function findingSentence(code: string, a: ReportAlert): string {
  const inc = a.facets.inconsistency as FacetExplanation;
  switch (code) {
    case 'signer_mismatch': return `it is signed by ${shortFp(String(fig(inc, 'signer_seen') ?? '?'))}, not by the signer the inventory pins for ${a.app}: a repackaged clone of the approved app`;
    case 'not_in_inventory': return 'it is not in the approved-app inventory';
    case 'not_approved': return 'the inventory marks it as not approved';
    case 'sideloaded': return 'it was installed outside an app store';
    case 'unexpected_domain': return `it sent data to ${list([...unexpectedDestinations(a)])}, which its inventory entry does not expect`;
    case 'background_network': return 'it sent data in the background although its inventory entry does not declare background network use';
    case 'foreground_required': return 'it encrypted or sent out of the foreground while the policy requires the foreground';
    case 'crypto_not_allowed': return 'it encrypts but is not one of the apps allowed to (AllowedCryptoApps)';
    default: return code;
  }
}

export function summarize(a: ReportAlert): IncidentReport['summary'] {
  const e = a.exposure;
  const crypto = a.facets.crypto as FacetExplanation | undefined;
  const key = a.facets.key_reuse as FacetExplanation | undefined;
  const bg = a.facets.background as FacetExplanation | undefined;
  const inc = a.facets.inconsistency as FacetExplanation | undefined;
  const cats = [...e.data_categories].sort();
  const dests = [...e.destinations].sort();
  const encUnknown = a.missing.includes('crypto');
  const encrypted = encUnknown ? 'an unknown number of bytes' : fmtBytes(e.bytes_encrypted ?? 0);
  const headline = `${a.app} on ${a.device} encrypted ${encrypted}${cats.length ? ` of ${list(cats)} data` : ''} and sent ${fmtSent(e.bytes_sent ?? 0, e.unsized_sends)} to ${dests.length ? list(dests) : 'an unseen destination'} (${a.severity}, score ${a.score}/100).`;

  const what: string[] = [];
  what.push(`Between ${fmtTime(a.first_ts)} and ${fmtTime(a.last_ts)} (${fmtDuration(a.last_ts - a.first_ts)}), the app ${a.app} on device ${a.device}`);
  const did: string[] = [];
  if (cats.length) did.push(`read ${list(cats)} (${e.data_items ?? 0} items)`);
  const algs = fig(crypto, 'algorithms') as string[] | undefined;
  did.push(`encrypted ${encrypted}${encUnknown && a.inferred?.crypto ? ' (inferred, not seen)' : ''}${algs?.length ? ` with ${list(algs)}` : ''}`);
  if (key?.key_fp) did.push(`using key ${shortFp(String(key.key_fp))} (origin ${String(key.origin ?? 'unknown')}${Number(key.devices_with_key) > 1 ? `, seen on ${key.devices_with_key} devices` : ''})`);
  if (e.bytes_staged) did.push(`staged ${fmtBytes(e.bytes_staged)} in ${e.staged_paths.length} file(s)`);
  did.push(dests.length ? `sent ${fmtSent(e.bytes_sent ?? 0, e.unsized_sends)} to ${list(dests)}` : 'no send was seen');
  const p1 = `${what[0]} ${list(did)}${bg ? `, out of the user's sight (${bg.why})` : ''}.`;

  const visible = FACETS.length - a.missing.length;
  const p2 = `How sure: score ${a.score}/100 (${a.severity}); confidence ${pct(a.confidence)}, ${visible} of ${FACETS.length} facets were visible to the sensor${a.missing.length ? ` (not visible: ${list(a.missing)})` : ''}. Observed: ${list(Object.keys(a.facets))}.`;

  const declared = inc && typeof inc.label === 'string' ? inc.label : null;
  const findings = (fig(inc, 'findings') as string[] | undefined) ?? [];
  const why = findings.map((c) => findingSentence(c, a));
  let p3: string;
  if (why.length) p3 = `Why this is not ${declared ? `the app's declared function (${declared})` : 'what the app is there for'}: ${why.join('; ')}.`;
  else if (a.missing.includes('inconsistency')) p3 = 'Whether this is the app\'s declared function cannot be judged: there is no inventory entry or app.info for it. The alert stands on the chain alone.';
  else p3 = 'The app matched its inventory entry; the alert stands on the chain alone (collected data encrypted and sent out of sight).';
  return { headline, paragraphs: [p1, p2, p3], declared_function: declared, why_not_declared: why };
}
