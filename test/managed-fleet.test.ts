// A managed fleet as users run it: `simulate --managed-fleet`, then detect and coverage on what
// the EMM collects alone, and on the same fleet with the Frida sensor added (a join per device).
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp, alertsOf, checkAlerts } from './helpers.js';

let dir = '';
const f = (name: string) => join(dir, name);
type A = Record<string, any>;

beforeAll(() => {
  dir = tmp('ct-managed-');
  const r = ct(['simulate', '--out', dir, '--managed-fleet', '--seed', '4']);
  expect(r.status, r.stderr).toBe(0);
});

const labels = () => JSON.parse(readFileSync(f('labels.json'), 'utf8')).scenarios as A[];
const EMM = () => [f('usage-logs.ndjson'), f('dpc-logs.ndjson')];

/** detect on `files`: exactly the labelled malicious (device, app) pairs alert (their twins stay quiet) */
function alertsOnMalicious(files: string[], policy: string): { alerts: A[]; stdout: string } {
  const r = ct(['detect', '--from', 'auto', ...files, '--policy', f(policy)]);
  expect(r.status, r.stderr).toBe(0);
  const alerts = alertsOf(r.stdout) as A[];
  const bad = labels().filter((l) => l.malicious).map((l) => `${l.device}/${l.app}`).sort();
  expect(alerts.map((a) => `${a.device}/${a.app}`).sort()).toEqual(bad);
  return { alerts, stdout: r.stdout };
}

describe('managed fleet', () => {
  test('EMM logs alone raise nothing under the default policy: the analytic does not pretend', () => {
    const r = ct(['detect', '--from', 'auto', ...EMM(), '--policy', f('policy.yaml')]);
    expect(r.status, r.stderr).toBe(0);
    expect(alertsOf(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/usage-logs\.ndjson \(amapi\)/);
    expect(r.stderr).toMatch(/dpc-logs\.ndjson \(dpc-logs\)/);
  });

  test('with partial_chains the stealer is a low, labelled partial chain with its gaps; its daytime twin stays quiet', () => {
    const { alerts, stdout } = alertsOnMalicious(EMM(), 'policy-partial.yaml');
    for (const a of alerts) {
      expect(a.severity).toBe('low');
      expect(a.summary).toMatch(/^Partial chain \(no crypto telemetry, network metadata only; raised because the policy sets partial_chains\)/);
      expect(a.partial_chain).toMatchObject({ key_event: expect.stringMatching(/^amapi-\d+$/), beacon: true });
      expect(a.missing).toEqual(['crypto', 'staging']);
      expect(a.partly_visible).toEqual(['key_reuse', 'background', 'network']);
      expect(a.confidence).toBe(Math.round(((6 - 2 - 1.5) / 6) * 100) / 100);
      expect(a.facet_sources).toBeUndefined(); // one source on the device
    }
    const out = join(dir, 'partial.ndjson');
    writeFileSync(out, stdout);
    expect(checkAlerts(out).status).toBe(0);
  });

  test('the same fleet with the sensor: one timeline per device, a high full chain with each facet credited to its sources', () => {
    const { alerts } = alertsOnMalicious([...EMM(), f('sensor.ndjson')], 'policy-partial.yaml');
    for (const a of alerts) {
      expect(a.severity).toBe('high');
      expect(a.partial_chain).toBeUndefined();
      expect(a.confidence).toBe(1);
      expect(a.facet_sources).toMatchObject({ crypto: ['frida'], staging: ['frida'], network: ['amapi', 'frida'], background: ['amapi', 'frida'] });
      // the evidence holds records of both sources
      expect(a.evidence.some((e: string) => e.startsWith('amapi-'))).toBe(true);
      expect(a.evidence.some((e: string) => e.startsWith('frida-'))).toBe(true);
    }
  });

  test('coverage shows what the sensor adds: partly and blind facets on the EMM-only fleet, the closing sensor named', () => {
    const emm = JSON.parse(ct(['coverage', '--from', 'auto', ...EMM(), '--policy', f('policy.yaml'), '--format', 'json']).stdout);
    const both = JSON.parse(ct(['coverage', '--from', 'auto', ...EMM(), f('sensor.ndjson'), '--policy', f('policy.yaml'), '--format', 'json']).stdout);
    expect(emm.summary.devices).toBe(6);
    for (const d of emm.devices) expect(d.facets).toEqual({ crypto: 'blind', key_reuse: 'partly', staging: 'blind', background: 'partly', network: 'partly', inconsistency: 'visible' });
    for (const d of both.devices) expect(Object.values(d.facets).every((v) => v === 'visible')).toBe(true);
    expect(emm.summary.coverage_score).toBe(41.7);
    expect(both.summary.coverage_score).toBe(100);
    const closers = Object.fromEntries(emm.summary.facets.map((x: A) => [x.facet, x.closed_by]));
    expect(closers.crypto).toMatch(/Frida sensor.*sandbox/);
    expect(closers.network).toMatch(/PCAPdroid/);
    const table = ct(['coverage', '--from', 'auto', ...EMM(), '--policy', f('policy.yaml')]).stdout;
    expect(table).toMatch(/network\s+0\s+6\s+0\s+a VPN-based capture \(PCAPdroid\)/);
  });

  test('the same seed writes the same files', () => {
    const again = tmp('ct-managed-');
    expect(ct(['simulate', '--out', again, '--managed-fleet', '--seed', '4']).status).toBe(0);
    for (const name of ['usage-logs.ndjson', 'dpc-logs.ndjson', 'sensor.ndjson', 'labels.json']) {
      expect(readFileSync(join(again, name), 'utf8'), name).toBe(readFileSync(f(name), 'utf8'));
    }
  });
});
