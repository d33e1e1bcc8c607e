// Coverage from hand-made telemetry: data components, blind facets per device, app-level gaps,
// the fleet summary and the Navigator layer.
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, type TelemetryEvent } from '../model/index.js';
import { CoverageAccumulator, buildCoverage, navigatorLayer, formatCoverageHtml, formatCoverageTable } from './index.js';

const ev = (x: Partial<TelemetryEvent> & { type: string; device: string }): TelemetryEvent => ({ ts: 1000, ...x } as TelemetryEvent);

function fleet() {
  const acc = new CoverageAccumulator();
  // d1: everything but inventory facts
  acc.add(ev({ device: 'd1', app: 'a', type: 'crypto.op', dir: 'encrypt', alg: 'AES', key_fp: 'k' } as never));
  acc.add(ev({ device: 'd1', app: 'a', type: 'data.access', category: 'sms' } as never));
  acc.add(ev({ device: 'd1', app: 'a', type: 'net.send', bytes_out: 5, dst_ip: '1.2.3.4', ts: 5000 } as never));
  acc.add(ev({ device: 'd1', type: 'device.state', screen: 'off' } as never));
  acc.add(ev({ device: 'd1', app: 'b', type: 'app.info', permissions: ['INTERNET'], installer: 'sideload' } as never));
  // d2: network only (a capture)
  acc.add(ev({ device: 'd2', app: 'a', type: 'net.send', bytes_out: 5, dst_ip: '1.2.3.4', ts: 500 } as never));
  // d3: crypto without key fingerprints, plus state
  acc.add(ev({ device: 'd3', app: 'c', type: 'crypto.op', dir: 'encrypt', alg: 'RC4' } as never));
  acc.add(ev({ device: 'd3', app: 'c', type: 'app.state', state: 'service' } as never));
  return acc;
}

