// docs/input-limits.md at every door: `detect`, POST /v1/events (then the alert API), `publish`
// (the NATS stream, then the workers), and the report and table outputs for a time no Date can hold.
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp, ndjson, alertsOf } from './helpers.js';
import { api, startFixture, waitFor } from './server-helpers.js';
import { PassThrough } from 'node:stream';
import { TableSink } from '../src/sinks/table-sink.js';
import type { Alert } from '../src/model/index.js';
import { spawnSync } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { unpackBatch, ENCODING_HEADER } from '../src/nats/batch.js';
import { NATS_BIN, NatsServer, ctRun } from './nats-helpers.js';

const T = Date.UTC(2026, 0, 5, 8);
const app = 'com.flash.tools';
const KEY = '3f9a0c1d2e4b5a69788796a5b4c3d2e1';
const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const PLAIN = 'PLAINTEXT-SMS-FROM-MOM';

/** an exfiltration chain on `device` (one alert), ids prefixed by the device */
const chain = (device: string, shift = 0) => [
  { ts: T, device, app, type: 'app.state', state: 'service' },
  { ts: T + 10, device, type: 'device.state', screen: 'off', locked: true },
  { ts: T + 100, device, app, type: 'data.access', category: 'sms', items: 212, bytes: 18000 },
  { ts: T + 200, device, app, type: 'crypto.key', key_fp: KEY, alg: 'AES', bits: 128, origin: 'literal' },
  ...[0, 1, 2, 3].map((i) => ({ ts: T + 210 + i, device, app, type: 'crypto.op', alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: KEY, in_bytes: 4600, out_bytes: 4608 })),
  { ts: T + 300, device, app, type: 'file.write', path: `/data/user/0/${app}/cache/q.bin`, bytes: 18432, entropy: 7.98 },
  { ts: T + 4000, device, app, type: 'net.send', dst_ip: '185.22.1.9', dst_port: 8080, proto: 'http', tls: false, bytes_out: 24690, payload: { format: 'json', b64_fields: 1 } },
].map((e, i) => ({ ...e, ts: e.ts + shift, id: `${device}-${i}` }));

