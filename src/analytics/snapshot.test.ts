// A restored engine continues exactly as the one it was taken from: every alert version equal.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenarios } from '../simulate/index.js';
import { loadPolicy } from '../policy/index.js';
import { parseLine } from '../normalize/parse-line.js';
import type { Accepted, Policy } from '../model/index.js';
import { Engine } from './engine.js';
import { snapshotEngine, restoreEngine, packObject } from './snapshot.js';

let events: Accepted[], policy: Policy;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-snap-'));
  await writeScenarios(dir, { scenario: 'all', seed: 3 });
  policy = (await loadPolicy(join(dir, 'policy.yaml'))).value!;
  const file = join(dir, 'all.ndjson');
  events = readFileSync(file, 'utf8').split('\n').map((l, i) => parseLine(l, { file, line: i + 1 })).flatMap((r) => (r.ok === true ? [r.accepted] : []));
}, 30_000);

function run(cutAt?: number): string[] {
  const out: string[] = [];
  const opts = { policy, lateness: 30_000, onAlert: (u: { alert: unknown; final: boolean }) => out.push(JSON.stringify(u)) };
  let e = new Engine(opts);
  events.forEach((x, i) => {
    if (i === cutAt) e = restoreEngine(snapshotEngine(e), opts);
    // a fresh copy: the restored engine must not share objects with the input
    e.push(structuredClone(x));
  });
  e.end();
  return out;
}

describe('engine snapshot', () => {
  it('restore at any point gives every alert version of the uninterrupted run', () => {
    const whole = run();
    expect(whole.length).toBeGreaterThan(20);
    for (const at of [1, Math.floor(events.length / 3), Math.floor(events.length / 2), events.length - 1]) expect(run(at)).toEqual(whole);
  });

  it('two engines restored from the same bytes are independent and continue alike', () => {
    const outs: string[][] = [[], [], []];
    const opts = (i: number) => ({ policy, lateness: 30_000, onAlert: (u: unknown) => outs[i].push(JSON.stringify(u)) });
    const e = new Engine(opts(0));
    for (const x of events.slice(0, 1500)) e.push(x);
    const bytes = snapshotEngine(e);
    const a = restoreEngine(bytes, opts(1)), b = restoreEngine(bytes, opts(2));
    outs[0].length = 0;
    for (const x of events.slice(1500)) { e.push(structuredClone(x)); a.push(structuredClone(x)); }
    e.end(); a.end();
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[0].length).toBeGreaterThan(0);
    // b saw none of that: still at the snapshot
    expect(outs[2]).toEqual([]);
    expect(b.stats.accepted).toBe(1500);
    expect(a.stats.accepted).toBe(events.length);
  });

  it('state holding an object of an unregistered class fails loudly', () => {
    class Stranger { x = 1; }
    expect(() => packObject({ deep: [new Map([['k', new Stranger()]])] })).toThrow(/root0\.deep\[0\]\[0\] is a Stranger, not a registered engine class/);
    expect(() => packObject({ f: () => 1 })).toThrow(/a function at root0\.f/);
  });
});