describe('coverage', () => {
  test('per device: components, blind facets like the engine names them, score', () => {
    const r = buildCoverage(fleet(), DEFAULT_POLICY);
    const [d1, d2, d3] = r.devices;
    expect(d1.device).toBe('d1');
    expect(d1.components).toEqual({ DC0021: true, DC0039: false, DC0123: true, DC0114: true, network: true });
    expect(d1.blind_facets).toEqual([]); // app b's installer makes fit judgeable on d1
    // device.state alone: lock and screen, not the app's own state
    expect(d1.partly_facets).toEqual(['background']);
    expect(d1.score).toBe(91.7);
    expect(d2.blind_facets).toEqual(['crypto', 'key_reuse', 'staging', 'background', 'inconsistency']);
    expect(d2.score).toBe(16.7);
    expect(d3.blind_facets).toEqual(['key_reuse', 'staging', 'network', 'inconsistency']);
    // app level: app a on d1 has no inventory facts of its own
    expect(d1.apps.find((a) => a.app === 'a')!.unseen_facets).toEqual(['background', 'inconsistency']);
  });

  test('managed-device telemetry: connects without bytes, alias-only keys and inferred states are partly visible, with the sensor that closes each gap', () => {
    const acc = new CoverageAccumulator();
    acc.add(ev({ device: 'e1', type: 'device.state', locked: true } as never));
    acc.add(ev({ device: 'e1', app: 'a', type: 'app.state', state: 'background', inferred: true } as never));
    acc.add(ev({ device: 'e1', app: 'a', type: 'crypto.key', key_fp: 'k', fp_scheme: 'keystore-alias', alg: 'unknown', origin: 'keystore' } as never));
    acc.add(ev({ device: 'e1', app: 'a', type: 'net.send', dst_ip: '192.0.2.1', dst_port: 443 } as never));
    // the same device with the sensor: crypto ops with key fingerprints, sends with bytes, the app's state
    const both = new CoverageAccumulator();
    for (const [d] of acc.devices) expect(d).toBe('e1');
    both.add(ev({ device: 'e1', type: 'device.state', locked: true } as never));
    both.add(ev({ device: 'e1', app: 'a', type: 'net.send', dst_ip: '192.0.2.1', dst_port: 443 } as never));
    both.add(ev({ device: 'e1', app: 'a', type: 'crypto.op', dir: 'encrypt', alg: 'AES', key_fp: 'k2' } as never));
    both.add(ev({ device: 'e1', app: 'a', type: 'net.send', dst_ip: '192.0.2.1', bytes_out: 900 } as never));
    both.add(ev({ device: 'e1', app: 'a', type: 'app.state', state: 'service' } as never));
    const emm = buildCoverage(acc, DEFAULT_POLICY), sensor = buildCoverage(both, DEFAULT_POLICY);
    expect(emm.devices[0].facets).toEqual({ crypto: 'blind', key_reuse: 'partly', staging: 'blind', background: 'partly', network: 'partly', inconsistency: 'blind' });
    expect(emm.devices[0].score).toBe(25);
    expect(sensor.devices[0].facets).toEqual({ crypto: 'visible', key_reuse: 'visible', staging: 'blind', background: 'visible', network: 'visible', inconsistency: 'blind' });
    const net = emm.summary.facets.find((f) => f.facet === 'network')!;
    expect(net).toMatchObject({ blind_devices: 0, partly_devices: 1, partly_percent: 100 });
    expect(net.closed_by).toMatch(/PCAPdroid/);
    expect(emm.summary.findings.join('\n')).toMatch(/show network only in part \(destinations and timing, no bytes, TLS or payload\): closed by a VPN-based capture/);
    expect(emm.summary.findings.join('\n')).toMatch(/send no crypto telemetry: .*; closed by the Frida sensor/);
    expect(formatCoverageTable(emm)).toMatch(/e1 .* partly: key_reuse, background, network/);
  });

  test('an inventory in the policy makes inconsistency visible everywhere', () => {
    const r = buildCoverage(fleet(), { ...DEFAULT_POLICY, apps: [{ package: 'a', approved: true }] });
    expect(r.devices.every((d) => !d.blind_facets.includes('inconsistency'))).toBe(true);
  });

  test('fleet summary: percentages, findings, span, coverage score', () => {
    const s = buildCoverage(fleet(), DEFAULT_POLICY).summary;
    expect(s).toMatchObject({ devices: 3, apps: 3, pairs: 4, events: 8, first_ts: 500, last_ts: 5000 });
    expect(s.facets.find((f) => f.facet === 'crypto')).toMatchObject({ facet: 'crypto', blind_devices: 1, percent: 33.3, partly_devices: 0 });
    expect(s.findings[0]).toBe('33.3% of devices (1/3) send no crypto telemetry: AN1731 is blind there (a chain needs its encryption end; send-only chains stay below high); closed by the Frida sensor (ciphertrail collect) on the device, or the app run in a sandbox (CuckooDroid/droidmon, MobSF)');
    expect(s.coverage_score).toBe(Math.round(((91.7 + 16.7 + 33.3) / 3) * 10) / 10);
    expect(s.components.find((c) => c.id === 'network')).toMatchObject({ devices: 2, percent: 66.7 });
  });

  test('Navigator layer: version 4.5, mobile domain, T1521.001 scored with the coverage', () => {
    const r = buildCoverage(fleet(), DEFAULT_POLICY);
    const l = navigatorLayer(r);
    expect(l.versions.layer).toBe('4.5');
    expect(l.domain).toBe('mobile-attack');
    const t = l.techniques.find((x) => x.techniqueID === 'T1521.001')!;
    expect(t.score).toBe(r.summary.coverage_score);
    expect(t.comment).toMatch(/crypto blind on 33.3% of devices/);
    // the fields Navigator 4.x needs to load a layer, with their types
    const j = JSON.parse(JSON.stringify(l));
    expect(typeof j.name).toBe('string');
    expect(j.versions.navigator).toMatch(/^4\.\d+(\.\d+)?$/);
    expect(j.versions.attack).toMatch(/^\d+$/);
    for (const x of j.techniques) {
      expect(x.techniqueID).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(typeof x.enabled).toBe('boolean');
      expect(Array.isArray(x.metadata)).toBe(true);
      if (x.score !== undefined) expect(x.score).toBeGreaterThanOrEqual(j.gradient.minValue);
      if (x.score !== undefined) expect(x.score).toBeLessThanOrEqual(j.gradient.maxValue);
    }
    expect(j.gradient.colors.length).toBeGreaterThanOrEqual(2);
    expect(j.filters.platforms).toEqual(['Android']);
  });

  test('HTML escapes device and app names; table lists every device', () => {
    const acc = new CoverageAccumulator();
    acc.add(ev({ device: '<img src=x onerror=alert(1)>', app: 'a"b', type: 'net.send', bytes_out: 1, dst_ip: '1.1.1.1' } as never));
    const r = buildCoverage(acc, DEFAULT_POLICY);
    const html = formatCoverageHtml(r);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(formatCoverageTable(buildCoverage(fleet(), DEFAULT_POLICY)).split('\n').filter((l) => /^d\d /.test(l)).length).toBe(3);
  });

  test('empty input: blind everywhere, no division by zero', () => {
    const s = buildCoverage(new CoverageAccumulator(), DEFAULT_POLICY).summary;
    expect(s).toMatchObject({ devices: 0, coverage_score: 0, first_ts: null });
    expect(s.findings).toEqual(['no telemetry: AN1731 is blind everywhere']);
  });
});
