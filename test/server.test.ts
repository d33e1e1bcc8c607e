// The HTTP service in-process: real SQLite file in a temp dir, real server on a random port.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { api, scenarioDir, scenarioText, secretOf, startFixture, waitFor, type Fixture } from './server-helpers.js';
import { checkAlerts } from './helpers.js';
import { readFileSync } from 'node:fs';

const firstAlert = async (f: Fixture) => {
  const r = await api(f.url, f.tokens.read).get('/v1/alerts');
  return r.json.alerts.length > 0 ? r.json.alerts : undefined;
};

describe('auth', () => {
  let f: Fixture;
  beforeAll(async () => { f = await startFixture(); });
  afterAll(() => f.close());

  test('healthz needs no token', async () => {
    const r = await api(f.url).get('/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, events: 0, alerts: 0 });
  });

  test('401 without, with a malformed and with an unknown token', async () => {
    for (const t of [undefined, 'nope', 'ct_00000000_' + 'A'.repeat(43), f.tokens.read.slice(0, -1) + (f.tokens.read.endsWith('A') ? 'B' : 'A')]) {
      for (const [m, p] of [['get', '/v1/alerts'], ['get', '/metrics'], ['get', '/v1/policy'], ['get', '/v1/stream']] as const) {
        const r = await api(f.url, t)[m](p);
        expect(r.status, `${p} with ${t}`).toBe(401);
        expect(r.json.error).toBe('unauthorized');
      }
      expect((await api(f.url, t).post('/v1/events', '{}')).status).toBe(401);
    }
    const r = await api(f.url).get('/v1/alerts', { authorization: 'Basic Zm9vOmJhcg==' });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test('403 for the wrong scope; admin implies read and ingest', async () => {
    expect((await api(f.url, f.tokens.ingest).get('/v1/alerts')).status).toBe(403);
    expect((await api(f.url, f.tokens.ingest).get('/metrics')).status).toBe(403);
    expect((await api(f.url, f.tokens.read).post('/v1/events', '')).status).toBe(403);
    const put = await api(f.url, f.tokens.read).put('/v1/policy', 'version: 1\n');
    expect(put.status).toBe(403);
    expect(put.json).toMatchObject({ error: 'forbidden' });
    expect((await api(f.url, f.tokens.read).post('/v1/alerts/x/status', '{"status":"resolved"}')).status).toBe(403);
    expect((await api(f.url, f.tokens.admin).get('/v1/alerts')).status).toBe(200);
    expect((await api(f.url, f.tokens.admin).post('/v1/events', '')).status).toBe(200);
    expect((await api(f.url, f.tokens.read).get('/v1/alerts')).status).toBe(200);
  });

  test('a revoked token is refused; tokens are stored only as hashes', async () => {
    const db = new Database(f.db);
    const rows = db.prepare('SELECT id, hash FROM tokens').all() as { id: string; hash: string }[];
    const all = JSON.stringify(db.prepare('SELECT * FROM tokens').all());
    for (const t of Object.values(f.tokens)) expect(all).not.toContain(secretOf(t));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    const id = f.tokens.read.split('_')[1];
    db.prepare('UPDATE tokens SET revoked_at = 1 WHERE id = ?').run(id);
    db.close();
    expect((await api(f.url, f.tokens.read).get('/v1/alerts')).status).toBe(401);
  });

  test('unknown API routes are JSON 404', async () => {
    const r = await api(f.url, f.tokens.admin).get('/v1/nothing');
    expect(r.status).toBe(404);
    expect(r.json.error).toBe('not_found');
  });
});

describe('ingest', () => {
  let f: Fixture;
  beforeAll(async () => { f = await startFixture(); });
  afterAll(() => f.close());

  test('a scenario is stored, alerts appear, and re-sending it changes nothing', async () => {
    const text = await scenarioText('anubis-rc4-b64');
    const n = text.trim().split('\n').length;
    const ing = api(f.url, f.tokens.ingest);
    const r1 = await ing.post('/v1/events', text, { 'content-type': 'application/x-ndjson' });
    expect(r1.status).toBe(200);
    expect(r1.json).toEqual({ accepted: n, duplicates: 0, rejected: 0, errors: [], errors_truncated: false });
    const alerts = await waitFor('alert', () => firstAlert(f));
    expect(alerts).toHaveLength(1);
    const before = alerts[0];
    expect(before).toMatchObject({ kind: 'alert', app: 'com.flash.tools', status: 'open', final: false });
    await new Promise((r) => setTimeout(r, 300));
    const settled = (await firstAlert(f))![0];

    const r2 = await ing.post('/v1/events', text);
    expect(r2.json).toMatchObject({ accepted: 0, duplicates: n, rejected: 0 });
    await new Promise((r) => setTimeout(r, 300));
    const after = await firstAlert(f);
    expect(after).toHaveLength(1);
    expect(after![0]).toEqual(settled);
    const db = new Database(f.db, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(n);
    expect((db.prepare('SELECT COUNT(*) AS n FROM alert_versions').get() as { n: number }).n).toBe(settled.rev);
    db.close();
    const file = join(f.dir, 'api-alerts.ndjson');
    writeFileSync(file, after!.map((a: object) => JSON.stringify(a)).join('\n') + '\n');
    const check = checkAlerts(file);
    expect(check.status, check.stderr).toBe(0);
  });

  test('events without id get a content hash: the same line twice is one event', async () => {
    const line = JSON.stringify({ ts: 1767700000000, device: 'noid-d1', app: 'com.noid', type: 'app.state', state: 'background' });
    const reordered = JSON.stringify({ state: 'background', type: 'app.state', app: 'com.noid', device: 'noid-d1', ts: '2026-01-06T11:46:40.000Z' });
    const r = await api(f.url, f.tokens.ingest).post('/v1/events', `${line}\n${line}\n${reordered}\n`);
    expect(r.json).toMatchObject({ accepted: 1, duplicates: 2, rejected: 0 });
    const db = new Database(f.db, { readonly: true });
    const row = db.prepare("SELECT id, json FROM events WHERE device = 'noid-d1'").get() as { id: string; json: string };
    db.close();
    expect(row.id).toMatch(/^h-[0-9a-f]{32}$/);
    expect(JSON.parse(row.json).id).toBe(row.id);
  });

  test('gzip bodies are accepted', async () => {
    const lines = [1, 2, 3].map((i) => JSON.stringify({ id: `gz-${i}`, ts: 1767700000000 + i, device: 'gz-d1', app: 'com.gz', type: 'app.state', state: 'foreground' })).join('\n');
    const r = await api(f.url, f.tokens.ingest).post('/v1/events', gzipSync(lines), { 'content-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 3, duplicates: 0, rejected: 0 });
    const bad = await api(f.url, f.tokens.ingest).post('/v1/events', 'not gzip at all', { 'content-encoding': 'gzip' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('bad_request');
    const br = await api(f.url, f.tokens.ingest).post('/v1/events', lines, { 'content-encoding': 'br' });
    expect(br.status).toBe(415);
  });

  test('garbage is reported per line, the valid lines are kept, nothing crashes', async () => {
    const good = (i: number) => JSON.stringify({ id: `mix-${i}`, ts: 1767700001000 + i, device: 'mix-d1', app: 'com.mix', type: 'app.state', state: 'background' });
    const body = [
      '\ufeff' + good(1),
      '{not json',
      '',
      JSON.stringify({ ts: 1, device: 'x', type: 'crypto.op', app: 'a', alg: 'AES' }),
      JSON.stringify({ device: 'x', type: 'app.state', app: 'a', state: 'background' }),
      '\u0000\u0001\u0002\ufffd\ufffd binary',
      JSON.stringify({ ts: 1, device: 'x', type: 'no.such.type' }),
      good(2) + '\r',
      '[1,2,3]',
      JSON.stringify({ ts: 1e400, device: 'x', app: 'a', type: 'app.state', state: 'background' }).replace('null', '1e400'),
    ].join('\n');
    const r = await api(f.url, f.tokens.ingest).post('/v1/events', body);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(2);
    expect(r.json.rejected).toBe(7);
    expect(r.json.errors.map((e: { line: number }) => e.line)).toEqual([2, 4, 5, 6, 7, 9, 10]);
    const byLine = new Map(r.json.errors.map((e: { line: number }) => [e.line, e]));
    expect(byLine.get(2)).toMatchObject({ code: 'not_json' });
    expect(byLine.get(4)).toMatchObject({ code: 'missing_field', field: 'dir' });
    expect(byLine.get(5)).toMatchObject({ code: 'missing_field', field: 'ts' });
    expect(byLine.get(7)).toMatchObject({ code: 'unknown_type', field: 'type' });
    for (const e of r.json.errors) expect(typeof e.message).toBe('string');
    // random bytes
    const noise = new Uint8Array(64 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) & 0xff;
    // nothing accepted: 422, so a sender cannot mistake it for stored
    const n = await api(f.url, f.tokens.ingest).post('/v1/events', noise);
    expect(n.status).toBe(422);
    expect(n.json.accepted).toBe(0);
    expect((await api(f.url).get('/healthz')).status).toBe(200);
  });

  test('metrics expose the counters in Prometheus text', async () => {
    const r = await api(f.url, f.tokens.read).get('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(r.text)?.[1]);
    expect(value('ciphertrail_events_accepted_total')).toBeGreaterThanOrEqual(86);
    expect(value('ciphertrail_events_duplicates_total')).toBeGreaterThanOrEqual(84);
    expect(value('ciphertrail_events_rejected_total')).toBeGreaterThanOrEqual(7);
    expect(value('ciphertrail_events_received_total')).toBeGreaterThan(value('ciphertrail_events_accepted_total'));
    expect(value('ciphertrail_alerts_total')).toBe(1);
    expect(value('ciphertrail_live_contexts')).toBeGreaterThanOrEqual(1);
    expect(value('ciphertrail_ingest_lag_seconds')).toBeGreaterThan(0);
    expect(r.text).toMatch(/^# TYPE ciphertrail_events_received_total counter$/m);
    expect(r.text).toMatch(/^ciphertrail_ingest_requests_total\{code="200"\} \d+$/m);
    expect(r.text).toMatch(/^ciphertrail_ingest_requests_total\{code="400"\} 1$/m);
  });
});

describe('limits', () => {
  test('413 past the body limit, before and after gunzip', async () => {
    const f = await startFixture({ maxBodyBytes: 4096 });
    try {
      const line = JSON.stringify({ id: 'x', ts: 1767700000000, device: 'd', app: 'a', type: 'app.state', state: 'background' });
      const big = Array.from({ length: 100 }, () => line).join('\n');
      const r = await api(f.url, f.tokens.ingest).post('/v1/events', big);
      expect(r.status).toBe(413);
      expect(r.json).toMatchObject({ error: 'payload_too_large', limit: 4096 });
      const bomb = gzipSync(Buffer.alloc(1 << 20, 0x20));
      expect(bomb.length).toBeLessThan(4096);
      const b = await api(f.url, f.tokens.ingest).post('/v1/events', bomb, { 'content-encoding': 'gzip' });
      expect(b.status).toBe(413);
      // chunked upload without Content-Length
      const stream = new ReadableStream({ start(c) { for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(big)); c.close(); } });
      const s = await fetch(f.url + '/v1/events', { method: 'POST', body: stream, duplex: 'half', headers: { authorization: `Bearer ${f.tokens.ingest}` } } as RequestInit);
      expect(s.status).toBe(413);
      const small = await api(f.url, f.tokens.ingest).post('/v1/events', line);
      expect(small.json.accepted).toBe(1);
      const db = new Database(f.db, { readonly: true });
      expect((db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(1);
      db.close();
    } finally { await f.close(); }
  });

  test('429 with Retry-After when the token bucket is empty; other tokens are not affected', async () => {
    const f = await startFixture({ rateLimit: { eventsPerSecond: 2, burst: 10 } });
    try {
      const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `r-${i}`, ts: 1767700000000 + i, device: 'd', app: 'a', type: 'app.state', state: 'background' })).join('\n');
      const first = await api(f.url, f.tokens.ingest).post('/v1/events', lines);
      expect(first.status).toBe(200);
      const second = await api(f.url, f.tokens.ingest).post('/v1/events', lines);
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(second.json).toMatchObject({ error: 'rate_limited' });
      expect(second.json.retry_after).toBe(Number(second.headers.get('retry-after')));
      const other = await api(f.url, f.tokens.admin).post('/v1/events', lines);
      expect(other.status).toBe(200);
      expect(other.json.duplicates).toBe(20);
    } finally { await f.close(); }
  });
});

describe('alerts API', () => {
  let f: Fixture;
  let all: any[];
  beforeAll(async () => {
    const dir = await scenarioDir();
    f = await startFixture({ policyPath: join(dir, 'policy.yaml') });
    const text = readFileSync(join(dir, 'all.ndjson'), 'utf8');
    const lines = text.trim().split('\n');
    // batches of 1,000 lines as a fleet collector would send them
    for (let i = 0; i < lines.length; i += 1000) {
      const r = await api(f.url, f.tokens.ingest).post('/v1/events', lines.slice(i, i + 1000).join('\n'));
      expect(r.json.rejected).toBe(0);
    }
    await waitFor('buffer released', async () => {
      const m = await api(f.url, f.tokens.read).get('/metrics');
      return /^ciphertrail_engine_buffered_events 0$/m.test(m.text);
    });
    all = (await api(f.url, f.tokens.read).get('/v1/alerts?limit=500')).json.alerts;
  });
  afterAll(() => f.close());

  test('every malicious scenario has an alert, newest first', () => {
    expect(all.length).toBeGreaterThanOrEqual(14);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].last_ts).toBeGreaterThanOrEqual(all[i].last_ts);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    for (const a of all) expect(a.status).toBe('open');
  });

  test('filters: severity, min_severity, device, app, q, since/until', async () => {
    const r = api(f.url, f.tokens.read);
    const crit = (await r.get('/v1/alerts?severity=critical&limit=500')).json.alerts;
    expect(crit.length).toBe(all.filter((a) => a.severity === 'critical').length);
    expect(crit.every((a: any) => a.severity === 'critical')).toBe(true);
    const two = (await r.get('/v1/alerts?severity=high,critical&limit=500')).json.alerts;
    expect(two.length).toBe(all.filter((a) => a.severity === 'high' || a.severity === 'critical').length);
    const min = (await r.get('/v1/alerts?min_severity=high&limit=500')).json.alerts;
    expect(min.length).toBe(two.length);
    const one = all[3];
    const byDevice = (await r.get(`/v1/alerts?device=${encodeURIComponent(one.device)}`)).json.alerts;
    expect(byDevice.length).toBeGreaterThanOrEqual(1);
    expect(byDevice.every((a: any) => a.device === one.device)).toBe(true);
    const byApp = (await r.get(`/v1/alerts?app=${encodeURIComponent(one.app)}&limit=500`)).json.alerts;
    expect(byApp.map((a: any) => a.id)).toEqual(all.filter((a) => a.app === one.app).map((a) => a.id));
    const q = (await r.get(`/v1/alerts?q=${encodeURIComponent(one.device.slice(4, 14).toUpperCase())}&limit=500`)).json.alerts;
    expect(q.some((a: any) => a.id === one.id)).toBe(true);
    const since = (await r.get(`/v1/alerts?since=${one.last_ts}&limit=500`)).json.alerts;
    expect(since.length).toBe(all.filter((a) => a.last_ts >= one.last_ts).length);
    const iso = new Date(one.first_ts).toISOString();
    const until = (await r.get(`/v1/alerts?until=${iso}&limit=500`)).json.alerts;
    expect(until.length).toBe(all.filter((a) => a.first_ts <= one.first_ts).length);
    expect((await r.get('/v1/alerts?severity=bad')).status).toBe(400);
    expect((await r.get('/v1/alerts?limit=0')).status).toBe(400);
    expect((await r.get('/v1/alerts?since=yesterday')).status).toBe(400);
    expect((await r.get('/v1/alerts?cursor=zzz')).status).toBe(400);
  });

  test('paging with the cursor visits every alert once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = (await api(f.url, f.tokens.read).get(`/v1/alerts?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json;
      expect(res.alerts.length).toBeLessThanOrEqual(3);
      seen.push(...res.alerts.map((a: any) => a.id));
      cursor = res.next;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all.map((a) => a.id));
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  test('alert detail carries its evidence events', async () => {
    const a = all.find((x) => x.app === 'com.flash.tools');
    const r = await api(f.url, f.tokens.read).get(`/v1/alerts/${a.id}`);
    expect(r.status).toBe(200);
    expect(r.json.alert).toEqual(a);
    expect(r.json.status).toBe('open');
    expect(r.json.history).toEqual([]);
    expect(r.json.versions.map((v: any) => v.rev)).toEqual(Array.from({ length: a.rev }, (_, i) => i + 1));
    expect(r.json.evidence.map((e: any) => e.id).sort()).toEqual([...a.evidence].sort());
    for (const e of r.json.evidence) {
      expect(e.device).toBe(a.device);
      expect(e.event.id).toBe(e.id);
    }
    const ts = r.json.evidence.map((e: any) => e.ts);
    expect(ts).toEqual([...ts].sort((x: number, y: number) => x - y));
    expect((await api(f.url, f.tokens.read).get('/v1/alerts/an1731-nope')).status).toBe(404);
  });

  test('status changes are recorded with who, when and the comment', async () => {
    const a = all[0];
    const admin = api(f.url, f.tokens.admin);
    const t0 = Date.now();
    const r1 = await admin.post(`/v1/alerts/${a.id}/status`, JSON.stringify({ status: 'acknowledged', comment: 'looking <b>now</b>' }), { 'content-type': 'application/json' });
    expect(r1.status).toBe(200);
    expect(r1.json).toMatchObject({ id: a.id, status: 'acknowledged', previous: 'open', by: 'alice' });
    const r2 = await admin.post(`/v1/alerts/${a.id}/status`, JSON.stringify({ status: 'false_positive' }));
    expect(r2.json).toMatchObject({ status: 'false_positive', previous: 'acknowledged' });
    const d = (await api(f.url, f.tokens.read).get(`/v1/alerts/${a.id}`)).json;
    expect(d.status).toBe('false_positive');
    expect(d.alert.status).toBe('false_positive');
    expect(d.history).toHaveLength(2);
    expect(d.history[0]).toMatchObject({ status: 'acknowledged', previous: 'open', comment: 'looking <b>now</b>', by: 'alice', token_id: f.tokens.admin.split('_')[1] });
    expect(d.history[0].at).toBeGreaterThanOrEqual(t0);
    expect(d.history[1]).toMatchObject({ status: 'false_positive', comment: null });
    const fp = (await api(f.url, f.tokens.read).get('/v1/alerts?status=false_positive')).json.alerts;
    expect(fp.map((x: any) => x.id)).toEqual([a.id]);
    const open = (await api(f.url, f.tokens.read).get('/v1/alerts?status=open&limit=500')).json.alerts;
    expect(open.length).toBe(all.length - 1);
    expect((await admin.post(`/v1/alerts/${a.id}/status`, '{"status":"closed"}')).status).toBe(400);
    expect((await admin.post(`/v1/alerts/${a.id}/status`, 'not json')).status).toBe(400);
    expect((await admin.post(`/v1/alerts/${a.id}/status`, JSON.stringify({ status: 'open', comment: 'x'.repeat(2001) }))).status).toBe(400);
    expect((await admin.post('/v1/alerts/an1731-nope/status', '{"status":"resolved"}')).status).toBe(404);
  });
});

/** reads SSE frames from a fetch body until `until` says stop */
async function readSse(res: Response, until: (events: { event: string; data: string; id?: string }[]) => boolean, ms = 10_000) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const events: { event: string; data: string; id?: string }[] = [];
  const timer = setTimeout(() => void reader.cancel(), ms);
  try {
    while (!until(events)) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const e: { event: string; data: string; id?: string } = { event: 'message', data: '' };
        for (const line of frame.split('\n')) {
          if (line.startsWith('event: ')) e.event = line.slice(7);
          else if (line.startsWith('data: ')) e.data += line.slice(6);
          else if (line.startsWith('id: ')) e.id = line.slice(4);
          else if (line.startsWith(':')) e.event = 'comment';
        }
        events.push(e);
      }
    }
  } finally { clearTimeout(timer); await reader.cancel().catch(() => undefined); }
  return events;
}

describe('stream', () => {
  test('SSE delivers new alert versions, status changes and heartbeats; resume replays', async () => {
    const f = await startFixture({ heartbeatMs: 200 });
    try {
      const ac = new AbortController();
      const res = await fetch(f.url + '/v1/stream', { headers: { authorization: `Bearer ${f.tokens.read}` }, signal: ac.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reading = readSse(res, (es) => es.some((e) => e.event === 'status') && es.some((e) => e.event === 'comment'));
      await api(f.url, f.tokens.ingest).post('/v1/events', await scenarioText('anubis-rc4-b64'));
      const [a] = await waitFor('alert', () => firstAlert(f));
      await api(f.url, f.tokens.admin).post(`/v1/alerts/${a.id}/status`, '{"status":"resolved","comment":"done"}');
      const events = await reading;
      ac.abort();
      const alerts = events.filter((e) => e.event === 'alert').map((e) => ({ ...JSON.parse(e.data), seq: Number(e.id) }));
      expect(alerts.length).toBeGreaterThanOrEqual(1);
      expect(alerts.every((x) => x.id === a.id && x.kind === 'alert' && x.status === 'open')).toBe(true);
      expect(alerts.map((x) => x.rev)).toEqual(alerts.map((_, i) => i + 1));
      for (let i = 1; i < alerts.length; i++) expect(alerts[i].seq).toBeGreaterThan(alerts[i - 1].seq);
      const st = JSON.parse(events.find((e) => e.event === 'status')!.data);
      expect(st).toMatchObject({ id: a.id, status: 'resolved', previous: 'open', by: 'alice', comment: 'done' });

      // EventSource cannot send headers: ?token= works on the stream; Last-Event-ID / ?since= resume
      const again = await fetch(`${f.url}/v1/stream?token=${f.tokens.read}&since=0`);
      expect(again.status).toBe(200);
      const replay = await readSse(again, (es) => es.some((e) => e.event === 'alert'));
      const latest = JSON.parse(replay.find((e) => e.event === 'alert')!.data);
      expect(latest).toMatchObject({ id: a.id, rev: alerts[alerts.length - 1].rev, status: 'resolved' });
      expect((await fetch(`${f.url}/v1/alerts?token=${f.tokens.read}`)).status).toBe(401);
      // disconnected clients are dropped
      await waitFor('clients gone', async () => /^ciphertrail_sse_clients 0$/m.test((await api(f.url, f.tokens.read).get('/metrics')).text));
    } finally { await f.close(); }
  });
});

describe('stream and revocation', () => {
  test('revoking a token ends the streams opened with it before they carry another alert', async () => {
    const f = await startFixture({ heartbeatMs: 200 });
    try {
      const res = await fetch(`${f.url}/v1/stream?token=${f.tokens.read}`);
      expect(res.status).toBe(200);
      const kept = await fetch(f.url + '/v1/stream', { headers: { authorization: `Bearer ${f.tokens.admin}` } });
      await waitFor('two clients', async () => /^ciphertrail_sse_clients 2$/m.test((await api(f.url, f.tokens.admin).get('/metrics')).text));
      const db = new Database(f.db);
      db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(Date.now(), f.tokens.read.split('_')[1]);
      db.close();
      await api(f.url, f.tokens.ingest).post('/v1/events', await scenarioText('anubis-rc4-b64'));
      await waitFor('alert', () => firstAlert({ ...f, tokens: { ...f.tokens, read: f.tokens.admin } }));
      const started = Date.now();
      const events = await readSse(res, () => false, 10_000);
      expect(Date.now() - started).toBeLessThan(5_000); // the server ended it, the reader did not time out
      expect(events.filter((e) => e.event === 'alert')).toEqual([]);
      // the other token's stream still gets the alert
      const others = await readSse(kept, (es) => es.some((e) => e.event === 'alert'), 5_000);
      expect(others.some((e) => e.event === 'alert')).toBe(true);
      await waitFor('clients gone', async () => /^ciphertrail_sse_clients 0$/m.test((await api(f.url, f.tokens.admin).get('/metrics')).text));
    } finally { await f.close(); }
  });
});

describe('policy', () => {
  test('GET shows the policy; an invalid PUT is refused with every problem and the old one stays; a valid PUT applies', async () => {
    const dir = await scenarioDir();
    const f = await startFixture({ policyPath: join(dir, 'policy.yaml') });
    try {
      const read = api(f.url, f.tokens.read);
      const admin = api(f.url, f.tokens.admin);
      const g0 = (await read.get('/v1/policy')).json;
      expect(g0).toMatchObject({ source: 'file', path: join(dir, 'policy.yaml') });
      expect(g0.text).toBe(readFileSync(join(dir, 'policy.yaml'), 'utf8'));
      expect(g0.policy.thresholds.time_window).toBe(600_000);

      await api(f.url, f.tokens.ingest).post('/v1/events', await scenarioText('anubis-rc4-b64'));
      const [a0] = await waitFor('alert', () => firstAlert(f));
      await new Promise((r) => setTimeout(r, 300));
      const before = (await firstAlert(f))![0];

      const bad = await admin.put('/v1/policy', 'thresholds:\n  time_wndow: 5m\n  entropy_threshold: hot\nseverity:\n  high: 500\n', { 'content-type': 'application/yaml' });
      expect(bad.status).toBe(400);
      expect(bad.json.error).toBe('invalid_policy');
      expect(bad.json.issues.length).toBeGreaterThanOrEqual(3);
      expect(bad.json.issues[0]).toMatchObject({ code: 'unknown_key', field: 'thresholds.time_wndow', line: 2 });
      expect(bad.json.issues[0].message).toMatch(/time_window/);
      expect((await read.get('/v1/policy')).json).toEqual(g0);
      const syntax = await admin.put('/v1/policy', 'a: [unclosed');
      expect(syntax.status).toBe(400);
      expect(syntax.json.issues[0].code).toBe('yaml_syntax');

      // the app becomes an expected encrypter: same chain (same id), re-scored under the new policy
      const text = g0.text.replace('allowed_crypto_apps:\n', 'allowed_crypto_apps:\n  - com.flash.tools\n');
      const ok = await admin.put('/v1/policy', text);
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json).toMatchObject({ source: 'api', path: null, text });
      expect(ok.json.policy.allowed_crypto_apps).toContain('com.flash.tools');
      const after = await waitFor('re-scored alert', async () => {
        const x = (await firstAlert(f))![0];
        return x.rev > before.rev ? x : undefined;
      });
      expect(after.id).toBe(a0.id);
      expect(after.facets.crypto.allowed_crypto_app).toBe(true);
      expect(after.score).toBeLessThan(before.score);
      const json = await admin.put('/v1/policy', JSON.stringify({ version: 1, thresholds: { time_window: '5m' } }), { 'content-type': 'application/json' });
      expect(json.status).toBe(200);
      expect(json.json.policy.thresholds.time_window).toBe(300_000);
    } finally { await f.close(); }
  });

  test('a policy PUT through the API survives a restart without --policy', async () => {
    const f = await startFixture();
    const admin = api(f.url, f.tokens.admin);
    expect((await admin.put('/v1/policy', 'thresholds:\n  key_reuse_threshold: 7\n')).status).toBe(200);
    await f.close();
    const { startServer } = await import('../src/server/start.js');
    const s = await startServer({ port: 0, db: f.db, log: () => undefined });
    try {
      const g = (await api(s.url, f.tokens.admin).get('/v1/policy')).json;
      expect(g).toMatchObject({ source: 'api', text: 'thresholds:\n  key_reuse_threshold: 7\n' });
      expect(g.policy.thresholds.key_reuse_threshold).toBe(7);
    } finally { await s.close(); }
  });

  test('startServer refuses an invalid --policy file', async () => {
    const { startServer, PolicyError } = await import('../src/server/start.js');
    const f = await startFixture();
    await f.close();
    const p = join(f.dir, 'bad.yaml');
    writeFileSync(p, 'thresholds:\n  time_wndow: 5m\n');
    await expect(startServer({ port: 0, db: f.db, policyPath: p, log: () => undefined })).rejects.toBeInstanceOf(PolicyError);
  });
});

describe('dashboard files', () => {
  test('served at / with CSP, nosniff and no-cache; no traversal', async () => {
    const dir = (await import('../src/server/static-files.js')).DASHBOARD_DIR;
    const f = await startFixture({ dashboardDir: dir });
    try {
      const r = await fetch(f.url + '/');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(r.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(await r.text()).toMatch(/<html/i);
      for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/API.md', '/nope.js']) {
        expect((await fetch(f.url + p)).status, p).toBe(404);
      }
      const api1 = await fetch(f.url + '/v1/alerts');
      expect(api1.headers.get('x-content-type-options')).toBe('nosniff');
    } finally { await f.close(); }
  });
});
