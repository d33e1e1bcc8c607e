// `coverage`, `detect --evidence` + `evidence verify`, `export --to`: the CLI as users run it, on
// the scenario library (`simulate --seed 1`), against golden files (UPDATE_GOLDEN=1 rewrites them).
import { describe, expect, test, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp, alertsOf, ROOT, CLI, type Run } from './helpers.js';

const GOLDEN = join(ROOT, 'test/golden/assure');
const update = process.env.UPDATE_GOLDEN === '1';
const dir = tmp('ct-assure-');

function golden(name: string, actual: string): void {
  const f = join(GOLDEN, name);
  if (update) { mkdirSync(GOLDEN, { recursive: true }); writeFileSync(f, actual); }
  expect(existsSync(f), `golden ${name} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual, name).toBe(readFileSync(f, 'utf8'));
}

/** the CLI run inside the scenario directory, so recorded paths are relative and stable */
function ctIn(args: string[], env: Record<string, string> = {}, input?: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', input, maxBuffer: 1 << 28, env: { ...process.env, CI: 'true', CIPHERTRAIL_EVIDENCE_KEY: '', SOURCE_DATE_EPOCH: '', ...env } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const r = ct(['simulate', '--out', dir, '--scenario', 'all', '--seed', '1']);
  expect(r.status, r.stderr).toBe(0);
});

describe('coverage', () => {
  for (const [format, file] of [['table', 'coverage.txt'], ['json', 'coverage.json'], ['html', 'coverage.html'], ['navigator', 'coverage.navigator.json']]) {
    test(`--format ${format} matches its golden file`, () => {
      const r = ctIn(['coverage', 'all.ndjson', '--policy', 'policy.yaml', '--format', format]);
      expect(r.status, r.stderr).toBe(0);
      golden(file, r.stdout);
    });
  }

  test('blind facets are what the engine reports as missing in its alerts', () => {
    // strip the crypto telemetry of one device and the network of another: the gaps must agree
    const lines = readFileSync(join(dir, 'all.ndjson'), 'utf8').trim().split('\n');
    const cut = lines.filter((l) => {
      const e = JSON.parse(l);
      if (e.device === 'sim-ermac-aes-cbc-ip-d1' && e.type.startsWith('crypto.')) return false;
      if (e.device === 'sim-hook-aes-ws-beacon-d1' && e.type === 'data.access') return false;
      return true;
    });
    writeFileSync(join(dir, 'cut.ndjson'), cut.join('\n') + '\n');
    const cov = JSON.parse(ctIn(['coverage', 'cut.ndjson', '--format', 'json']).stdout);
    const alerts = alertsOf(ctIn(['detect', 'cut.ndjson']).stdout);
    expect(alerts.length).toBeGreaterThan(5);
    const devices = new Map(cov.devices.map((d: { device: string }) => [d.device, d]));
    let withGaps = 0;
    for (const a of alerts) {
      const d = devices.get(a.device as string) as { blind_facets: string[]; apps: { app: string; unseen_facets: string[] }[] };
      const app = d.apps.find((x) => x.app === a.app)!;
      const missing = a.missing as string[];
      expect(missing.filter((m) => m !== 'inconsistency'), `${a.device}`).toEqual(d.blind_facets.filter((m) => m !== 'inconsistency'));
      expect(missing.includes('inconsistency'), `${a.device} ${a.app}`).toBe(app.unseen_facets.includes('inconsistency'));
      if (missing.some((m) => m !== 'inconsistency')) withGaps++;
    }
    expect(withGaps).toBeGreaterThan(0);
    expect(cov.summary.findings.join('\n')).toMatch(/send no crypto telemetry: AN1731 is blind there/);
  });

  test('bad input lines are reported with file and line, the rest still counted', () => {
    writeFileSync(join(dir, 'bad.ndjson'), '{"ts":1,"device":"d","app":"a","type":"net.send","bytes_out":3,"dst_ip":"1.1.1.1"}\nnot json\n{"ts":2,"device":"d","type":"crypto.op"}\n');
    const r = ctIn(['coverage', 'bad.ndjson', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/bad\.ndjson:2/);
    expect(r.stderr).toMatch(/bad\.ndjson:3.*app|bad\.ndjson:3/);
    expect(JSON.parse(r.stdout).summary.events).toBe(1);
  });

  test('usage errors exit 2 with a message', () => {
    expect(ctIn(['coverage', 'all.ndjson', '--format', 'pdf']).stderr).toMatch(/^ciphertrail: coverage: --format/);
    expect(ctIn(['coverage']).status).toBe(2);
    expect(ctIn(['coverage', 'nope.ndjson']).status).toBe(4); // unusable input
    expect(ctIn(['coverage', '--help']).stdout).toMatch(/Navigator/);
  });
});

describe('detect --evidence and evidence verify', () => {
  const T = '2026-01-07T12:00:00Z';
  test('records are appended, chained, deterministic (golden), and verify', () => {
    const a = ctIn(['detect', 'all.ndjson', '--policy', 'policy.yaml', '--evidence', 'ev.jsonl', '--evidence-time', T]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/evidence: record 1 appended to ev\.jsonl, hash [0-9a-f]{64}/);
    const b = ctIn(['detect', 'anubis-rc4-b64.ndjson', 'bad.ndjson', '--evidence', 'ev.jsonl'], { SOURCE_DATE_EPOCH: '1767787200' });
    expect(b.status, b.stderr).toBe(0);
    const text = readFileSync(join(dir, 'ev.jsonl'), 'utf8');
    golden('evidence.jsonl', text);
    const [r1, r2] = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(r1.counts).toEqual({ lines: 4532, accepted: 4532, rejected: 0, blank: 0, late: 0 });
    expect(r1.alerts.total).toBe(alertsOf(ctIn(['detect', 'all.ndjson', '--policy', 'policy.yaml']).stdout).length);
    expect(r1.alerts.by_severity.critical).toBeGreaterThan(0);
    expect(r1.policy.thresholds.time_window).toBe('10m');
    expect(r1.record_time).toBe('2026-01-07T12:00:00.000Z');
    expect(r2.record_time).toBe('2026-01-07T12:00:00.000Z');
    expect(r2.counts.rejected).toBe(2);
    expect(r2.policy.file_sha256).toBeNull();
    expect(r2.prev_hash).toBe(r1.hash);
    const v = ctIn(['evidence', 'verify', 'ev.jsonl']);
    expect(v.status, v.stdout).toBe(0);
    expect(v.stdout).toBe(`ev.jsonl: intact, 2 record(s); head ${r2.hash}\n`);
  });

  test('tampering is reported with the line and exit 1', () => {
    const lines = readFileSync(join(dir, 'ev.jsonl'), 'utf8').trim().split('\n');
    const r = JSON.parse(lines[0]);
    r.alerts.by_severity.critical = 0;
    writeFileSync(join(dir, 'ev-edited.jsonl'), [JSON.stringify(r), lines[1]].join('\n') + '\n');
    const v = ctIn(['evidence', 'verify', 'ev-edited.jsonl']);
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(/TAMPERED after 0 intact record\(s\): edited: line 1 \(record 1\): .*section\(s\) alerts changed/);
    writeFileSync(join(dir, 'ev-deleted.jsonl'), lines[1] + '\n');
    expect(ctIn(['evidence', 'verify', 'ev-deleted.jsonl']).stdout).toMatch(/deleted: line 1 \(record 2\): deleted record: record 1 missing/);
    writeFileSync(join(dir, 'ev-cut.jsonl'), lines.join('\n').slice(0, -25));
    expect(ctIn(['evidence', 'verify', 'ev-cut.jsonl', '--json']).stdout).toMatch(/"kind":"truncated","message":"line 2/);
    const head = JSON.parse(lines[1]).hash;
    writeFileSync(join(dir, 'ev-short.jsonl'), lines[0] + '\n');
    const s = ctIn(['evidence', 'verify', 'ev-short.jsonl', '--head', head]);
    expect(s.status).toBe(1);
    expect(s.stdout).toMatch(/records were removed from the end/);
  });

  test('HMAC signing with a key from the environment; verify needs the same key', () => {
    const env = { CIPHERTRAIL_EVIDENCE_KEY: 'k3y-for-tests' };
    const a = ctIn(['detect', 'anubis-rc4-b64.ndjson', '--evidence', 'ev-signed.jsonl', '--evidence-time', T], env);
    expect(a.stderr).toMatch(/\(HMAC-signed\)/);
    expect(ctIn(['evidence', 'verify', 'ev-signed.jsonl'], env).stdout).toMatch(/intact, 1 record\(s\), all signed/);
    writeFileSync(join(dir, 'wrong.key'), 'another key\n');
    const w = ctIn(['evidence', 'verify', 'ev-signed.jsonl', '--key-file', 'wrong.key']);
    expect(w.status).toBe(1);
    expect(w.stdout).toMatch(/signature/);
    // the key never appears in the record
    expect(readFileSync(join(dir, 'ev-signed.jsonl'), 'utf8')).not.toContain('k3y-for-tests');
  });

  test('refuses stdin and a broken chain; bad --evidence-time is a usage error', () => {
    expect(ctIn(['detect', '-', '--evidence', 'x.jsonl'], {}, '').status).toBe(2);
    expect(ctIn(['detect', 'anubis-rc4-b64.ndjson', '--evidence', 'x.jsonl', '--evidence-time', 'yesterday']).stderr).toMatch(/--evidence-time/);
    const r = ctIn(['detect', 'anubis-rc4-b64.ndjson', '--evidence', 'ev-edited.jsonl', '--evidence-time', T]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ciphertrail: evidence file ev-edited\.jsonl is not an intact chain/m);
    expect(ctIn(['evidence', 'check', 'ev.jsonl']).status).toBe(2);
  });
});

describe('export --to', () => {
  for (const [to, file] of [['sigma', 'export.sigma.yml'], ['eql', 'export.eql'], ['kql', 'export.kql'], ['spl', 'export.spl']]) {
    test(`${to} with the scenario policy matches its golden file`, () => {
      const r = ctIn(['export', '--to', to, '--policy', 'policy.yaml']);
      expect(r.status, r.stderr).toBe(0);
      golden(file, r.stdout);
      expect(r.stdout).toMatch(/Field mapping \(telemetry v1 -> /);
    });
  }

  test('usage and policy errors exit 2', () => {
    expect(ctIn(['export']).status).toBe(2);
    expect(ctIn(['export', '--to', 'yara']).stderr).toMatch(/--to: 'yara' is not one of sigma, eql, kql, spl/);
    writeFileSync(join(dir, 'bad-policy.yaml'), 'thresholds:\n  time_wndow: 5m\n');
    const r = ctIn(['export', '--to', 'sigma', '--policy', 'bad-policy.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/time_wndow/);
  });
});

describe('exported rules vs the engine on the scenario library', () => {
  test('per scenario: engine alert and which exported rules fire (golden table)', async () => {
    const { loadPolicy } = await import('../src/policy/index.js');
    const { chainSpec } = await import('../src/export/index.js');
    const { matchSpec } = await import('../src/export/reference-match.js');
    const policy = (await loadPolicy(join(dir, 'policy.yaml'))).value!;
    const spec = chainSpec(policy);
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')).scenarios as { scenario: string; malicious: boolean; device: string; app: string }[];
    const RULES = ['exfil_chain', 'staged_exfil_chain', 'background_exfil_chain', 'key_reuse'];
    const rows = ['| scenario | class | engine | ' + RULES.join(' | ') + ' |', '|---|---|---|' + RULES.map(() => '---').join('|') + '|'];
    const tally = { engine: { tp: 0, fp: 0 }, chains: { tp: 0, fp: 0 }, malicious: 0 };
    const perRule = new Map(RULES.map((r) => [r, { tp: 0, fp: 0 }]));
    for (const name of [...new Set(labels.map((l) => l.scenario))].sort()) {
      const ls = labels.filter((l) => l.scenario === name);
      const events = readFileSync(join(dir, `${name}.ndjson`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const hits = matchSpec(spec, events);
      const alerts = alertsOf(readFileSync(join(ROOT, 'test/golden', `${name}.alerts.ndjson`), 'utf8'));
      for (const l of ls) {
        const mine = hits.filter((h) => h.device === l.device && h.app === l.app).map((h) => h.rule);
        const a = alerts.filter((x) => x.device === l.device && x.app === l.app);
        const sev = a.length ? a.map((x) => `${x.severity}/${x.score}`).sort().pop()! : '-';
        const chainFired = mine.some((r) => r !== 'key_reuse');
        if (l.malicious) tally.malicious++;
        if (a.length) tally.engine[l.malicious ? 'tp' : 'fp']++;
        if (chainFired) tally.chains[l.malicious ? 'tp' : 'fp']++;
        for (const r of mine) perRule.get(r)![l.malicious ? 'tp' : 'fp']++;
        rows.push(`| ${name}${ls.length > 1 ? ` (${l.device})` : ''} | ${l.malicious ? 'malicious' : 'benign'} | ${sev} | ${RULES.map((r) => (mine.includes(r) ? 'fires' : '-')).join(' | ')} |`);
      }
    }
    rows.push('', `engine: ${tally.engine.tp}/${tally.malicious} malicious pairs alerted, ${tally.engine.fp} benign pair(s) alerted`,
      `exported chain rules (any of the three sequences): ${tally.chains.tp}/${tally.malicious} malicious pairs matched, ${tally.chains.fp} benign pair(s) matched`,
      ...RULES.map((r) => `${r}: ${perRule.get(r)!.tp}/${tally.malicious} malicious, ${perRule.get(r)!.fp} benign`));
    golden('export-vs-engine.md', rows.join('\n') + '\n');
    // the engine is the reference: it separates every twin; the exported rules are weaker, and the
    // table says by how much (asserted so that a change in either shows up here)
    expect(tally.engine).toEqual({ tp: tally.malicious, fp: 0 });
    expect(tally.chains.tp).toBeGreaterThan(0);
  });
});

describe('foreign formats', () => {
  test('coverage --from and detect --from --evidence: a network capture is blind to crypto', () => {
    const fixture = join(ROOT, 'src/adapters/ocsf/fixtures/valid-network.ocsf.ndjson');
    const cov = JSON.parse(ctIn(['coverage', '--from', 'ocsf', fixture, '--format', 'json']).stdout);
    expect(cov.devices[0].blind_facets).toContain('crypto');
    expect(cov.summary.components.find((c: { id: string }) => c.id === 'network').devices).toBe(1);
    const r = ctIn(['detect', '--from', 'ocsf', fixture, '--evidence', 'ev-ocsf.jsonl', '--evidence-time', '0', '--verbose']);
    expect(r.status, r.stderr).toBe(0);
    // with --verbose the adapter's notes are printed once (the evidence's second read is quiet)
    expect(r.stderr.split('\n').filter((l) => l.includes('OCSF carries no key fingerprints')).length).toBe(1);
    const rec = JSON.parse(readFileSync(join(dir, 'ev-ocsf.jsonl'), 'utf8'));
    expect(rec.counts.accepted).toBe(3);
    expect(rec.coverage.blind_percent.crypto).toBe(100);
    expect(rec.record_time).toBe('1970-01-01T00:00:00.000Z');
  });
});
