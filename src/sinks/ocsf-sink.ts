// Alerts as OCSF 1.1 Detection Findings (class 2004), one JSON object per line, for SIEMs.
//
// activity: Create for the first record of an alert this output carries (whatever its rev: detect
// writes only the final version by default), Update for later ones (the finding keeps its uid =
// the alert id); type_uid = class_uid × 100 + activity_id (200401 Create,
// 200402 Update), as OCSF defines it. severity low/medium/high/critical -> severity_id 2/3/4/5;
// time = last_ts; risk_score = score; confidence_score = confidence × 100. The destinations go to
// evidences (dst_endpoint) and observables (Hostname 1 / IP Address 2), the app to a process
// evidence and a Process Name (9) observable, the device to device.uid and a Resource UID (10)
// observable. What OCSF has no place for (facets with their figures, missing, exposure, evidence
// references, rev) is kept whole under `unmapped`.
import type { Writable } from 'node:stream';
import type { Alert, Severity } from '../model/index.js';
import type { Sink } from './sink.js';
import { StreamWriter } from './stream-writer.js';

export const OCSF_VERSION = '1.1.0';
/** the ATT&CK release the technique and tactic ids come from (../shared/realdata/mitre-cti) */
export const ATTACK_VERSION = '18.1';

const SEVERITY_ID: Record<Severity, number> = { low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
const RISK_LEVEL_ID: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const isIpLiteral = (h: string) => IPV4.test(h) || (h.includes(':') && /^[0-9a-f:.]+$/i.test(h));

interface Endpoint { hostname?: string; ip?: string; port?: number }

/** `host:port`, `1.2.3.4:443`, `2001:db8::1:443` (the engine writes the port after the last colon) */
export function endpointOf(dest: string): Endpoint {
  const m = /^(.*):(\d{1,5})$/.exec(dest);
  let host = dest, port: number | undefined;
  if (m && m[1] !== '' && Number(m[2]) <= 65535 && !m[1].endsWith(':')) { host = m[1]; port = Number(m[2]); }
  host = host.replace(/^\[|\]$/g, '');
  const e: Endpoint = isIpLiteral(host) ? { ip: host } : { hostname: host };
  if (port !== undefined) e.port = port;
  return e;
}

/** `first`: the first record of this alert the reader gets (Create), whatever its rev */
export function toDetectionFinding(a: Alert, first = a.rev === 1): Record<string, unknown> {
  const activity = first ? 1 : 2;
  const dests = a.exposure.destinations.map(endpointOf);
  const evidences: Record<string, unknown>[] = [{ process: { name: a.app } }, ...dests.map((d) => ({ dst_endpoint: d }))];
  const observables: Record<string, unknown>[] = [
    { name: 'device.uid', type_id: 10, type: 'Resource UID', value: a.device },
    { name: 'evidences[0].process.name', type_id: 9, type: 'Process Name', value: a.app },
  ];
  dests.forEach((d, i) => {
    if (d.hostname) observables.push({ name: `evidences[${i + 1}].dst_endpoint.hostname`, type_id: 1, type: 'Hostname', value: d.hostname });
    if (d.ip) observables.push({ name: `evidences[${i + 1}].dst_endpoint.ip`, type_id: 2, type: 'IP Address', value: d.ip });
  });
  const confidence = Math.round(a.confidence * 100);
  return {
    activity_id: activity,
    activity_name: activity === 1 ? 'Create' : 'Update',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 2004 * 100 + activity,
    type_name: `Detection Finding: ${activity === 1 ? 'Create' : 'Update'}`,
    severity_id: SEVERITY_ID[a.severity],
    severity: SEVERITY_NAME[a.severity],
    time: a.last_ts,
    status_id: 1,
    status: 'New',
    is_alert: true,
    message: a.summary,
    finding_info: {
      uid: a.id,
      title: `${a.app} encrypted collected data and sent it out (T1521.001)`,
      desc: a.summary,
      types: ['Encrypted Channel: Symmetric Cryptography'],
      analytic: { uid: a.analytic, name: 'Analytic 1731 (DET0650 Detection of Symmetric Cryptography)', type_id: 1, type: 'Rule' },
      attacks: [{
        technique: { uid: a.technique, name: 'Symmetric Cryptography' },
        tactic: { uid: 'TA0037', name: 'Command and Control' },
        version: ATTACK_VERSION,
      }],
      first_seen_time: a.first_ts,
      last_seen_time: a.last_ts,
    },
    device: { uid: a.device, type_id: 5, type: 'Mobile' },
    evidences,
    observables,
    risk_score: a.score,
    risk_level_id: RISK_LEVEL_ID[a.severity],
    risk_level: SEVERITY_NAME[a.severity],
    confidence_score: confidence,
    confidence_id: confidence >= 80 ? 3 : confidence >= 50 ? 2 : 1,
    confidence: confidence >= 80 ? 'High' : confidence >= 50 ? 'Medium' : 'Low',
    metadata: {
      product: { name: 'ciphertrail', vendor_name: 'ciphertrail' },
      version: OCSF_VERSION,
      uid: `${a.id}#${a.rev}`,
      correlation_uid: a.id,
    },
    unmapped: {
      rev: a.rev,
      facets: a.facets,
      missing: a.missing,
      exposure: a.exposure,
      evidence: a.evidence,
      ...('evidence_truncated' in a ? { evidence_truncated: (a as unknown as Record<string, unknown>).evidence_truncated } : {}),
    },
  };
}

export class OcsfSink implements Sink {
  private readonly w: StreamWriter;
  /** ids already written: a SIEM creates a finding on its first record, updates it after */
  private readonly written = new Set<string>();
  constructor(out: Writable, private readonly closeStream = false) { this.w = new StreamWriter(out); }
  write(alert: Alert): void {
    const first = !this.written.has(alert.id);
    if (first) this.written.add(alert.id);
    this.w.line(JSON.stringify(toDetectionFinding(alert, first)));
  }
  close(): Promise<void> { return this.w.end(this.closeStream); }
}
