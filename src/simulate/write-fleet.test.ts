import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { LabelsFile } from '../model/index.js';
import { writeFleet, writeFleetSliced } from './write-fleet.js';
import { LATE_MAX_MS } from './fleet-hour.js';
import { contractProblems } from './contract-check.js';

type Ev = Record<string, any>;
let root: string;
let file: string;
let result: { events: number; labels: LabelsFile };

const readLines = async (f: string): Promise<Ev[]> =>
  (await readFile(f, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ciphertrail-fleet-'));
  file = join(root, 'fleet.ndjson');
  result = await writeFleet(file, { devices: 5, hours: 1, seed: 1 });
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('writeFleet', () => {
  it('writes roughly the documented rate (≈210 events per device-hour; a daytime hour runs higher)', async () => {
    const lines = await readLines(file);
    expect(lines.length).toBe(result.events);
    expect(result.events).toBeGreaterThan(5 * 120);
    expect(result.events).toBeLessThan(5 * 450);
  });

  it('passes the contract check on every line and gives every event a unique id', async () => {
    const lines = await readLines(file);
    lines.forEach((e, i) => expect(contractProblems(e), `line ${i + 1}`).toEqual([]));
    expect(new Set(lines.map((e) => e.id)).size).toBe(lines.length);
  });

  it('is time-ordered within the late-delivery jitter', async () => {
    const lines = await readLines(file);
    let max = -Infinity, late = 0;
    for (const e of lines) {
      expect(e.ts).toBeGreaterThanOrEqual(max - LATE_MAX_MS);
      if (e.ts < max) late++;
      max = Math.max(max, e.ts);
    }
    expect(late).toBeLessThan(lines.length * 0.05);
  });

  it('is deterministic for a seed', async () => {
    const again = join(root, 'again.ndjson');
    const other = join(root, 'other.ndjson');
    await writeFleet(again, { devices: 5, hours: 1, seed: 1 });
    await writeFleet(other, { devices: 5, hours: 1, seed: 2 });
    expect(await readFile(again, 'utf8')).toBe(await readFile(file, 'utf8'));
    expect(await readFile(`${again}.labels.json`, 'utf8')).toBe(await readFile(`${file}.labels.json`, 'utf8'));
    expect(await readFile(other, 'utf8')).not.toBe(await readFile(file, 'utf8'));
  });

  it('labels benign and malicious (device, app) pairs that appear in the data', async () => {
    const lines = await readLines(file);
    const seen = new Set(lines.map((e) => `${e.device} ${e.app}`));
    const onDisk = JSON.parse(await readFile(`${file}.labels.json`, 'utf8')) as LabelsFile;
    expect(onDisk).toEqual(result.labels);
    expect(result.labels.scenarios.filter((l) => l.malicious).length).toBe(1);
    expect(result.labels.scenarios.filter((l) => !l.malicious).length).toBeGreaterThanOrEqual(5);
    for (const l of result.labels.scenarios) expect(seen.has(`${l.device} ${l.app}`), `${l.scenario} ${l.device} ${l.app}`).toBe(true);
    expect(parse(await readFile(`${file}.policy.yaml`, 'utf8')).version).toBe(1);
  });

  it('spreads over many devices and runs ~2% of them malicious at scale', async () => {
    const big = join(root, 'big.ndjson');
    const r = await writeFleet(big, { devices: 100, hours: 1, seed: 3 });
    expect(r.labels.scenarios.filter((l) => l.malicious).length).toBe(2);
    expect(new Set(r.labels.scenarios.map((l) => l.device)).size).toBe(100);
    expect(r.events / 100).toBeGreaterThan(120);
    expect(r.events / 100).toBeLessThan(450);
  });

  it('does not depend on how the devices are sliced (threads or not)', async () => {
    const one = join(root, 'one.ndjson'), three = join(root, 'three.ndjson');
    await writeFleetSliced(one, { devices: 7, hours: 3, seed: 5 }, 1);
    await writeFleetSliced(three, { devices: 7, hours: 3, seed: 5 }, 3);
    const a = await readFile(one, 'utf8');
    expect(a.length).toBeGreaterThan(0);
    expect(await readFile(three, 'utf8')).toBe(a);
  });

  it('carries events across hour boundaries without breaking the order', async () => {
    const f = join(root, 'hours.ndjson');
    const r = await writeFleet(f, { devices: 4, hours: 6, seed: 9 });
    const lines = await readLines(f);
    expect(lines.length).toBe(r.events);
    let max = -Infinity;
    for (const e of lines) { expect(e.ts).toBeGreaterThanOrEqual(max - LATE_MAX_MS); max = Math.max(max, e.ts); }
    const ids = new Set(lines.map((e) => e.id));
    expect(ids.size).toBe(lines.length);
  });

  it('rejects non-positive sizes', async () => {
    await expect(writeFleet(join(root, 'bad.ndjson'), { devices: 0, hours: 1, seed: 1 })).rejects.toThrow(/devices/);
    await expect(writeFleet(join(root, 'bad.ndjson'), { devices: 1, hours: 1.5, seed: 1 })).rejects.toThrow(/hours/);
  });
});
