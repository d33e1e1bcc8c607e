// Issue: what a new user hits in the first ten minutes. One test per row of its table, run as a
// user runs the CLI (the built binary, real files, ../shared/realdata), plus the server's answers.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { tmp, alertsOf, ndjson, SHARED, ROOT, CLI } from './helpers.js';
import { startFixture, type Fixture } from './server-helpers.js';
import { SPECS } from '../src/cli/specs/index.js';
import { allOptions } from '../src/cli/options/parse.js';

const REAL = join(SHARED, 'realdata');
const CUCKOO = join(REAL, 'cuckoodroid');
const REPORT4 = join(CUCKOO, 'analysis-4/report.json');
const STACK = /^\s+at .+:\d+:\d+\)?$|node:internal|To specify a positional argument/m;
/** the built CLI as a child process, without blocking the test worker (as ct does) */
function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000, env: { ...process.env, CI: 'true' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

let demo: string;
beforeAll(async () => {
  demo = tmp('ct-grammar-');
  expect((await run(['simulate', '--out-dir', demo, '--seed', '1'])).status).toBe(0);
});

describe('format by default', () => {
  test('detect report.json without --from: the report is sniffed, alerts written, one summary line', async () => {
    const r = await run(['detect', REPORT4]);
    expect(r.status).toBe(0);
    expect(alertsOf(r.stdout).length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/not_json/);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/report\.json \(cuckoodroid\): CuckooDroid 2\.0 report\.json, \d+ event\(s\), \d+ note\(s\)/)]);
    // the same alerts as naming the format
    expect((await run(['detect', '--from', 'cuckoodroid', REPORT4])).stdout).toBe(r.stdout);
  });

  test('report --telemetry, baseline, coverage and eval read a sandbox report without --from', async () => {
    const d = tmp();
    const alerts = join(d, 'alerts.ndjson');
    expect((await run(['detect', REPORT4, '-o', alerts])).status).toBe(0);
    const rep = await run(['report', alerts, '--telemetry', REPORT4, '--out-dir', join(d, 'rep')]);
    expect(rep.status, rep.stderr).toBe(0);
    expect(rep.stderr).not.toMatch(/not found in the telemetry|not_json/);
    const md = readFileSync(lines(rep.stdout)[0], 'utf8');
    expect(md).toMatch(/report\.json\\?#cuckoodroid:\d+/); // timeline linked to the events' lines
    const base = await run(['baseline', REPORT4, '-o', '-']);
    expect(base.status, base.stderr).toBe(0);
    expect(Object.keys((JSON.parse(base.stdout) as { apps: object }).apps)).toContain('com.jqajsdgxblbnmvkg.model');
    expect((await run(['coverage', REPORT4, '-f', 'json'])).status).toBe(0);
    const ev = await run(['eval', '--labels', join(demo, 'labels.json'), '--telemetry', join(demo, 'all.ndjson'), '-p', join(demo, 'policy.yaml'), '-f', 'json']);
    expect(ev.status, ev.stderr).toBe(0);
    expect((JSON.parse(ev.stdout) as { overall: { recall: number } }).overall.recall).toBeGreaterThan(0.9);
  });

  test('a directory is walked in name order (--glob picks files), gzip and zip are read', async () => {
    const dir = await run(['detect', join(CUCKOO, 'analysis-11')]);
    expect(dir.status, dir.stderr).toBe(0);
    expect(dir.stderr).toMatch(/dump\.pcap \(pcap\): pcap\/pcapng capture/);
    expect(dir.stderr).toMatch(/skipped 1 file\(s\).*task\.json/);
    const cov = await run(['coverage', CUCKOO, '--glob', '**/report.json', '-f', 'json']);
    expect(cov.stderr).not.toMatch(STACK);
    expect((JSON.parse(cov.stdout) as { summary: { devices: number } }).summary.devices).toBe(12);
    expect(cov.status).toBe(4); // analysis-13 names no package: said, and the others still counted
    const d = tmp();
    writeFileSync(join(d, 'anubis.ndjson.gz'), gzipSync(readFileSync(join(demo, 'anubis-rc4-b64.ndjson'))));
    const plain = (await run(['detect', join(demo, 'anubis-rc4-b64.ndjson')])).stdout;
    expect((await run(['detect', join(d, 'anubis.ndjson.gz')])).stdout).toBe(plain);
    const zip = await run(['detect', join(ROOT, 'test/fixtures/inputs/run.zip'), '--glob', '*.ndjson']);
    expect(zip.status, zip.stderr).toBe(0);
    expect(zip.stdout).toBe(plain);
  });
});

