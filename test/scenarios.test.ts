// Replays every scenario of the library against golden alert files (explanations included),
// checks them against the alert contract, and measures detection quality with `eval`.
import { describe, expect, test, beforeAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ct, checkAlerts, tmp, alertsOf, ROOT } from './helpers.js';

const GOLDEN = join(ROOT, 'test/golden');
const update = process.env.UPDATE_GOLDEN === '1';
const dir = tmp('ct-scen-');

beforeAll(() => {
  const r = ct(['simulate', '--out', dir, '--scenario', 'all', '--seed', '1']);
  expect(r.status, r.stderr).toBe(0);
});

describe('scenario library', () => {
  test('every scenario replays to its golden alerts', () => {
    const policy = join(dir, 'policy.yaml');
    const names = readdirSync(dir).filter((f) => f.endsWith('.ndjson') && f !== 'all.ndjson').map((f) => f.replace(/\.ndjson$/, '')).sort();
    expect(names.length).toBeGreaterThanOrEqual(30);
    if (update) mkdirSync(GOLDEN, { recursive: true });
    for (const name of names) {
      const r = ct(['detect', join(dir, `${name}.ndjson`), '--policy', policy]);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      const golden = join(GOLDEN, `${name}.alerts.ndjson`);
      if (update) writeFileSync(golden, r.stdout);
      expect(existsSync(golden), `golden file for ${name} (run with UPDATE_GOLDEN=1)`).toBe(true);
      expect(r.stdout, name).toBe(readFileSync(golden, 'utf8'));
    }
  });

  test('labelled malicious scenarios alert, every benign twin stays quiet', () => {
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
    const alerts = ct(['detect', join(dir, 'all.ndjson'), '--policy', join(dir, 'policy.yaml')]);
    const file = join(dir, 'alerts.ndjson');
    writeFileSync(file, alerts.stdout);
    expect(checkAlerts(file).status).toBe(0);
    const report = JSON.parse(ct(['eval', '--labels', join(dir, 'labels.json'), file, '--json']).stdout);
    const byName = new Map(report.scenarios.map((s: { scenario: string }) => [s.scenario, s]));
    for (const l of labels.scenarios) {
      const s = byName.get(l.scenario) as { tp: number; fp: number };
      if (l.malicious) expect(s.tp, `${l.scenario} caught`).toBeGreaterThan(0);
      else expect(s.fp, `${l.scenario} quiet`).toBe(0);
    }
    // what is measured is written to the eval table of docs/detection.md; the test guards against regressions
    expect(report.overall.recall).toBe(1);
    expect(report.overall.precision_strict).toBe(1);
  });

  test('concatenated scenarios give the same alerts as each alone (contexts do not interfere)', () => {
    const all = alertsOf(ct(['detect', join(dir, 'all.ndjson'), '--policy', join(dir, 'policy.yaml')]).stdout);
    const ids = all.map((a) => a.id).sort();
    const golden = readdirSync(GOLDEN).filter((f) => f.endsWith('.alerts.ndjson')).flatMap((f) => alertsOf(readFileSync(join(GOLDEN, f), 'utf8'))).map((a) => a.id).sort();
    // the shared-key scenario spans devices: same ids either way
    expect(ids).toEqual(golden);
  });

  test('input shuffled within the lateness gives byte-identical alerts', () => {
    const lines = readFileSync(join(dir, 'all.ndjson'), 'utf8').trim().split('\n');
    // deterministic local shuffle: swap neighbours whose timestamps are less than 20 s apart
    const ts = lines.map((l) => JSON.parse(l).ts as number);
    for (let i = 0; i + 1 < lines.length; i += 2) {
      if (ts[i + 1] - ts[i] < 20_000) { [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]]; }
    }
    // and reverse blocks of 7 lines within the same 20 s
    for (let i = 0; i + 7 <= lines.length; i += 7) {
      const block = lines.slice(i, i + 7);
      const t = block.map((l) => JSON.parse(l).ts as number);
      if (Math.max(...t) - Math.min(...t) < 20_000) lines.splice(i, 7, ...block.reverse());
    }
    const shuffled = join(dir, 'shuffled.ndjson');
    writeFileSync(shuffled, lines.join('\n') + '\n');
    const a = ct(['detect', join(dir, 'all.ndjson'), '--policy', join(dir, 'policy.yaml')]).stdout;
    const b = ct(['detect', shuffled, '--policy', join(dir, 'policy.yaml'), '--stats']);
    expect(b.stdout).toBe(a);
    expect(JSON.parse(b.stderr.trim().split('\n').pop()!).engine.late).toBe(0);
  });
});
