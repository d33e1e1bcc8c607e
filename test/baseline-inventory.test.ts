// `baseline`, `baseline merge`, `inventory propose|diff` as users run them, on the scenario
// library (simulate --seed 1), against golden files.
import { beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp, ROOT } from './helpers.js';
import { parsePolicy } from '../src/policy/index.js';

const GOLDEN = join(ROOT, 'test/golden');
const update = process.env.UPDATE_GOLDEN === '1';
const dir = tmp('ct-inv-');
const baseline = join(dir, 'baseline.json');
const policy = join(dir, 'policy.yaml');

function golden(name: string, text: string): void {
  const file = join(GOLDEN, name);
  if (update) writeFileSync(file, text);
  expect(existsSync(file), `golden ${name} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(text, name).toBe(readFileSync(file, 'utf8'));
}

beforeAll(() => {
  expect(ct(['simulate', '--out', dir, '--scenario', 'all', '--seed', '1']).status).toBe(0);
  const r = ct(['baseline', join(dir, 'all.ndjson'), '--out', baseline]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/baseline: 42 app\(s\)/);
});

describe('baseline', () => {
  test('merging per-scenario baselines gives the bytes of one run over all', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson') && f !== 'all.ndjson').sort();
    // three parts of the library (scenarios run on their own devices)
    const parts = [0, 1, 2].map((k) => {
      const out = join(dir, `part-${k}.json`);
      expect(ct(['baseline', ...files.filter((_, i) => i % 3 === k).map((f) => join(dir, f)), '--out', out]).status).toBe(0);
      return out;
    });
    const merged = join(dir, 'merged.json');
    const r = ct(['baseline', 'merge', ...parts.reverse(), '--out', merged]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(merged, 'utf8')).toBe(readFileSync(baseline, 'utf8'));
  });

  test('--since/--until bound by event time; a duration counts back from the newest event', () => {
    const out = join(dir, 'since.json');
    const r = ct(['baseline', join(dir, 'all.ndjson'), '--out', out, '--since', '10m']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/outside --since\/--until/);
    const b = JSON.parse(readFileSync(out, 'utf8'));
    const all = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(b.first_ts).toBeGreaterThanOrEqual(all.last_ts - 600_000);
    expect(b.last_ts).toBe(all.last_ts);
    const bad = ct(['baseline', join(dir, 'all.ndjson'), '--out', out, '--until', 'yesterday']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--until: want an RFC 3339 time/);
  });

  test('a bad baseline file is refused with its file and field; bad telemetry lines are reported, not fatal', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ format: 'ciphertrail-baseline', version: 1, events: 'x', apps: {} }));
    const r = ct(['inventory', 'diff', broken, '--policy', policy]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${broken}: invalid_baseline [events]: want a number`);
    const tele = join(dir, 'mixed.ndjson');
    writeFileSync(tele, '{"ts":1,"device":"d","app":"com.a.b","type":"net.send","bytes_out":1,"dst_host":"a.example.com"}\nnot json\n');
    const m = ct(['baseline', tele, '--out', join(dir, 'mixed.json')]);
    expect(m.status).toBe(0);
    expect(m.stderr).toMatch(/mixed\.ndjson:2: /);
    expect(m.stderr).toMatch(/baseline: 1 app\(s\) from 1 event/);
  });
});

describe('inventory', () => {
  test('propose: golden, loads with the policy loader, approves nothing the policy did not', () => {
    const r = ct(['inventory', 'propose', baseline, '--policy', policy]);
    expect(r.status, r.stderr).toBe(0);
    golden('inventory-propose.yaml', r.stdout);
    const p = parsePolicy(r.stdout, 'proposal.yaml');
    expect(p.issues).toEqual([]);
    const current = parsePolicy(readFileSync(policy, 'utf8'), 'policy.yaml').value!;
    const approvedBefore = new Set(current.apps.filter((a) => a.approved).map((a) => a.package));
    for (const a of p.value!.apps) if (a.approved) expect(approvedBefore.has(a.package), a.package).toBe(true);
    expect(ct(['inventory', 'propose', baseline, '--policy', policy]).stdout).toBe(r.stdout);
  });

  test('diff: golden text and JSON; the repackaged clone shows a second signer and a new domain', () => {
    const text = ct(['inventory', 'diff', baseline, '--policy', policy]);
    expect(text.status, text.stderr).toBe(0);
    golden('inventory-diff.txt', text.stdout);
    const json = ct(['inventory', 'diff', baseline, '--policy', policy, '--json']);
    golden('inventory-diff.json', json.stdout);
    const d = JSON.parse(json.stdout);
    const notes = d.deviating.find((x: { package: string }) => x.package === 'com.example.notes');
    expect(notes.findings.map((f: { code: string }) => f.code)).toEqual(expect.arrayContaining(['second_signer', 'new_domain']));
    // every malicious package of the library is unlisted and outranks every benign unlisted one
    expect(d.unlisted.length).toBeGreaterThan(5);
    expect(ct(['inventory', 'diff', baseline, '--policy', policy, '--fail-on-findings']).status).toBe(1);
  });

  test('usage errors exit 2 with help', () => {
    expect(ct(['inventory', 'diff', baseline]).stderr).toMatch(/needs --policy CURRENT/);
    expect(ct(['inventory', 'frob', baseline]).status).toBe(2);
    expect(ct(['inventory', '--help']).stdout).toMatch(/inventory propose BASELINE.json/);
    expect(ct(['baseline', '--help']).stdout).toMatch(/baseline merge/);
  });
});
