// A server restarted in the middle of long chains (kill -9 or SIGTERM: committed events are in the
// store, the engine's memory is gone) must end with the alerts `detect` gives on the same events:
// no chain frozen non-final, no second alert for one chain. The engine is rebuilt from the store as
// `serve` does at start. A dense fleet has chains longer than the replay span (a RAT beaconing for
// hours), the case that split before: the rebuild now replays from before the oldest open chain.
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmp } from './helpers.js';
import { writeFleet, Rng } from '../src/simulate/index.js';
import { writeCorpus, type Corpus } from './differential/corpus.js';
import { detectHost, liveHost, quietPoints } from './differential/hosts.js';
import { divergences } from './differential/compare.js';

let corpus: Corpus;
const root = tmp('ct-restart-');

beforeAll(async () => {
  const fleet = join(root, 'fleet.ndjson');
  await writeFleet(fleet, { devices: 24, hours: 7, seed: 11, mix: 'dense' });
  const lines = readFileSync(fleet, 'utf8').trim().split('\n');
  corpus = await writeCorpus(join(root, 'corpus'), { seed: 11, lines, window: 10 * 60_000, inventory: true, lateness: 30_000, summary: 'dense fleet, 24 devices, 7 h' });
}, 120_000);

describe('server restarts', () => {
  it('at many points of a long fleet: the final alerts equal detect\'s (no chain split, none left open)', async () => {
    const want = await detectHost(corpus);
    expect(want.size).toBeGreaterThan(0);
    // (restarts where the stream has delivered everything up to its newest event: an engine that
    // restarts keeps no reorder buffer, as one that stops cleanly has released it)
    const quiet = quietPoints(corpus.lines);
    for (const seed of [1, 2, 3]) {
      const r = new Rng('restart', seed);
      const restarts = quiet.filter(() => r.chance(12 / quiet.length)).slice(0, 12);
      expect(restarts.length).toBeGreaterThan(3);
      const got = liveHost(corpus, mkdtempSync(join(root, `live-${seed}-`)), r, { releases: [], restarts });
      expect(divergences('server with restarts', want, got), `restarts at ${restarts.join(', ')}`).toEqual([]);
      for (const a of got.values()) expect(a.rev).toBeGreaterThan(0);
    }
  }, 300_000);
});
