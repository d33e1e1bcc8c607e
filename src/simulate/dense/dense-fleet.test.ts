import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelsFile } from '../../model/index.js';
import { writeFleet, writeFleetSliced } from '../write-fleet.js';
import { LATE_MAX_MS } from '../fleet-hour.js';
import { contractProblems } from '../contract-check.js';
import { backup } from '../profiles/backup.js';
import { ratBeacon } from './rat-beacon.js';

type Ev = Record<string, any>;
const WINDOW_MS = 10 * 60_000; // the policy's default time_window
const DEVICES = 6, HOURS = 24;
let root: string;
let file: string;
let text: string;
let lines: Ev[];
let result: { events: number; labels: LabelsFile };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ciphertrail-dense-'));
  file = join(root, 'fleet.ndjson');
  result = await writeFleet(file, { devices: DEVICES, hours: HOURS, seed: 3, mix: 'dense' });
  text = await readFile(file, 'utf8');
  lines = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** for each event of one device (in ts order): over the 10 minutes up to it, how many apps both
 *  encrypted and sent, and how many encrypt ops the backup app made — the window the engine sees */
function windows(events: Ev[]): { apps: number[]; backupEncrypts: number[] } {
  const enc = new Map<string, number>(), snd = new Map<string, number>();
  const isEnc = (e: Ev) => e.type === 'crypto.op' && e.dir === 'encrypt';
  const bump = (e: Ev, d: number) => {
    if (isEnc(e)) enc.set(e.app, (enc.get(e.app) ?? 0) + d);
    if (e.type === 'net.send') snd.set(e.app, (snd.get(e.app) ?? 0) + d);
  };
  const apps: number[] = [], backupEncrypts: number[] = [];
  let lo = 0;
  for (const e of events) {
    bump(e, 1);
    while (events[lo].ts < e.ts - WINDOW_MS) bump(events[lo++], -1);
    let n = 0;
    for (const [app, c] of enc) if (c > 0 && (snd.get(app) ?? 0) > 0) n++;
    apps.push(n);
    backupEncrypts.push(enc.get(backup.entry.package) ?? 0);
  }
  return { apps, backupEncrypts };
}

describe('writeFleet --mix dense', () => {
  it('keeps the sparse mix\'s order of magnitude of events per device-hour', () => {
    expect(lines.length).toBe(result.events);
    // 200 devices × 24 h ≈ 1 M events ± 30 %
    expect(result.events / (DEVICES * HOURS)).toBeGreaterThan(145);
    expect(result.events / (DEVICES * HOURS)).toBeLessThan(270);
  });

  it('passes the contract check on every line and gives every event a unique id', () => {
    lines.forEach((e, i) => expect(contractProblems(e), `line ${i + 1}`).toEqual([]));
    expect(new Set(lines.map((e) => e.id)).size).toBe(lines.length);
  });

  it('delivers about 1% of events late, within the late-delivery jitter', () => {
    let max = -Infinity, late = 0;
    for (const e of lines) {
      expect(e.ts).toBeGreaterThanOrEqual(max - LATE_MAX_MS);
      if (e.ts < max) late++;
      max = Math.max(max, e.ts);
    }
    expect(late / lines.length).toBeGreaterThan(0.002);
    expect(late / lines.length).toBeLessThan(0.03);
  });

  it('is deterministic for a seed, however the devices are sliced', async () => {
    const again = join(root, 'again.ndjson'), sliced = join(root, 'sliced.ndjson'), other = join(root, 'other.ndjson');
    await writeFleet(again, { devices: DEVICES, hours: HOURS, seed: 3, mix: 'dense' });
    expect(await readFile(again, 'utf8')).toBe(text);
    expect(await readFile(`${again}.labels.json`, 'utf8')).toBe(await readFile(`${file}.labels.json`, 'utf8'));
    const small = join(root, 'small.ndjson');
    await writeFleetSliced(small, { devices: 5, hours: 3, seed: 3, mix: 'dense' }, 1);
    await writeFleetSliced(sliced, { devices: 5, hours: 3, seed: 3, mix: 'dense' }, 3);
    expect(await readFile(sliced, 'utf8')).toBe(await readFile(small, 'utf8'));
    await writeFleet(other, { devices: 5, hours: 3, seed: 4, mix: 'dense' });
    expect(await readFile(other, 'utf8')).not.toBe(await readFile(small, 'utf8'));
  });

  it('labels the RAT devices malicious, and every labelled pair appears in the data', async () => {
    const seen = new Set(lines.map((e) => `${e.device} ${e.app}`));
    const onDisk = JSON.parse(await readFile(`${file}.labels.json`, 'utf8')) as LabelsFile;
    expect(onDisk).toEqual(result.labels);
    expect(onDisk.version).toBe(1);
    const mal = result.labels.scenarios.filter((l) => l.malicious);
    expect(mal.length).toBe(1);
    expect(mal[0]).toMatchObject({ scenario: ratBeacon.name, app: ratBeacon.app });
    for (const l of result.labels.scenarios) expect(seen.has(`${l.device} ${l.app}`), `${l.scenario} ${l.device} ${l.app}`).toBe(true);
  });

  it('has most apps encrypting and sending in the same windows, the backup with hundreds of encrypt ops', () => {
    const rats = new Set(result.labels.scenarios.filter((l) => l.malicious).map((l) => l.device));
    const byDevice = new Map<string, Ev[]>();
    for (const e of lines) {
      if (!byDevice.has(e.device)) byDevice.set(e.device, []);
      byDevice.get(e.device)!.push(e);
    }
    expect(byDevice.size).toBe(DEVICES);
    for (const [device, events] of byDevice) {
      if (rats.has(device)) continue; // its beacons, all day long, are most of its events
      events.sort((a, b) => a.ts - b.ts);
      const w = windows(events);
      expect(median(w.apps), device).toBeGreaterThanOrEqual(3);
      expect(median(w.backupEncrypts), device).toBeGreaterThanOrEqual(100);
    }
  });

  it('seals backup chunks with AES-GCM into high-entropy packs sent to the declared cloud', () => {
    const mine = lines.filter((e) => e.app === backup.entry.package);
    const enc = mine.filter((e) => e.type === 'crypto.op');
    expect(enc.length).toBeGreaterThan(1000);
    for (const e of enc) expect(e).toMatchObject({ dir: 'encrypt', alg: 'AES', mode: 'GCM' });
    for (const e of mine.filter((x) => x.type === 'file.write')) expect(e.entropy).toBeGreaterThan(7.9);
    for (const e of mine.filter((x) => x.type === 'net.send')) expect(e.dst_host).toBe('storage.googleapis.com');
  });

  it('beacons the RAT to a bare IP every 30–60 s with low jitter, under one hard-coded key', () => {
    const sends = lines.filter((e) => e.app === ratBeacon.app && e.type === 'net.send').map((e) => e.ts).sort((a, b) => a - b);
    const gaps = sends.slice(1).map((t, i) => t - sends[i]);
    const mid = median(gaps);
    expect(mid).toBeGreaterThanOrEqual(30_000);
    expect(mid).toBeLessThanOrEqual(61_000);
    for (const g of gaps) expect(Math.abs(g - mid) / mid).toBeLessThan(0.05);
    const ops = lines.filter((e) => e.app === ratBeacon.app && e.type === 'crypto.op');
    expect(new Set(ops.map((e) => e.key_fp)).size).toBe(1);
    for (const e of lines.filter((x) => x.app === ratBeacon.app && x.type === 'net.send')) {
      expect(e.dst_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(e.dst_host).toBeUndefined();
    }
  });
});
