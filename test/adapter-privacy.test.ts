// What every host-side adapter's output keeps private, whichever door it comes through (CLI,
// server ?from=): URL paths cut to their first segments unless the deployment keeps more
// (CIPHERTRAIL_PATH_SEGMENTS), and key fingerprints keyed with the deployment's secret on the
// server as on the CLI. On a real CuckooDroid report whose sends carry deep paths.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, SHARED, needShared } from './helpers.js';
import { startFixture, api, type Fixture } from './server-helpers.js';

const REPORT = 'realdata/cuckoodroid/analysis-4/report.json';
const SKIP = !needShared(REPORT);
const SECRET = 'deployment-secret-0123456789abcdef';

type Ev = Record<string, unknown>;
function convert(env: Record<string, string>): { status: number; events: Ev[]; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'convert', '--from', 'auto', join(SHARED, REPORT)], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  return { status: r.status ?? -1, stderr: r.stderr, events: r.stdout.split('\n').filter((l) => l).map((l) => JSON.parse(l) as Ev) };
}
const sendPaths = (xs: Ev[]) => xs.filter((e) => e.type === 'net.send' && typeof e.path === 'string').map((e) => e.path as string);
const segments = (p: string) => p.split('/').filter((x) => x).length;

describe.skipIf(SKIP)('adapter output privacy', () => {
  let fx: Fixture;
  beforeAll(async () => { fx = await startFixture({ adapterOptions: { fpSecret: SECRET } }); });
  afterAll(() => fx?.close());

  it('URL paths keep their first two segments by default; CIPHERTRAIL_PATH_SEGMENTS keeps more or the whole path', () => {
    const whole = convert({ CIPHERTRAIL_PATH_SEGMENTS: '-1' });
    expect(whole.status, whole.stderr).toBe(0);
    const deep = sendPaths(whole.events).filter((p) => segments(p) > 2);
    expect(deep).toContain('/dev/api/user_account.php');
    const cut = convert({});
    expect(sendPaths(cut.events).every((p) => segments(p) <= 2)).toBe(true);
    expect(sendPaths(cut.events)).toContain('/dev/api');
    expect(sendPaths(cut.events)).not.toContain('/dev/api/user_account.php');
    // the same events otherwise
    expect(cut.events.length).toBe(whole.events.length);
    const three = convert({ CIPHERTRAIL_PATH_SEGMENTS: '3' });
    expect(sendPaths(three.events)).toContain('/dev/api/user_account.php');
    const bad = convert({ CIPHERTRAIL_PATH_SEGMENTS: 'all' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/CIPHERTRAIL_PATH_SEGMENTS: want a whole number .* got 'all'/);
  });

  it('the server\'s ?from= ingest keys fingerprints with the deployment secret and cuts paths, as the CLI does', async () => {
    const cli = convert({ CIPHERTRAIL_FP_SECRET: SECRET });
    const keyed = cli.events.filter((e) => typeof e.key_fp === 'string');
    expect(keyed.length).toBeGreaterThan(0);
    expect(keyed.every((e) => e.fp_scheme === 'hmac-sha256-16')).toBe(true);
    const r = await api(fx.url, fx.tokens.ingest).post('/v1/events?from=auto', readFileSync(join(SHARED, REPORT)));
    expect(r.status, r.text).toBe(200);
    // the stored events, read back through an alert's evidence would need an alert: the database
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(fx.db, { readonly: true });
    const stored = (db.prepare('SELECT json FROM events').all() as { json: string }[]).map((x) => JSON.parse(x.json) as Ev);
    db.close();
    const fps = (xs: Ev[]) => [...new Set(xs.filter((e) => typeof e.key_fp === 'string').map((e) => e.key_fp as string))].sort();
    expect(fps(stored)).toEqual(fps(cli.events));
    expect(sendPaths(stored).every((p) => segments(p) <= 2)).toBe(true);
    expect(sendPaths(stored).length).toBeGreaterThan(0);
  });
});
