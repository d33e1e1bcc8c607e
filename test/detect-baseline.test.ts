// detect --baseline on the scenario library: a baseline learned from benign-only data of other
// seeds (devices renamed per seed, so each benign app is seen on 5 devices).
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp, alertsOf, checkAlerts } from './helpers.js';

const dir = tmp('ct-detb-');
const lib = join(dir, 'lib');
const benignBaseline = join(dir, 'benign.json');
const cloneBaseline = join(dir, 'clone-norm.json');

/** learn a baseline from the named scenarios of seeds 2..6, each seed's devices renamed */
function learnFrom(pick: (l: { scenario: string; malicious: boolean }) => boolean, out: string): void {
  const parts: string[] = [];
  for (let seed = 2; seed <= 6; seed++) {
    const d = join(dir, `seed-${seed}`);
    ct(['simulate', '--out', d, '--seed', String(seed)]);
    const labels = JSON.parse(readFileSync(join(d, 'labels.json'), 'utf8')).scenarios as { scenario: string; malicious: boolean }[];
    const names = [...new Set(labels.filter(pick).map((l) => l.scenario))];
    const file = join(d, `pick-${out.length}.ndjson`);
    writeFileSync(file, names.map((n) => readFileSync(join(d, `${n}.ndjson`), 'utf8')).join('').replaceAll('"device":"sim-', `"device":"sim-s${seed}-`));
    const part = join(d, `part-${out.length}.json`);
    expect(ct(['baseline', file, '--out', part]).status).toBe(0);
    parts.push(part);
  }
  expect(ct(['baseline', 'merge', ...parts, '--out', out]).status).toBe(0);
}

const detect = (file: string, ...extra: string[]) => {
  const r = ct(['detect', file, ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return alertsOf(r.stdout) as { app: string; device: string; score: number; severity: string; facets: Record<string, { why: string; findings?: string[]; critical?: boolean }>; summary: string }[];
};

beforeAll(() => {
  expect(ct(['simulate', '--out', lib, '--seed', '1']).status).toBe(0);
  learnFrom((l) => !l.malicious, benignBaseline);
  learnFrom((l) => l.scenario === 'repackaged-clone', cloneBaseline);
}, 120_000);

describe('detect --baseline', () => {
  test('a departure from the app\'s own baseline scores higher and says which', () => {
    const clone = join(lib, 'repackaged-clone.ndjson');
    const before = detect(clone);
    const after = detect(clone, '--baseline', benignBaseline);
    expect(after[0].score).toBeGreaterThan(before[0].score);
    const inc = after[0].facets.inconsistency;
    expect(inc.findings).toEqual(expect.arrayContaining(['baseline_destination', 'baseline_signer', 'baseline_key_origin']));
    expect(inc.why).toContain('destination notes-cdn-sync.top never seen for com.example.notes on 5 device(s)');
  });

  test('matching the fleet norm of a widely seen app lowers the score (the nightly backup goes quiet without an inventory)', () => {
    const backup = join(lib, 'backup-nightly.ndjson');
    expect(detect(backup).length).toBeGreaterThan(0);
    expect(detect(backup, '--baseline', benignBaseline)).toEqual([]);
  });

  test('the fleet norm never hides a signer mismatch', () => {
    // a baseline in which the clone's behaviour IS the norm (seen on 5 devices)
    const clone = join(lib, 'repackaged-clone.ndjson');
    const a = detect(clone, '--policy', join(lib, 'policy.yaml'), '--baseline', cloneBaseline);
    expect(a[0].facets.inconsistency.critical).toBe(true);
    expect(['high', 'critical']).toContain(a[0].severity);
    // and no norm discount at all: the same score as without the baseline
    expect(a[0].score).toBe(detect(clone, '--policy', join(lib, 'policy.yaml'))[0].score);
  });

  test('the whole library with the benign baseline: every malicious label still alerts, no benign one does, alerts valid', () => {
    const out = join(dir, 'alerts.ndjson');
    writeFileSync(out, ct(['detect', join(lib, 'all.ndjson'), '--policy', join(lib, 'policy.yaml'), '--baseline', benignBaseline]).stdout);
    expect(checkAlerts(out).status).toBe(0);
    const r = ct(['eval', '--labels', join(lib, 'labels.json'), out, '--json']);
    const overall = JSON.parse(r.stdout).overall;
    expect(overall).toMatchObject({ fp: 0, fn: 0, tp: 18 });
  });

  test('with a baseline, input shuffled within the lateness still gives byte-identical alerts', () => {
    const lines = readFileSync(join(lib, 'all.ndjson'), 'utf8').trim().split('\n');
    const ts = lines.map((l) => JSON.parse(l).ts as number);
    for (let i = 0; i + 1 < lines.length; i += 2) if (ts[i + 1] - ts[i] < 20_000) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
    const shuffled = join(dir, 'shuffled.ndjson');
    writeFileSync(shuffled, lines.join('\n') + '\n');
    for (const extra of [[], ['--policy', join(lib, 'policy.yaml')]]) {
      const a = ct(['detect', join(lib, 'all.ndjson'), '--baseline', benignBaseline, ...extra]).stdout;
      expect(a.length).toBeGreaterThan(0);
      expect(ct(['detect', shuffled, '--baseline', benignBaseline, ...extra]).stdout).toBe(a);
    }
  });

  test('eval --baseline compares the two runs per scenario (no policy: the backup and CRM false positives go, the clone rises)', () => {
    const a = join(dir, 'nopol.ndjson'), b = join(dir, 'nopol-b.ndjson');
    writeFileSync(a, ct(['detect', join(lib, 'all.ndjson')]).stdout);
    writeFileSync(b, ct(['detect', join(lib, 'all.ndjson'), '--baseline', benignBaseline]).stdout);
    const md = ct(['eval', '--labels', join(lib, 'labels.json'), a, '--baseline', b, '--markdown']);
    expect(md.status, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^\| Scenario \| Class \| TP\/FP\/FN without .*Δ score \|$/m);
    expect(md.stdout).toMatch(/^\| backup-nightly \| benign \| 0\/1\/0 \| low\/\d+ \| 0\/0\/0 \| - \| -\d+ \|$/m);
    const json = JSON.parse(ct(['eval', '--labels', join(lib, 'labels.json'), a, '--baseline', b, '--json']).stdout);
    expect(md.stdout).toMatch(/^\| approved-declared-sync \| benign \| 0\/1\/0 \| low\/\d+ \| 0\/0\/0 \| - \| -\d+ \|$/m);
    expect(json.without.overall.fp).toBe(2);
    expect(json.with_baseline.overall).toMatchObject({ fp: 0, fn: 0 });
    const clone = (r: { scenarios: { scenario: string; max_score: number }[] }) => r.scenarios.find((x) => x.scenario === 'repackaged-clone')!.max_score;
    expect(clone(json.with_baseline)).toBeGreaterThan(clone(json.without));
  });

  test('a bad baseline file fails fast with exit 2 naming it', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"nope"}');
    const r = ct(['detect', join(lib, 'mdm-agent.ndjson'), '--baseline', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: invalid_baseline [format]`);
  });
});
