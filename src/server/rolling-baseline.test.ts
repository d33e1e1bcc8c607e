import { describe, expect, test } from 'vitest';
import type { BaselineStore } from '../store/baseline-store.js';
import { parseBatch } from './ingest.js';
import { RollingBaseline } from './rolling-baseline.js';

describe('rolling baseline', () => {
  test('learns from a batch larger than the call-stack limit on spread arguments', () => {
    const T0 = 1767700000000;
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) lines.push(JSON.stringify({ ts: T0 + i, device: 'd', app: 'com.big.batch', type: 'app.state', state: i % 2 ? 'background' : 'foreground', id: `e${i}` }));
    const { events } = parseBatch(lines.join('\n'));
    expect(events.length).toBe(200_000);
    const saved: number[] = [];
    const store = { days: () => [], save: (d: { day: number }[]) => { saved.push(...d.map((x) => x.day)); } } as unknown as BaselineStore;
    const b = new RollingBaseline(store, () => T0);
    b.feed(events);
    expect(b.current().apps['com.big.batch']?.events).toBe(200_000);
    expect(saved).toEqual([Math.floor(T0 / 86_400_000)]);
  });
});
