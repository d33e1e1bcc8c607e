import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../model/index.js';
import { endpointOf, OcsfSink, toDetectionFinding } from './ocsf-sink.js';
import { need } from '../../test/need.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
const lines = (s: string) => s.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, any>);

/** the engine's own alert for the Anubis scenario (needs `npm run build`, which `npm test` does) */
function engineAlerts(): { alerts: Alert[]; ocsf: Record<string, any>[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ct-ocsf-sink-'));
  const sim = run(['simulate', '--out', dir, '--scenario', 'anubis-rc4-b64']);
  expect(sim.status, sim.stderr).toBe(0);
  const input = join(dir, 'anubis-rc4-b64.ndjson');
  const det = run(['detect', input]);
  expect(det.status, det.stderr).toBe(0);
  const ocsf = run(['detect', input, '--format', 'ocsf']);
  expect(ocsf.status, ocsf.stderr).toBe(0);
  return { alerts: lines(det.stdout) as unknown as Alert[], ocsf: lines(ocsf.stdout) };
}

describe.skipIf(!need('dist/ (the built CLI)', existsSync(CLI), 'npm run build'))('OcsfSink on a real engine alert (anubis-rc4-b64)', () => {
  it('is a Detection Finding carrying the alert, and detect --format ocsf writes the same', () => {
    const { alerts, ocsf } = engineAlerts();
    expect(alerts).toHaveLength(1);
    const a = alerts[0];
    // detect writes the final version only: it is the finding's first record, so a Create
    const f = toDetectionFinding(a, true);
    expect(f).toMatchObject({
      class_uid: 2004, category_uid: 2, activity_id: 1, type_uid: 200401,
      severity_id: { low: 2, medium: 3, high: 4, critical: 5 }[a.severity], time: a.last_ts, is_alert: true,
      finding_info: {
        uid: a.id, desc: a.summary, first_seen_time: a.first_ts, last_seen_time: a.last_ts,
        analytic: { uid: 'AN1731', type_id: 1, type: 'Rule' },
        attacks: [{ technique: { uid: 'T1521.001', name: 'Symmetric Cryptography' }, tactic: { uid: 'TA0037', name: 'Command and Control' }, version: '18.1' }],
      },
      device: { uid: a.device },
      risk_score: a.score,
      confidence_score: Math.round(a.confidence * 100),
      metadata: { product: { name: 'ciphertrail', vendor_name: 'ciphertrail' }, version: '1.1.0' },
      unmapped: { facets: a.facets, missing: a.missing, exposure: a.exposure, evidence: a.evidence, rev: a.rev },
    });
    expect(typeof (f.finding_info as any).title).toBe('string');
    // every destination and the app are evidence and observables
    const obs = (f.observables as { type_id: number; value: string }[]);
    expect(obs).toContainEqual(expect.objectContaining({ type_id: 9, value: a.app }));
    for (const d of a.exposure.destinations) {
      const host = d.replace(/:\d+$/, '');
      expect(obs.some((o) => (o.type_id === 1 || o.type_id === 2) && o.value === host)).toBe(true);
      expect((f.evidences as any[]).some((e) => (e.dst_endpoint?.hostname ?? e.dst_endpoint?.ip) === host)).toBe(true);
    }
    expect(ocsf).toEqual([JSON.parse(JSON.stringify(f))]);
  });
});

const ALERT: Alert = {
  kind: 'alert', analytic: 'AN1731', technique: 'T1521.001', id: 'an1731-0000', rev: 1, device: 'd-01', app: 'com.flash.tools',
  first_ts: 1, last_ts: 2, score: 35, severity: 'low', confidence: 0.5, facets: {}, missing: ['crypto'],
  exposure: { data_categories: [], data_items: 0, bytes_encrypted: 0, bytes_staged: 0, bytes_sent: 9, destinations: ['185.22.1.9:8080', 'c2.example:443', '2001:db8::7:443'], staged_paths: [] },
  evidence: ['e1'], summary: 's',
};

describe('OcsfSink', () => {
  it('rev 1 is a Create; severities map 2..5; destinations become endpoints', () => {
    const f = toDetectionFinding(ALERT);
    expect(f).toMatchObject({ activity_id: 1, type_uid: 200401, severity_id: 2, confidence_score: 50 });
    expect(f.evidences).toEqual([
      { process: { name: 'com.flash.tools' } },
      { dst_endpoint: { ip: '185.22.1.9', port: 8080 } },
      { dst_endpoint: { hostname: 'c2.example', port: 443 } },
      { dst_endpoint: { ip: '2001:db8::7', port: 443 } },
    ]);
    for (const [sev, id] of [['medium', 3], ['high', 4], ['critical', 5]] as const) {
      expect(toDetectionFinding({ ...ALERT, severity: sev, rev: 3 })).toMatchObject({ severity_id: id, activity_id: 2, type_uid: 200402 });
    }
    expect(endpointOf('host.example')).toEqual({ hostname: 'host.example' });
    expect(endpointOf('2001:db8::1')).toEqual({ ip: '2001:db8::1' });
  });

  it('writes one finding per line', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const sink = new OcsfSink(out, true);
    sink.write(ALERT);
    sink.write({ ...ALERT, rev: 2, score: 41, severity: 'medium' });
    await sink.close();
    const got = lines(Buffer.concat(chunks).toString('utf8'));
    expect(got.map((x) => [x.activity_id, x.severity_id, x.finding_info.uid])).toEqual([[1, 2, 'an1731-0000'], [2, 3, 'an1731-0000']]);
  });
});

describe('OcsfSink activity', () => {
  it('is Create on the first record of an id, whatever its rev, and Update after', async () => {
    const out: string[] = [];
    const w = new Writable({ write(c, _e, cb) { out.push(String(c)); cb(); } });
    const sink = new OcsfSink(w);
    sink.write({ ...ALERT, rev: 4 });
    sink.write({ ...ALERT, rev: 5 });
    sink.write({ ...ALERT, id: 'an1731-other', rev: 2 });
    await sink.close();
    const types = out.join('').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { type_uid: number }).type_uid);
    expect(types).toEqual([200401, 200402, 200401]);
  });
});
