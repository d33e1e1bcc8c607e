// `publish` reads what `detect` reads: a real CuckooDroid report is sniffed, adapted and published
// as telemetry v1 lines; the workers' alerts equal detect's on the same file, and publishing it
// again adds nothing to the stream (its batches and end marker are named by the input, not by a
// temporary copy).
import { describe, it, expect, afterEach } from 'vitest';
import { join } from 'node:path';
import { ct, SHARED, needShared } from './helpers.js';
import { NatsServer, ctRun, ctSpawn, sortedLines, stopAll, status, type Proc, needNats } from './nats-helpers.js';

const REPORT = 'realdata/cuckoodroid/analysis-8/report.json';
const SKIP = !needNats() || !needShared(REPORT);

let nats: NatsServer | undefined;
const procs: Proc[] = [];
afterEach(async () => { await stopAll(procs, nats); nats = undefined; });

describe.skipIf(SKIP)('publish of a foreign format', () => {
  it('a sandbox report is adapted and published; the alerts equal detect\'s; publishing it again adds nothing', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    const file = join(SHARED, REPORT);
    const want = sortedLines(ct(['detect', file]).stdout);
    expect(want.length).toBeGreaterThan(0);
    const pub = ctRun(['publish', file, '--nats', url, '--partitions', '1', '--end']);
    expect(pub.status, pub.stderr).toBe(0);
    expect(pub.stderr).toMatch(/report\.json \(cuckoodroid\): CuckooDroid 2\.0 report\.json, \d+ event\(s\)/);
    const again = ctRun(['publish', file, '--nats', url, '--end']);
    expect(again.status, again.stderr).toBe(0);
    const w = ctSpawn(['worker', '--nats', url, '--until-end']);
    procs.push(w);
    expect(await w.exit, w.err.join('')).toBe(0);
    const events = Number(/published (\d+) line/.exec(pub.stderr)?.[1]);
    expect(events).toBeGreaterThan(0);
    // each event once, though published twice
    expect(status(url).parts.reduce((n, p) => n + p.events, 0)).toBe(events);
    expect(sortedLines(ctRun(['alerts', '--nats', url]).stdout)).toEqual(want);
  }, 60_000);
});
