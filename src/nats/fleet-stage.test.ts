import { describe, it, expect } from 'vitest';
import { DEFAULT_POLICY } from '../model/index.js';
import { FleetStage } from './fleet-stage.js';

describe('fleet stage progress', () => {
  it('never goes backwards: an older progress arriving after a partition ended keeps it ended', () => {
    const stage = new FleetStage({ policy: DEFAULT_POLICY, lateness: 0, partitions: 2, onAlert: () => undefined });
    stage.progress(0, 1_000);
    stage.progress(1, 5_000);
    expect(stage.globalProgress).toBe(1_000);
    stage.progress(0, null);
    stage.progress(0, 900); // a retried publish that landed late
    expect(stage.globalProgress).toBe(5_000);
    stage.progress(1, null);
    expect(stage.globalProgress).toBe(Infinity);
    stage.progress(1, 4_000);
    expect(stage.globalProgress).toBe(Infinity);
  });
});

describe('fleet messages in parts', () => {
  it('splits held chains and notes under the size, keeps every item once and in order', async () => {
    const { splitFleet } = await import('./worker.js');
    const held = Array.from({ length: 50 }, (_, i) => new Uint8Array(30_000).fill(i));
    const notes = Array.from({ length: 10 }, (_, i) => ['app', `fp${i}`, `d${i}`, i] as [string, string, string, number]);
    const parts = splitFleet(notes, held, 256 * 1024);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) expect(p.held.reduce((n, h) => n + h.length, 0) + p.notes.length * 100).toBeLessThanOrEqual(256 * 1024);
    expect(parts.flatMap((p) => p.held).map((h) => h[0])).toEqual(held.map((_, i) => i));
    expect(parts.flatMap((p) => p.notes)).toEqual(notes);
    expect(splitFleet([], [], 1000)).toEqual([{ notes: [], held: [] }]);
  });
});
