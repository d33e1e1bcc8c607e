// Data-exposure assessment: what was read, how much was encrypted and sent, where, over what
// period, and what this alert cannot tell (missing telemetry, truncated evidence, ciphertext).
import type { FacetExplanation, FacetName, TelemetryEvent } from '../model/index.js';
import type { DestinationExposure, EvidenceItem, ExposureAssessment, ReportAlert, Sensitivity } from './model.js';
import { fmtBytes, fmtDuration, fmtSent, fmtTime, list, splitDestination } from './format.js';

const CREDENTIALS = new Set(['credentials', 'keystrokes', 'accounts', 'clipboard']);
const DEVICE = new Set(['device_info', 'app_list', 'other']);

export function sensitivityOf(category: string): Sensitivity {
  return CREDENTIALS.has(category) ? 'credentials' : DEVICE.has(category) ? 'device' : 'personal';
}

/** destinations the inventory does not expect, from the inconsistency facet's sentence */
export function unexpectedDestinations(a: ReportAlert): Set<string> {
  const why = (a.facets.inconsistency as FacetExplanation | undefined)?.why ?? '';
  const m = /sent to (.+?), outside expected_domains/.exec(why);
  return new Set(m ? m[1].split(', ') : []);
}

const MISSING_MEANS: Record<FacetName, string> = {
  crypto: 'no crypto telemetry: which cipher and how much was encrypted is not known',
  key_reuse: 'no key telemetry: whether the key is recoverable (literal, derived, stored) is not known',
  staging: 'no data-access or file telemetry: which data went into the cipher is not known; the categories may be incomplete',
  background: 'no app or device state telemetry: whether the user could see it happen is not known',
  network: 'no network telemetry: whether, when and where the ciphertext was sent is not known',
  inconsistency: 'no inventory (policy apps or app.info): whether this is the app\'s declared function cannot be judged',
};

export function assessExposure(a: ReportAlert, items: EvidenceItem[], joined: boolean): ExposureAssessment {
  const e = a.exposure;
  const unexpected = unexpectedDestinations(a);
  const sends = items.map((i) => i.event).filter((ev): ev is TelemetryEvent & { type: 'net.send' } => ev?.type === 'net.send');
  const destinations: DestinationExposure[] = [...e.destinations].sort().map((d) => {
    const parts = splitDestination(d);
    const mine = sends.filter((s) => `${s.dst_host ?? s.dst_ip}${s.dst_port !== undefined ? `:${s.dst_port}` : ''}` === d);
    return {
      destination: d, ...parts,
      sends: joined ? mine.length : null,
      bytes_sent: joined ? mine.reduce((t, s) => t + (s.bytes_out ?? 0), 0) : null,
      unsized_sends: joined ? mine.filter((s) => s.bytes_out === undefined).length : null,
      unexpected: unexpected.has(d),
    };
  });
  const categories = [...e.data_categories].sort().map((c) => ({ category: c, sensitivity: sensitivityOf(c) }));
  const duration = a.last_ts - a.first_ts;
  const statements: string[] = [];
  statements.push(categories.length
    ? `${a.app} read ${list(categories.map((c) => c.category))} (${e.data_items ?? 0} items) on ${a.device}.`
    : `No read of user or device data was seen in the chain.`);
  const encUnknown = a.missing.includes('crypto');
  statements.push(`${encUnknown ? 'An unknown number of bytes (no crypto telemetry)' : fmtBytes(e.bytes_encrypted ?? 0)} were encrypted${e.bytes_staged ? `, ${fmtBytes(e.bytes_staged)} staged in ${e.staged_paths?.length ?? 0} file(s)` : ''} and ${fmtSent(e.bytes_sent ?? 0, e.unsized_sends)} sent to ${destinations.length ? list(destinations.map((d) => d.destination)) : 'no destination seen'}.`);
  statements.push(`Period: ${fmtTime(a.first_ts)} to ${fmtTime(a.last_ts)} (${fmtDuration(duration)}).`);
  for (const d of destinations) {
    if (d.bytes_sent !== null && d.sends) statements.push(`${d.destination}: ${d.sends} send(s) in the evidence, ${fmtSent(d.bytes_sent, d.unsized_sends ?? 0)}${d.unexpected ? ' (outside the app\'s expected domains)' : ''}.`);
  }

  const unknowns: string[] = [];
  for (const m of a.missing) unknowns.push(MISSING_MEANS[m]);
  const key = a.facets.key_reuse as FacetExplanation | undefined;
  const recoverable = key?.locally_accessible === true;
  unknowns.push(recoverable
    ? `What exactly was sent: only sizes and categories are known. The key (origin ${String(key?.origin)}) is recoverable from the APK or device, so captured traffic could be decrypted to find out.`
    : 'What exactly was sent: only sizes and categories are known; the ciphertext cannot be read without the key.');
  if (a.evidence_truncated) unknowns.push(`The figures count the first ${a.evidence.length} events of the chain; ${a.evidence_truncated} more were not counted.`);
  if (!joined) unknowns.push('Per-destination volumes and the time of each step: run with --telemetry to join the evidence to its telemetry lines.');
  else {
    const missingRefs = items.filter((i) => !i.event).length;
    if (missingRefs) unknowns.push(`${missingRefs} of ${items.length} evidence reference(s) were not found in the telemetry given.`);
  }
  unknowns.push(`Activity before ${fmtTime(a.first_ts)} or after ${fmtTime(a.last_ts)}, and on other devices, is outside this alert.`);
  return {
    data_categories: categories, data_items: e.data_items ?? 0, bytes_encrypted: e.bytes_encrypted ?? 0,
    bytes_staged: e.bytes_staged ?? 0, bytes_sent: e.bytes_sent ?? 0, unsized_sends: e.unsized_sends ?? 0, encrypted_unknown: encUnknown, destinations, staged_paths: [...(e.staged_paths ?? [])],
    period: { first_ts: a.first_ts, last_ts: a.last_ts, duration_ms: duration }, statements, unknowns,
  };
}
