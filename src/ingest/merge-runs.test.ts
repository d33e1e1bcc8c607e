// One sandbox run in several files: merged by time, one device and package, duplicates once.
import { describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeRuns, runKeyOf, type AdaptedFile } from './merge-runs.js';
import { readAdapted } from './read-adapted.js';
import { createIngestCounters } from './read-events.js';
import { Engine } from '../analytics/index.js';
import { DEFAULT_POLICY } from '../model/policy.js';
import { realDataPath } from '../adapters/shared/real-data.test-util.js';
import type { Accepted, Alert } from '../model/index.js';

const DROIDMON_FIXTURE = fileURLToPath(new URL('../adapters/droidmon/fixtures/valid-crypto.log', import.meta.url));

async function read(paths: string[]): Promise<{ accepted: Accepted[]; notes: string[] }> {
  const accepted: Accepted[] = [];
  const notes: string[] = [];
  for await (const b of readAdapted(paths, { format: 'auto', onIssue: () => {}, onNote: (f, a, n) => notes.push(`${f}: ${n}`) }, () => {}, createIngestCounters())) accepted.push(...b);
  return { accepted, notes };
}

function detect(accepted: Accepted[]): { alerts: Alert[]; late: number } {
  const alerts: Alert[] = [];
  const engine = new Engine({ policy: DEFAULT_POLICY, lateness: 30_000, onAlert: ({ alert, final }) => { if (final) alerts.push(alert); } });
  for (const a of accepted) engine.push(a);
  engine.end();
  return { alerts, late: engine.stats.late };
}

/** Python's repr of a str, as the droidmon module writes "Unhandled: %r" */
const pyRepr = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

const file = (name: string, events: Record<string, unknown>[]): AdaptedFile => ({ file: name, adapter: name.endsWith('.pcap') ? 'pcap' : 'droidmon', output: { events, issues: [], cannotShow: [], notes: [] } });
const ev = (ts: number, device: string, app: string, extra: Record<string, unknown> = {}) => ({ ts, device, app, type: 'net.send', dst_ip: '203.0.113.1', bytes_out: 1, ...extra });