describe('unusable input is an error', () => {
  test('--from droidbox on a CuckooDroid report: exit 4, one line naming the --from that reads it', async () => {
    const r = await run(['detect', '--from', 'droidbox', REPORT4]);
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/report\.json: --from droidbox, but it looks like a CuckooDroid 2\.0 report\.json: read it with --from cuckoodroid$/)]);
  });

  test('a report with no package name: exit 4, one line that says to pass --app', async () => {
    const r = await run(['detect', join(CUCKOO, 'analysis-13/report.json')]);
    expect(r.status).toBe(4);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/analysis-13\/report\.json: the cuckoodroid adapter gave no event \(no_package: .*--app\)/)]);
  });

  test('partly bad input keeps per-line rejections and the same alerts (exit 0)', async () => {
    const d = tmp();
    const good = readFileSync(join(demo, 'anubis-rc4-b64.ndjson'), 'utf8');
    writeFileSync(join(d, 'mixed.ndjson'), 'not json at all\n' + good);
    const r = await run(['detect', join(d, 'mixed.ndjson')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/mixed\.ndjson:1: not_json/);
    expect(r.stdout).toBe((await run(['detect', join(demo, 'anubis-rc4-b64.ndjson')])).stdout);
  });

  // a missing file, a directory, an empty file, a binary file, where each command reads a file
  const d = tmp();
  const empty = join(d, 'empty'), bin = join(d, 'bin'), dir = join(d, 'dir');
  writeFileSync(empty, '');
  writeFileSync(bin, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  mkdirSync(dir);
  const cases: Record<string, (x: string) => string[]> = {
    detect: (x) => ['detect', x], convert: (x) => ['convert', x], coverage: (x) => ['coverage', x],
    report: (x) => ['report', x, '--out-dir', join(d, 'rep')], eval: (x) => ['eval', '--labels', x, x],
    simulate: (x) => ['simulate', '--out-dir', join(x, 'sub')], policy: (x) => ['policy', 'check', x],
    baseline: (x) => ['baseline', x, '-o', '-'], inventory: (x) => ['inventory', 'diff', x, '-p', x],
    export: (x) => ['export', '--to', 'sigma', '-p', x], evidence: (x) => ['evidence', 'verify', x],
    serve: (x) => ['serve', '--port', '0', '--policy', x], token: (x) => ['token', 'list', '--db', join(x, 'sub', 'db')],
    collect: (x) => ['collect', '--package', 'p', '--agent', x, '--frida', join(d, 'no-frida')],
    publish: (x) => ['publish', x, '--nats', 'nats://127.0.0.1:1'], worker: (x) => ['worker', '--nats', 'nats://127.0.0.1:1', '-p', x],
    alerts: () => ['alerts', '--nats', 'nats://127.0.0.1:1', '--grace', 'x'], status: () => ['status'],
    db: (x) => ['db', 'prune', '--before', '1d', '--db', x],
  };
  test('the walk below covers every command', async () => {
    expect(Object.keys(cases).sort()).toEqual(SPECS.map((s) => s.name).sort());
  });
  test.each(Object.keys(cases))('%s given a missing file, a directory, an empty file or a binary file: one-line errors, never a stack trace', async (name) => {
    const args = cases[name];
    for (const x of [join(d, 'missing'), dir, empty, bin]) {
      if (name === 'simulate' && (x === dir || x.endsWith('missing'))) continue; // where simulate writes
      // an empty policy file is a valid policy (the defaults): serve and worker would then run
      if ((name === 'serve' || name === 'worker') && x === empty) continue;
      const s = await run(args(x));
      expect(s.status, `${args(x).join(' ')} did not end`).not.toBe(-1);
      const what = `${args(x).join(' ')}: ${s.stderr}`;
      expect(s.stderr, what).not.toMatch(STACK);
      for (const l of lines(s.stderr)) expect(l.length, what).toBeLessThan(600);
      // each reads x: an error (usage 2, unusable 4, tampered chain 1), never a silent success
      if (!(name === 'token' || (x === empty && ['policy', 'export', 'evidence', 'report', 'inventory', 'eval', 'db'].includes(name)))) {
        expect(s.status, what).toBeGreaterThan(0);
      }
    }
  }, 60_000);
});

