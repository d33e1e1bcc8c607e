// Hand-written labels and alerts for the eval tests.
import type { Alert, LabelsFile, ScenarioLabel, Severity } from '../model/index.js';

export function label(scenario: string, malicious: boolean, device: string, app: string, twin?: string): ScenarioLabel {
  return { scenario, malicious, ...(twin ? { twin } : {}), device, app, note: `${scenario} on ${device}` };
}

export function alert(id: string, device: string, app: string, severity: Severity, score: number, rev = 1): Alert {
  return {
    kind: 'alert', analytic: 'AN1731', technique: 'T1521.001', id, rev, device, app,
    first_ts: 1_700_000_000_000, last_ts: 1_700_000_060_000, score, severity, confidence: 0.9,
    facets: {}, missing: [], evidence: [], summary: `${app} on ${device}`,
    exposure: { data_categories: [], data_items: 0, bytes_encrypted: 0, bytes_staged: 0, bytes_sent: 0, destinations: [], staged_paths: [] },
  };
}

/** Two twin pairs: `anubis` is caught on both devices but its twin alerts too (FP); `cerberus` is
 *  missed (FN) and its twin stays quiet (TN). */
export const LABELS: LabelsFile = {
  version: 1,
  seed: 7,
  scenarios: [
    label('cerberus-aes', true, 'dev-3', 'com.cerb.mal', 'cerberus-aes-twin'),
    label('anubis-rc4', true, 'dev-1', 'com.anubis.mal', 'anubis-rc4-twin'),
    label('anubis-rc4', true, 'dev-2', 'com.anubis.mal', 'anubis-rc4-twin'),
    label('anubis-rc4-twin', false, 'dev-1', 'com.vpn.good', 'anubis-rc4'),
    label('cerberus-aes-twin', false, 'dev-4', 'com.backup.good', 'cerberus-aes'),
  ],
};

export const ALERTS: Alert[] = [
  alert('a-1', 'dev-1', 'com.anubis.mal', 'high', 78),
  alert('a-2', 'dev-2', 'com.anubis.mal', 'medium', 52),
  alert('t-1', 'dev-1', 'com.vpn.good', 'medium', 45),
  alert('u-1', 'dev-9', 'com.unknown', 'critical', 91),
  alert('u-2', 'dev-9', 'com.unknown', 'low', 20),
];
