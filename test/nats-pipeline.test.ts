// The distributed mode end to end on a real nats-server: publish -> workers (real processes) ->
// fleet stage -> alerts stream, compared with `ciphertrail detect` on the same input.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp, checkAlerts } from './helpers.js';
import { NatsServer, ctRun, ctSpawn, sortedLines, status, needNats } from './nats-helpers.js';

const SKIP = !needNats();

let dir: string;
beforeAll(() => {
  dir = tmp('ct-natsp-');
  expect(ct(['simulate', '--out', join(dir, 'sc'), '--scenario', 'all', '--seed', '1']).status).toBe(0);
  expect(ct(['simulate', '--out', join(dir, 'fleet'), '--devices', '60', '--hours', '1', '--seed', '7']).status).toBe(0);
}, 60_000);

describe.skipIf(SKIP)('publish -> worker -> alerts', () => {
  let nats: NatsServer;
  beforeAll(async () => { nats = await NatsServer.start(); });
  afterAll(async () => { await nats?.stop(); });

  it('one partition: the alerts equal detect byte for byte (hard-coded key across devices included)', () => {
    const file = join(dir, 'sc/all.ndjson'), policy = join(dir, 'sc/policy.yaml');
    const want = ct(['detect', file, '--policy', policy]);
    expect(want.status).toBe(0);
    expect(want.stdout).toContain('hard-coded');
    const pub = ctRun(['publish', file, '--nats', nats.url, '--partitions', '1', '--end']);
    expect(pub.stderr).toMatch(/published 4532 line\(s\) in \d+ batch\(es\) to 1 partitions/);
    expect(pub.status).toBe(0);
    const w = ctRun(['worker', '--nats', nats.url, '--policy', policy, '--until-end']);
    expect(w.status, w.stderr).toBe(0);
    const got = ctRun(['alerts', '--nats', nats.url]);
    expect(got.status).toBe(0);
    expect(sortedLines(got.stdout)).toEqual(sortedLines(want.stdout));
    const out = join(dir, 'nats-alerts.ndjson');
    writeFileSync(out, got.stdout);
    expect(checkAlerts(out).status).toBe(0);
    // every version the single process emits (detect --updates), each exactly once in the stream
    const versions = ctRun(['alerts', '--nats', nats.url, '--versions']);
    expect(sortedLines(versions.stdout)).toEqual(sortedLines(ct(['detect', file, '--policy', policy, '--updates']).stdout));
    // publishing the same file again adds nothing (Nats-Msg-Id de-duplication)
    const before = status(nats.url).streams.CT_TEL.messages;
    expect(ctRun(['publish', file, '--nats', nats.url, '--end']).status).toBe(0);
    expect(status(nats.url).streams.CT_TEL.messages).toBe(before);
  });
});

describe.skipIf(SKIP)('two workers on four partitions', () => {
  let nats: NatsServer;
  beforeAll(async () => { nats = await NatsServer.start(); });
  afterAll(async () => { await nats?.stop(); });

  it('a simulated fleet gives the same alerts as detect; status shows partitions, owners, lag', async () => {
    const file = join(dir, 'fleet/fleet.ndjson'), policy = join(dir, 'fleet/fleet.ndjson.policy.yaml');
    const want = ct(['detect', file, '--policy', policy]);
    expect(want.status).toBe(0);
    expect(ctRun(['publish', file, '--nats', nats.url, '--partitions', '4', '--batch-lines', '200', '--end']).status).toBe(0);
    const a = ctSpawn(['worker', '--nats', nats.url, '--policy', policy, '--partitions', '0-1', '--fleet', '--until-end', '--id', 'w-a']);
    const b = ctSpawn(['worker', '--nats', nats.url, '--policy', policy, '--partitions', '2,3', '--until-end', '--id', 'w-b']);
    expect(await b.exit, b.err.join('')).toBe(0);
    expect(await a.exit, a.err.join('')).toBe(0);
    const got = ctRun(['alerts', '--nats', nats.url]);
    expect(sortedLines(got.stdout)).toEqual(sortedLines(want.stdout));
    const s = status(nats.url);
    expect(s.parts.map((p) => p.owner)).toEqual(['w-a', 'w-a', 'w-b', 'w-b']);
    expect(s.parts.every((p) => p.ended && p.pending === 0)).toBe(true);
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l).length;
    expect(s.parts.reduce((n, p) => n + p.events, 0)).toBe(lines);
    const table = ctRun(['status', '--nats', nats.url]).stdout;
    expect(table).toMatch(/^partition\s+owner\s+lease \(holder, epoch, renewed ago\)\s+stream-seq\s+lag\(msgs\)/);
    expect(table).toContain('fleet stage: owner w-a');
  });

  it('scenarios over four partitions, --approximate-keys: the same findings as detect (ids, scores, severities, fleet key counts)', async () => {
    // a fresh server: one stream is one input, as one detect run is
    await nats.stop();
    nats = await NatsServer.start();
    // a key shared by devices of different partitions becomes visible to the other partitions
    // only in the fleet stage: the findings are the same, revision counts and key texts may differ (docs/scale-out.md)
    const file = join(dir, 'sc/all.ndjson'), policy = join(dir, 'sc/policy.yaml');
    const core = (s: string) => sortedLines(s).map((l) => { const a = JSON.parse(l); return `${a.id} ${a.score} ${a.severity} ${a.facets.key_reuse?.devices_with_key ?? '-'}`; }).sort();
    const want = ct(['detect', file, '--policy', policy]).stdout;
    expect(ctRun(['publish', file, '--nats', nats.url, '--partitions', '4', '--approximate-keys', '--end']).status).toBe(0);
    const w = ctRun(['worker', '--nats', nats.url, '--policy', policy, '--until-end']);
    expect(w.status, w.stderr).toBe(0);
    const got = ctRun(['alerts', '--nats', nats.url]).stdout;
    expect(core(got)).toEqual(core(want));
    // input without key uses: nothing waited for them ('-' in the table)
    expect((status(nats.url) as unknown as { parts: { usesWaitMs?: number }[] }).parts.every((p) => p.usesWaitMs === undefined)).toBe(true);
  });
});

