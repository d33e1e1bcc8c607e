import { describe, expect, it } from 'vitest';
import { checkPolicy } from './check-policy.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe('checkPolicy', () => {
  it('summarises a valid policy with units and counts', async () => {
    const path = fixture('valid-full.yaml');
    const r = await checkPolicy(path);
    expect(r.ok).toBe(true);
    expect(r.text.split('\n')[0]).toBe(`${path}: policy OK (version 1)`);
    expect(r.text).toContain('time_window                10m (600000 ms)');
    expect(r.text).toContain('entropy_threshold          7.2 bits/byte');
    expect(r.text).toContain('apps: 3 in inventory, 2 approved');
    expect(r.text).toContain('allowed_crypto_apps: 1: org.thoughtcrime.securesms');
    expect(r.text).toContain('severity: medium ≥ 40, high ≥ 65, critical ≥ 85');
    expect(r.json).toMatchObject({ ok: true, file: path, summary: { apps: 3, approved_apps: 2 }, policy: { version: 1 } });
  });

  it('marks values left at their defaults', async () => {
    const r = await checkPolicy(fixture('valid-policy.json'));
    expect(r.text).toContain('time_window                1.5m (90000 ms)\n');
    expect(r.text).toMatch(/foreground_state_required +false +\(default\)/);
  });

  it('lists every problem as FILE:LINE: code [field]: message', async () => {
    const path = fixture('invalid-many.yaml');
    const r = await checkPolicy(path);
    expect(r.ok).toBe(false);
    const lines = r.text.split('\n');
    expect(lines).toHaveLength(8);
    for (const l of lines) expect(l).toMatch(/^.+:\d+: [a-z_]+ \[[\w.\[\]]+\]: .+$/);
    expect(lines[0]).toBe(`${path}:1: unsupported_version [version]: only policy version 1 is supported, got 2`);
    expect(r.json).toMatchObject({ ok: false, file: path });
    expect((r.json as { issues: unknown[] }).issues).toHaveLength(8);
  });

  it('reports the typo with its suggestion', async () => {
    const path = fixture('invalid-typo.yaml');
    const r = await checkPolicy(path);
    expect(r.text).toBe(`${path}:3: unknown_key [thresholds.time_wndow]: unknown key \`time_wndow\`; did you mean \`time_window\`?`);
  });

  it('fails on an unreadable file', async () => {
    const r = await checkPolicy(fixture('no-such-file.yaml'));
    expect(r.ok).toBe(false);
    expect(r.text).toMatch(/no-such-file\.yaml: read_error: cannot read policy file: no such file$/);
  });
});