/** the chain with raw material on some lines: a key, a plaintext, a payload sample */
const leaky = (device: string) => chain(device).map((e) =>
  e.type === 'crypto.key' ? { ...e, key_hex: SECRET }
    : e.type === 'crypto.op' && e.id.endsWith('-4') ? { ...e, plaintext: PLAIN }
      : e.type === 'net.send' ? { ...e, payload: { ...e.payload, sample: PLAIN } }
        : e);

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('detect', () => {
  const dir = tmp('ct-limits-');

  test('D6: forbidden fields reject their lines (file:line), never reach stdout, stderr or the dead letters', () => {
    const file = join(dir, 'leaky.ndjson');
    writeFileSync(file, ndjson([...leaky('d-01'), ...chain('d-02')]));
    const dead = join(dir, 'dead.ndjson');
    const r = ct(['detect', file, '--dead-letter', dead]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${file}:4: forbidden_field [key_hex]`);
    expect(r.stderr).toContain(`${file}:5: forbidden_field [plaintext]`);
    expect(r.stderr).toContain(`${file}:10: forbidden_field [payload.sample]`);
    expect(r.stderr).toContain('3 line(s) rejected, 17 accepted');
    const records = readFileSync(dead, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x) => [x.line, x.code, x.raw, x.raw_withheld])).toEqual([
      [4, 'forbidden_field', '', true], [5, 'forbidden_field', '', true], [10, 'forbidden_field', '', true],
    ]);
    for (const out of [r.stdout, r.stderr, readFileSync(dead, 'utf8')]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(PLAIN);
    }
    expect(alertsOf(r.stdout).map((a) => a.device)).toContain('d-02');
  });

  test('D2 and D5: a line nested 5,000 deep and an over-long line are rejected; the lines around them still alert', () => {
    const file = join(dir, 'hostile.ndjson');
    const lines = chain('d-03').map((e) => JSON.stringify(e));
    lines.splice(2, 0, JSON.stringify({ ts: T, device: 'd-03', app, type: 'app.state', state: 'service' }).slice(0, -1) + `,"x":${deep(5000)}}`);
    lines.splice(5, 0, JSON.stringify({ ts: T, device: 'd-03', app, type: 'app.state', state: 'service', pad: 'p'.repeat(1 << 20) }));
    writeFileSync(file, lines.join('\n') + '\n');
    const r = ct(['detect', file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${file}:3: too_deep [x`);
    expect(r.stderr).toMatch(new RegExp(`${file}:6: line_too_long: line of \\d+ characters exceeds the limit of 1048576`));
    expect(alertsOf(r.stdout).map((a) => a.device)).toEqual(['d-03']);
    expect(ct(['detect', file, '--max-line-length', 'lots']).status).toBe(2);
  });

  test('D4: a scenario shifted past what a Date holds is rejected at ts; the table shows every other alert', () => {
    const file = join(dir, 'far.ndjson');
    writeFileSync(file, ndjson([...chain('d-04'), ...chain('d-05', 1e16)]));
    const r = ct(['detect', file, '--format', 'table']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${file}:12: bad_value [ts]: want finite epoch ms within ±8.64e15`);
    expect(r.stdout).toContain('d-04');
    expect(r.stdout).toContain('alerts: 1 (');
  });

  test('D4: report and the table of an alert file that holds such a time (written before the check) do not crash', async () => {
    const file = join(dir, 'near.ndjson');
    writeFileSync(file, ndjson(chain('d-06')));
    const alert = alertsOf(ct(['detect', file]).stdout)[0] as Record<string, unknown>;
    const far = { ...alert, first_ts: (alert.first_ts as number) + 1e16, last_ts: (alert.last_ts as number) + 1e16 };
    const alerts = join(dir, 'far-alerts.ndjson');
    writeFileSync(alerts, JSON.stringify(far) + '\n');
    const out = join(dir, 'reports');
    const r = ct(['report', alerts, '--format', 'md,html,json,stix', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('Invalid time value');
    expect(readdirSync(out).length).toBeGreaterThanOrEqual(4);
    const text: string[] = [];
    const stream = new PassThrough().on('data', (b: Buffer) => text.push(b.toString()));
    const table = new TableSink(stream);
    table.write(far as unknown as Alert);
    await table.close();
    expect(text.join('')).toContain(`epoch-ms:${far.first_ts}`);
  });
});

describe('POST /v1/events', () => {
  test('D2: a 5,000-deep line is one rejection; the valid lines of the request are stored', async () => {
    const f = await startFixture();
    try {
      const good = chain('h-01').map((e) => JSON.stringify(e));
      const bad = JSON.stringify({ ts: T, device: 'h-01', app, type: 'app.state', state: 'service' }).slice(0, -1) + `,"x":{"y":${deep(5000)}}}`;
      const r = await api(f.url, f.tokens.ingest).post('/v1/events', [good[0], bad, ...good.slice(1)].join('\n'));
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ accepted: good.length, rejected: 1, errors: [{ line: 2, code: 'too_deep', field: 'x.y' + '[0]'.repeat(62) }] });
    } finally { await f.close(); }
  });

  test('D5: a line past --max-line-length is rejected, the rest stored', async () => {
    const f = await startFixture({ maxLineLength: 1024 });
    try {
      const good = chain('h-02').map((e) => JSON.stringify(e));
      const long = JSON.stringify({ ts: T, device: 'h-02', app, type: 'app.state', state: 'service', pad: 'p'.repeat(2000) });
      const r = await api(f.url, f.tokens.ingest).post('/v1/events', [...good, long].join('\n'));
      expect(r.json).toMatchObject({ accepted: good.length, rejected: 1, errors: [{ line: good.length + 1, code: 'line_too_long' }] });
    } finally { await f.close(); }
  });

  test('D6: forbidden fields are rejected: not in the SQLite file, not in the alert evidence', async () => {
    const f = await startFixture();
    try {
      const r = await api(f.url, f.tokens.ingest).post('/v1/events', ndjson([...leaky('h-03'), ...chain('h-04')]));
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ rejected: 3 });
      expect(r.json.errors.map((e: { code: string; field: string }) => [e.code, e.field])).toEqual([
        ['forbidden_field', 'key_hex'], ['forbidden_field', 'plaintext'], ['forbidden_field', 'payload.sample'],
      ]);
      expect(r.text).not.toContain(SECRET);
      const alerts = await waitFor('alerts', async () => {
        const a = (await api(f.url, f.tokens.read).get('/v1/alerts')).json.alerts;
        return a.length > 0 ? a : undefined;
      });
      for (const a of alerts) {
        const d = await api(f.url, f.tokens.read).get(`/v1/alerts/${a.id}`);
        expect(d.status).toBe(200);
        expect(d.text).not.toContain(SECRET);
        expect(d.text).not.toContain(PLAIN);
      }
      await f.close();
      for (const name of readdirSync(f.dir)) {
        if (!name.startsWith('ct.db')) continue;
        const bytes = readFileSync(join(f.dir, name)).toString('latin1');
        expect(bytes, name).not.toContain(SECRET);
        expect(bytes, name).not.toContain(PLAIN);
      }
    } finally { await f.close().catch(() => undefined); }
  });
});

const natsInstalled = spawnSync(NATS_BIN, ['--version']).status === 0;
if (!natsInstalled && process.env.CI) throw new Error(`CI: nats-server (${NATS_BIN}) is missing; npm test installs it (scripts/ensure-nats.sh)`);

describe('publish (NATS)', () => {
  test.skipIf(!natsInstalled)('D6 and D2: lines with a forbidden field or nested 5,000 deep are rejected by publish (file:line) and never reach the stream; the rest alerts', async () => {
    const nats = await NatsServer.start();
    try {
      const dir = tmp('ct-limits-nats-');
      const file = join(dir, 'leaky.ndjson');
      const lines = [...leaky('n-01'), ...chain('n-02')].map((e) => JSON.stringify(e));
      lines.push(JSON.stringify({ ts: T, device: 'n-02', app, type: 'app.state', state: 'service', id: 'deep' }).slice(0, -1) + `,"x":${deep(5000)}}`);
      writeFileSync(file, lines.join('\n') + '\n');
      const r = ctRun(['publish', file, '--nats', nats.url, '--partitions', '2', '--end']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(`${file}:4: forbidden_field [key_hex]`);
      expect(r.stderr).toContain(`${file}:5: forbidden_field [plaintext]`);
      expect(r.stderr).toContain(`${file}:10: forbidden_field [payload.sample]`);
      expect(r.stderr).toContain(`${file}:21: too_deep [x`);
      expect(r.stderr).toContain(`published ${lines.length - 4} line(s)`);
      for (const out of [r.stdout, r.stderr]) { expect(out).not.toContain(SECRET); expect(out).not.toContain(PLAIN); }
      // what the stream holds, decompressed
      const nc = await connect({ servers: nats.url });
      const held: string[] = [];
      try {
        const last = (await (await jetstreamManager(nc)).streams.info('CT_TEL')).state.last_seq;
        const it = await (await jetstream(nc).consumers.get('CT_TEL', { deliver_policy: DeliverPolicy.All })).consume();
        for await (const m of it) { if (m.data.length) held.push(...unpackBatch(m.data, m.headers?.get(ENCODING_HEADER) || undefined).lines); if (m.seq >= last) break; }
        it.stop();
      } finally { await nc.close(); }
      expect(held.length).toBe(lines.length - 4);
      expect(held.join('\n')).not.toContain(SECRET);
      expect(held.join('\n')).not.toContain(PLAIN);
      const w = ctRun(['worker', '--nats', nats.url, '--until-end']);
      expect(w.status, w.stderr).toBe(0);
      expect(alertsOf(ctRun(['alerts', '--nats', nats.url]).stdout).map((a) => a.device)).toContain('n-02');
    } finally { await nats.stop(); }
  });
});