describe.skipIf(SKIP)('publish (exact keys, the default for files): a hard-coded key across partitions', () => {
  let nats: NatsServer;
  beforeAll(async () => { nats = await NatsServer.start(); });
  afterAll(async () => { await nats?.stop(); });

  it('two workers on four partitions give detect\'s alerts byte for byte, and every version of detect --updates', async () => {
    const file = join(dir, 'sc/all.ndjson'), policy = join(dir, 'sc/policy.yaml');
    const want = ct(['detect', file, '--policy', policy]).stdout;
    expect(want).toContain('on 3 devices: hard-coded');
    expect(ctRun(['publish', file, '--nats', nats.url, '--partitions', '4', '--batch-lines', '50', '--end']).status).toBe(0);
    const uses = status(nats.url).streams.CT_USES.messages;
    expect(uses).toBeGreaterThan(0);
    const a = ctSpawn(['worker', '--nats', nats.url, '--policy', policy, '--partitions', '0-1', '--fleet', '--until-end', '--id', 'w-a']);
    const b = ctSpawn(['worker', '--nats', nats.url, '--policy', policy, '--partitions', '2,3', '--until-end', '--id', 'w-b']);
    expect(await b.exit, b.err.join('')).toBe(0);
    expect(await a.exit, a.err.join('')).toBe(0);
    expect(sortedLines(ctRun(['alerts', '--nats', nats.url]).stdout)).toEqual(sortedLines(want));
    expect(sortedLines(ctRun(['alerts', '--nats', nats.url, '--versions']).stdout)).toEqual(sortedLines(ct(['detect', file, '--policy', policy, '--updates']).stdout));
    // status shows, per partition, the time spent waiting for key uses (none waiting now)
    const parts = (status(nats.url) as unknown as { parts: { usesWaitMs?: number; usesWaitingFor?: number }[] }).parts;
    expect(parts.every((p) => typeof p.usesWaitMs === 'number' && p.usesWaitMs >= 0 && !p.usesWaitingFor)).toBe(true);
    expect(ctRun(['status', '--nats', nats.url]).stdout).toMatch(/uses-wait\s+updated\n0\s+w-a\s+.*\s\d+\.\ds\s/);
    // the same input again adds nothing, key uses included
    expect(ctRun(['publish', file, '--nats', nats.url, '--batch-lines', '50', '--end']).status).toBe(0);
    expect(status(nats.url).streams.CT_USES.messages).toBe(uses);
    expect(ctRun(['publish', file, '--nats', nats.url, '--exact-keys', '--approximate-keys']).stderr).toContain('contradict');
  });
});

describe.skipIf(SKIP)('errors', () => {
  it('no server: exit 2 with a clear message', () => {
    const r = ctRun(['status', '--nats', 'nats://127.0.0.1:1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ciphertrail: cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/);
    expect(ctRun(['worker']).stderr).toContain('--nats URL is required');
    expect(ctRun(['worker', '--nats', 'x', '--partitions', '3-1']).stderr).toContain('goes backwards');
  });
});