describe('mergeRuns', () => {
  it('groups CuckooDroid layouts by analysis directory', () => {
    expect(runKeyOf('/s/analyses/3/logs/droidmon.log')).toBe('/s/analyses/3');
    expect(runKeyOf('/s/analyses/3/reports/report.json')).toBe('/s/analyses/3');
    expect(runKeyOf('/s/analyses/3/dump.pcap')).toBe('/s/analyses/3');
  });

  it('merges by time, gives the run one device and package, and shifts a foreign clock onto the reference', () => {
    const r = mergeRuns([
      file('/r/1/logs/droidmon.log', [ev(1_000_000, 'droidmon-a', 'com.x', { id: 'd1' }), ev(1_060_000, 'droidmon-a', 'com.x', { id: 'd2' })]),
      file('/r/1/dump.pcap', [ev(9_000_000, 'pcap-dump.pcap', 'unknown.app', { id: 'p1', dst_port: 53 }), ev(9_030_000, 'pcap-dump.pcap', 'unknown.app', { id: 'p2', dst_port: 53 })]),
    ]);
    expect(r.events.map((m) => [m.event.id, m.event.ts, m.event.device, m.event.app])).toEqual([
      ['d1', 1_000_000, 'droidmon-a', 'com.x'], ['p1', 1_000_000, 'droidmon-a', 'com.x'], ['p2', 1_030_000, 'droidmon-a', 'com.x'], ['d2', 1_060_000, 'droidmon-a', 'com.x'],
    ]);
    expect(r.notes.map((n) => n.note).join('\n')).toMatch(/clock shifted by -8000\.000 s onto droidmon\.log's[\s\S]*device pcap-dump\.pcap → droidmon-a, 2 event\(s\) of unknown\.app → com\.x/);
  });

  it('keeps overlapping clocks as they are', () => {
    const r = mergeRuns([
      file('/r/2/logs/droidmon.log', [ev(1_000_000, 'd', 'com.x'), ev(1_100_000, 'd', 'com.x')]),
      file('/r/2/dump.pcap', [ev(1_050_000, 'p', 'unknown.app')]),
    ]);
    expect(r.events.map((m) => m.event.ts)).toEqual([1_000_000, 1_050_000, 1_100_000]);
    expect(r.notes.some((n) => /clock/.test(n.note))).toBe(false);
  });

  it('counts an event two files show once, and a file\'s own repeats as repeats', () => {
    const op = (ts: number) => ({ ts, device: 'd', app: 'com.x', type: 'crypto.op', alg: 'AES', dir: 'encrypt', key_fp: 'ab'.repeat(16) });
    const r = mergeRuns([
      file('/r/3/logs/droidmon.log', [op(1), op(1), op(2)]),
      file('/r/3/logs/droidmon.log.1', [{ ...op(1), id: 'other-id', src: 'other' }, op(2), op(2), op(3)]),
    ]);
    // file 1: two ops at 1 (a key used twice), one at 2; file 2 adds a second op at 2 and the one at 3
    expect(r.events.map((m) => m.event.ts)).toEqual([1, 1, 2, 2, 3]);
    expect(r.duplicates).toBe(2);
  });

  it('drops what a file marks as its copy of another file of the run (via), and never passes `via` on', () => {
    const r = mergeRuns([
      { file: '/r/4/reports/report.json', adapter: 'cuckoodroid', output: { events: [ev(5, 'c', 'com.x', { via: 'pcap', dst_host: 'a.example' }), ev(6, 'c', 'com.x', { via: 'droidmon' })], issues: [], cannotShow: [], notes: [] } },
      file('/r/4/dump.pcap', [ev(7, 'p', 'unknown.app')]),
    ]);
    expect(r.events.map((m) => m.event.ts)).toEqual([6, 7]);
    expect(r.events.every((m) => !('via' in m.event))).toBe(true);
  });

  it('does not make a run of captures alone or of several samples side by side', () => {
    const r = mergeRuns([
      file('/r/5/a.pcap', [ev(1, 'pcap-a', 'unknown.app')]), file('/r/5/b.pcap', [ev(9_000_000, 'pcap-b', 'unknown.app')]),
      file('/r/6/x.log', [ev(2, 'dx', 'com.x')]), file('/r/6/y.log', [ev(3, 'dy', 'com.y')]),
    ]);
    expect(r.events.map((m) => [m.event.device, m.event.ts])).toEqual([['pcap-a', 1], ['dx', 2], ['dy', 3], ['pcap-b', 9_000_000]]);
    expect(r.notes).toEqual([]);
  });
});

describe('readAdapted: droidmon.log and the droidmon module report of the same run', () => {
  it('the report\'s copy of the droidmon lines is counted once: same alert as the log alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-'));
    await mkdir(join(dir, 'logs'));
    await mkdir(join(dir, 'reports'));
    await copyFile(DROIDMON_FIXTURE, join(dir, 'logs/droidmon.log'));
    const lines = (await readFile(DROIDMON_FIXTURE, 'utf8')).split('\n').filter((l) => l.includes('{'));
    await writeFile(join(dir, 'reports/report.json'), JSON.stringify({ info: { id: 1 }, droidmon: { error: lines.map((l) => `Unhandled: ${pyRepr(l + '\n')}`), crypto_keys: [], raw: [] } }));
    const alone = await read([join(dir, 'logs/droidmon.log')]);
    const both = await read([join(dir, 'logs/droidmon.log'), join(dir, 'reports/report.json')]);
    expect(both.accepted.length).toBe(alone.accepted.length);
    expect(both.notes.join('\n')).toMatch(/report\.json: \d+ event\(s\) also in another file of this run counted once \(\d+ of them this file's copy of the run's droidmon input\)/);
    const a = detect(alone.accepted), b = detect(both.accepted);
    expect(a.alerts).toHaveLength(1);
    // the report names the analysis: its device is the run's; the chain is the same
    expect(new Set(both.accepted.map((x) => x.device)).size).toBe(1);
    expect(both.accepted[0].device).toMatch(/^cuckoo-/);
    expect(b.alerts.map((x) => [x.score, x.first_ts, x.facets.key_reuse?.uses])).toEqual(a.alerts.map((x) => [x.score, x.first_ts, x.facets.key_reuse?.uses]));
    // and the order the files are given in changes nothing
    const reversed = await read([join(dir, 'reports/report.json'), join(dir, 'logs/droidmon.log')]);
    expect(reversed.accepted.map((x) => x.event.id).sort()).toEqual(both.accepted.map((x) => x.event.id).sort());
    expect(detect(reversed.accepted).alerts.map((x) => x.id)).toEqual(b.alerts.map((x) => x.id));
  });
});

const A8 = realDataPath('cuckoodroid/analysis-8/report.json');
const A8_PCAP = realDataPath('cuckoodroid/analysis-8/dump.pcap');

describe.skipIf(!A8 || !A8_PCAP)(A8 ? 'real data: analysis-8 report.json + dump.pcap' : 'real data: a run in two files: SKIPPED, ../shared/realdata not on this machine', () => {
  it('in either order nothing is late, the capture joins the sample\'s context, and the alert is the same', async () => {
    const fwd = await read([A8!, A8_PCAP!]);
    const rev = await read([A8_PCAP!, A8!]);
    const f = detect(fwd.accepted), r = detect(rev.accepted);
    expect([f.late, r.late]).toEqual([0, 0]);
    expect(new Set(fwd.accepted.map((a) => `${a.device}/${a.app}`))).toEqual(new Set(['cuckoo-analysis-8/com.monster.bycc123']));
    expect(r.alerts.map((a) => [a.id, a.score])).toEqual(f.alerts.map((a) => [a.id, a.score]));
    expect(f.alerts).toHaveLength(1);
    expect(fwd.notes.join('\n')).toMatch(/dump\.pcap: clock shifted by -14414\.544 s onto report\.json's/);
  });
});
