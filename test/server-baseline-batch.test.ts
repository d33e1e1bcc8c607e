// One very large batch through the server reaches the rolling baseline and the inventory routes.
import { expect, test } from 'vitest';
import { api, startFixture } from './server-helpers.js';

test('a 130,000-event batch of one app is learnt: the app is in the inventory proposal', async () => {
  const logs: string[] = [];
  const T0 = 1_767_700_000_000;
  const f = await startFixture({ rateLimit: null, log: (l) => logs.push(l), clock: () => T0 });
  try {
    const lines: string[] = [];
    for (let i = 0; i < 130_000; i++) lines.push(JSON.stringify({ ts: T0 + i * 10, device: 'dev-1', app: 'com.big.batch', type: 'app.state', state: i % 2 ? 'background' : 'foreground' }));
    const r = await api(f.url, f.tokens.ingest).post('/v1/events', lines.join('\n'));
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(130_000);
    expect(logs.filter((l) => /baseline update failed/.test(l))).toEqual([]);
    const p = await api(f.url, f.tokens.read).get('/v1/inventory/proposal');
    expect(p.status).toBe(200);
    expect(p.json.entries.map((e: { entry: { package: string } }) => e.entry.package)).toContain('com.big.batch');
  } finally { await f.close(); }
});
