// Keyed fingerprints (telemetry v1.1 fp_scheme hmac-sha256-16) change what a key's fingerprint
// looks like, not which fingerprints are equal: the same labelled scenarios give the same alerts
// (key reuse, cross-device reuse of one hard-coded key) with every key_fp/iv_fp re-keyed. And the
// host adapters compute the same keyed fingerprint as the Frida sensor for the same secret.
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../sensor/frida/src/fingerprint.js';
import { keyFingerprinter } from '../src/adapters/shared/key-fp.js';
import { droidmonAdapter } from '../src/adapters/droidmon/index.js';
import { alertsOf, ct, tmp } from './helpers.js';

const SECRET = 'deployment-secret-0123456789abcdef';

describe('keyed fingerprints', () => {
  it('the Frida sensor (pure HMAC) and the host adapters (node HMAC) agree for one secret, and differ from the unkeyed scheme', () => {
    const sensor = new Fingerprinter(SECRET);
    const host = keyFingerprinter(SECRET);
    for (const key of ['4711', 'dnolwplngqnu', 'x'.repeat(100), '']) {
      const b = Buffer.from(key);
      expect(sensor.of(b)).toBe(host.of(b));
      expect(host.of(b)).toBe(createHmac('sha256', SECRET).update(b).digest('hex').slice(0, 32));
      expect(new Fingerprinter(undefined).of(b)).toBe(keyFingerprinter(undefined).of(b));
      expect(host.of(b)).not.toBe(keyFingerprinter(undefined).of(b));
    }
    expect(new Fingerprinter('other-deployment-secret-xyz').of(Buffer.from('4711'))).not.toBe(sensor.of(Buffer.from('4711')));
  });

  it('an adapter given the secret writes keyed key fingerprints and names the scheme', async () => {
    const file = new URL('../src/adapters/droidmon/fixtures/valid-crypto.log', import.meta.url).pathname;
    const plain = await droidmonAdapter.convert(file, { file });
    const keyed = await droidmonAdapter.convert(file, { file, fpSecret: SECRET });
    const fps = (evs: Record<string, unknown>[]) => evs.filter((e) => e.key_fp).map((e) => [e.type, e.key_fp, e.fp_scheme]);
    expect(fps(plain.events).length).toBeGreaterThan(0);
    expect(fps(plain.events).every(([, , s]) => s === undefined)).toBe(true);
    expect(fps(keyed.events).every(([, , s]) => s === 'hmac-sha256-16')).toBe(true);
    expect(fps(keyed.events).map(([, f]) => f)).not.toEqual(fps(plain.events).map(([, f]) => f));
    // equal keys stay equal: the pattern of equalities is the same
    const pattern = (evs: Record<string, unknown>[]) => { const ids = new Map<unknown, number>(); return fps(evs).map(([, f]) => { if (!ids.has(f)) ids.set(f, ids.size); return ids.get(f); }); };
    expect(pattern(keyed.events)).toEqual(pattern(plain.events));
  });

  it('key reuse and cross-device reuse give the same alerts with every fingerprint re-keyed', () => {
    const dir = tmp('ct-keyed-');
    expect(ct(['simulate', '--out', dir, '--scenario', 'all', '--seed', '3']).status).toBe(0);
    const src = readFileSync(join(dir, 'all.ndjson'), 'utf8');
    const rekey = (fp: string) => createHmac('sha256', SECRET).update(Buffer.from(fp, 'hex')).digest('hex').slice(0, 32);
    const keyed = src.trim().split('\n').map((l) => {
      const e = JSON.parse(l);
      if (typeof e.key_fp !== 'string' && typeof e.iv_fp !== 'string') return l;
      if (typeof e.key_fp === 'string') e.key_fp = rekey(e.key_fp);
      if (typeof e.iv_fp === 'string') e.iv_fp = rekey(e.iv_fp);
      e.fp_scheme = 'hmac-sha256-16';
      return JSON.stringify(e);
    }).join('\n') + '\n';
    expect(keyed).not.toBe(src);
    writeFileSync(join(dir, 'keyed.ndjson'), keyed);
    const run = (f: string) => alertsOf(ct(['detect', join(dir, f), '--policy', join(dir, 'policy.yaml')]).stdout)
      .map((a: any) => ({
        app: a.app, device: a.device, severity: a.severity, score: a.score,
        strengths: Object.fromEntries(Object.entries(a.facets ?? {}).map(([k, v]: [string, any]) => [k, v.strength])),
        devicesWithKey: a.facets?.key_reuse?.devices_with_key, uses: a.facets?.key_reuse?.uses,
      }));
    const before = run('all.ndjson');
    const after = run('keyed.ndjson');
    expect(before.length).toBeGreaterThan(5);
    expect(after).toEqual(before);
    // the cross-device scenario: one hard-coded key on 3 devices, still matched across them
    expect(before.filter((a) => a.app === 'com.wallpaper.hd.live').map((a) => a.devicesWithKey)).toContain(3);
  });
});
