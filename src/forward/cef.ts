// ArcSight Common Event Format (CEF:0) line of an alert version. Header fields escape | and \;
// extension values escape \ and = and write line breaks as \n (CEF "Implementing ArcSight CEF",
// rev. 25). Custom fields carry their labels (cs1Label=alert_id …) so a SIEM maps them by name.
import type { Alert, Severity } from '../model/index.js';

export const CEF_VENDOR = 'ciphertrail';
export const CEF_PRODUCT = 'ciphertrail';
export const CEF_VERSION = '0.1.0';

/** CEF severity 0..10 */
export const CEF_SEVERITY: Record<Severity, number> = { low: 3, medium: 5, high: 8, critical: 10 };

const header = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const ext = (s: string) => s.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r?\n|\r/g, '\\n');

export function toCef(a: Alert, final: boolean): string {
  const fields: [string, string | number][] = [
    ['rt', a.last_ts], ['start', a.first_ts], ['end', a.last_ts],
    ['externalId', a.id],
    ['cn1Label', 'rev'], ['cn1', a.rev],
    ['cs1Label', 'final'], ['cs1', final ? 'true' : 'false'],
    ['cn2Label', 'score'], ['cn2', a.score],
    ['cfp1Label', 'confidence'], ['cfp1', a.confidence],
    ['deviceExternalId', a.device],
    ['sproc', a.app],
    ['cs2Label', 'technique'], ['cs2', a.technique],
    ['cs3Label', 'facets'], ['cs3', Object.keys(a.facets).join(',')],
    ['cs4Label', 'destinations'], ['cs4', a.exposure.destinations.join(',')],
    ['cs5Label', 'data_categories'], ['cs5', a.exposure.data_categories.join(',')],
    ['cn3Label', 'bytes_sent'], ['cn3', a.exposure.bytes_sent],
    ['msg', a.summary],
  ];
  const name = `${a.app} encrypted collected data and sent it out (${a.technique})`;
  return `CEF:0|${header(CEF_VENDOR)}|${header(CEF_PRODUCT)}|${header(CEF_VERSION)}|${header(a.analytic)}|${header(name)}|${CEF_SEVERITY[a.severity]}|`
    + fields.map(([k, v]) => `${k}=${ext(String(v))}`).join(' ');
}