describe('one grammar', () => {
  test('short flags -o -f -p -q -v -V -h work where the long ones do', async () => {
    const d = tmp();
    const pol = join(demo, 'policy.yaml'), file = join(demo, 'anubis-rc4-b64.ndjson');
    const long = (await run(['detect', file, '--policy', pol, '--format', 'table'])).stdout;
    expect((await run(['detect', file, '-p', pol, '-f', 'table'])).stdout).toBe(long);
    expect((await run(['detect', file, '-p', pol, '-f', 'table', '-o', join(d, 't.txt')])).status).toBe(0);
    expect(readFileSync(join(d, 't.txt'), 'utf8')).toBe(long);
    expect((await run(['-V'])).stdout).toMatch(/^ciphertrail \d+\.\d+\.\d+\n$/);
    expect((await run(['detect', '-h'])).stdout).toBe((await run(['help', 'detect'])).stdout);
    const q = await run(['detect', REPORT4, '-q']);
    expect(q.stderr).toBe('');
    const v = await run(['detect', REPORT4, '-v']);
    expect(lines(v.stderr).length).toBeGreaterThan(3);
  });

  test('help CMD is the command\'s help, generated from its spec: every option once, none missing', async () => {
    for (const spec of SPECS) {
      const h = await run(['help', spec.name]);
      expect(h.status).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^Usage: ciphertrail ${spec.name}`));
      for (const o of allOptions(spec)) {
        const shown = h.stdout.split('\n').filter((l) => new RegExp(`^  (?:-\\w, |    )--${o.name}(?![\\w-])`).test(l)).length;
        expect(shown, `${spec.name} --${o.name}`).toBe(o.deprecated ? 0 : 1);
      }
    }
    expect((await run(['help', 'formats'])).stdout).toMatch(/cuckoodroid .*\n(.*\n)*.*pcap/);
  });

  test('did-you-mean for commands, options and values; no Node parser message', async () => {
    const cmd = await run(['detcet', 'x']);
    expect(cmd.status).toBe(2);
    expect(cmd.stderr).toBe("ciphertrail: unknown command 'detcet' (did you mean detect?); run 'ciphertrail --help' for the commands\n");
    expect((await run(['detect', '--fromm', 'x', 'f'])).stderr).toMatch(/unknown option '--fromm' \(did you mean --from\?\)/);
    expect((await run(['detect', '--format', 'tabel', 'f'])).stderr).toMatch(/'tabel' is not one of ndjson, table, ocsf \(did you mean table\?\)/);
    expect((await run(['detect', '-o'])).stderr).toBe('ciphertrail: detect: -o needs a value (FILE)\n');
    expect((await run(['detect', '--stats=yes', 'f'])).stderr).toMatch(/--stats takes no value/);
    const unknown = await run(['detect', '-x', 'f']);
    expect(unknown.stderr).not.toMatch(STACK);
    expect(unknown.status).toBe(2);
  });

  test('old spellings still work, each with a one-line notice', async () => {
    const labels = join(demo, 'labels.json');
    const alerts = join(tmp(), 'a.ndjson');
    writeFileSync(alerts, (await run(['detect', join(demo, 'all.ndjson'), '-p', join(demo, 'policy.yaml')])).stdout);
    const old = await run(['eval', '--labels', labels, alerts, '--json']);
    expect(old.status).toBe(0);
    expect(old.stderr).toBe('ciphertrail: --json is deprecated; use --format json\n');
    expect(old.stdout).toBe((await run(['eval', '--labels', labels, alerts, '-f', 'json'])).stdout);
    expect((await run(['eval', '--labels', labels, alerts, '--markdown'])).stdout).toBe((await run(['eval', '--labels', labels, alerts, '-f', 'markdown'])).stdout);
    const d = tmp();
    const rep = await run(['report', alerts, '--out', join(d, 'r')]);
    expect(rep.status).toBe(0);
    expect(rep.stderr).toMatch(/--out is deprecated; use --out-dir/);
    expect(readdirSync(join(d, 'r')).length).toBeGreaterThan(0);
    expect((await run(['policy', 'check', join(demo, 'policy.yaml'), '--json'])).status).toBe(0);
  });

  test('13 CuckooDroid reports: one line per report on stderr, not every adapter note', async () => {
    const r = await run(['detect', CUCKOO, '--glob', 'report.json']);
    const ls = lines(r.stderr);
    expect(ls.length).toBeLessThanOrEqual(14);
    expect(ls.filter((l) => / \(cuckoodroid\): .*\d+ event/.test(l)).length).toBe(12);
    expect(ls.filter((l) => l.startsWith('ciphertrail: ')).length).toBe(1); // analysis-13
    const quiet = await run(['detect', CUCKOO, '--glob', 'report.json', '-q']);
    expect(lines(quiet.stderr)).toEqual([expect.stringMatching(/^ciphertrail: .*analysis-13/)]);
    expect(quiet.stdout).toBe(r.stdout);
  });
});

describe('output for people', () => {
  test('the table: severity then time, full names, facet cells, footer with quiet apps and the next command', async () => {
    const r = await run(['detect', join(demo, 'all.ndjson'), '-p', join(demo, 'policy.yaml'), '-f', 'table']);
    expect(r.status).toBe(0);
    const alerts = alertsOf((await run(['detect', join(demo, 'all.ndjson'), '-p', join(demo, 'policy.yaml')])).stdout) as { id: string; device: string; app: string; severity: string; first_ts: number }[];
    const out = r.stdout;
    expect(out).not.toContain('…');
    for (const a of alerts) expect(out).toContain(a.device.slice(0, 20));
    const rows = out.split('\n').filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW) /.test(l));
    expect(rows.length).toBe(alerts.length);
    const rank = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
    const keyed = rows.map((l) => [rank.indexOf(l.split(' ')[0]), l.slice(15, 34)] as const);
    for (let i = 1; i < keyed.length; i++) {
      expect(keyed[i][0] < keyed[i - 1][0] || (keyed[i][0] === keyed[i - 1][0] && keyed[i][1] >= keyed[i - 1][1])).toBe(true);
    }
    // facets: six cells per row, fired (letter), not (.) or blind (?)
    for (const l of rows) expect(l).toMatch(/ [Cc.?] [Kk.?] [Ss.?] [Bb.?] [Nn.?] [Ii.?]$/);
    expect(out).toMatch(/facets: C crypto, K key reuse/);
    const sandbox = (await run(['detect', CUCKOO, '--glob', 'report.json', '-f', 'table'])).stdout;
    expect(sandbox).toMatch(/ [C.] [K.] [S.] [B.] [N.] \?\n/); // no inventory in a sandbox: inconsistency is blind
    const top = [...alerts].sort((a, b) => rank.indexOf(b.severity.toUpperCase()) - rank.indexOf(a.severity.toUpperCase()) || a.first_ts - b.first_ts)[0];
    expect(out).toMatch(new RegExp(`alerts: ${alerts.length} \\(\\d+ critical, \\d+ high, \\d+ medium, \\d+ low\\)`));
    expect(out).toMatch(/apps analysed: \d+ on \d+ device\(s\); quiet \(no alert\): \d+/);
    expect(out).toContain(`ciphertrail report alerts.ndjson --id ${top.id}`);
  });

  test('OCSF: Create for an alert\'s first record, Update after', async () => {
    const file = join(demo, 'anubis-rc4-b64.ndjson');
    const finals = alertsOf((await run(['detect', file, '-f', 'ocsf'])).stdout) as { type_uid: number; activity_name: string; unmapped: { rev: number } }[];
    expect(finals.length).toBeGreaterThan(0);
    for (const f of finals) expect(f).toMatchObject({ type_uid: 200401, activity_name: 'Create' });
    expect(finals.some((f) => f.unmapped.rev > 1)).toBe(true); // the final version, still a Create
    const all = alertsOf((await run(['detect', file, '-f', 'ocsf', '--updates'])).stdout) as { type_uid: number; finding_info: { uid: string } }[];
    const seen = new Set<string>();
    for (const f of all) {
      expect(f.type_uid).toBe(seen.has(f.finding_info.uid) ? 200402 : 200401);
      seen.add(f.finding_info.uid);
    }
  });
});

describe('server', () => {
  let fx: Fixture;
  beforeAll(async () => { fx = await startFixture(); });
  afterAll(async () => { await fx?.close(); });
  const post = (q: string, body: Buffer | string, token = fx.tokens.ingest) =>
    fetch(`${fx.url}/v1/events${q}`, { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {}, body });

  test('a report.json body is 422 with the ?from that reads it; with ?from it is accepted', async () => {
    const body = readFileSync(REPORT4);
    const r = await post('', body);
    expect(r.status).toBe(422);
    const j = await r.json() as { error: string; message: string; accepted: number };
    expect(j).toMatchObject({ error: 'nothing_accepted', accepted: 0 });
    expect(j.message).toMatch(/looks like a CuckooDroid 2\.0 report\.json: send it with \?from=cuckoodroid/);
    for (const q of ['?from=cuckoodroid', '?from=auto']) {
      const ok = await post(q, body);
      expect(ok.status).toBe(200);
      const k = await ok.json() as { adapter: string; accepted: number; duplicates: number };
      expect(k.adapter).toBe('cuckoodroid');
      expect(k.accepted + k.duplicates).toBeGreaterThan(0);
    }
    expect((await post('?from=droidbox', body)).status).toBe(422);
    expect((await post('', ndjson([{ ts: 1, device: 'd' }]))).status).toBe(422);
  });

  test('401 and 403 name the scope the route needs', async () => {
    const none = await post('', '{}', '');
    expect(none.status).toBe(401);
    expect((await none.json() as { message: string }).message).toMatch(/needs a token with scope ingest.*--scope ingest/);
    const reader = await post('', '{}', fx.tokens.read);
    expect(reader.status).toBe(403);
    expect((await reader.json() as { message: string }).message).toMatch(/needs scope ingest \(or admin\); the token has read.*--scope ingest/);
    const triage = await fetch(`${fx.url}/v1/alerts/x/status`, { method: 'POST', headers: { Authorization: `Bearer ${fx.tokens.read}` }, body: '{}' });
    expect((await triage.json() as { message: string }).message).toMatch(/needs scope admin;/);
  });
});

test('the README CLI section is `ciphertrail --help`', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- cli:start -->\n```text\n([\s\S]*?)```\n<!-- cli:end -->/.exec(readme);
  expect(m, 'README.md needs the block between <!-- cli:start --> and <!-- cli:end --> (node scripts/readme-cli.mjs writes it)').not.toBeNull();
  expect(m![1]).toBe((await run(['--help'])).stdout);
});
