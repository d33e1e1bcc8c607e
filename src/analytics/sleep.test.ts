// A window sleeps when no send (nor a use of a key already judged) could lift its score to the
// report floor: sends are then not evaluated and the facets stop following the records until a
// record that could raise it arrives. Sleeping must change no alert: the same input through an
// engine whose windows never sleep gives byte-identical alert versions.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from './engine.js';
import { writeFleet, writeScenarios } from '../simulate/index.js';
import { acceptLine, LineEvent } from '../normalize/accept-line.js';
import { loadPolicy } from '../policy/index.js';
import type { Policy } from '../model/index.js';

async function versions(file: string, policy: Policy, sleep: boolean): Promise<{ out: string[]; skipped: number }> {
  const out: string[] = [];
  const e = new Engine({ policy, lateness: 30_000, sleep, onAlert: (u) => out.push(JSON.stringify(u)) });
  readFileSync(file, 'utf8').split('\n').forEach((l, i) => { const x = acceptLine(l, file, i + 1); if (x instanceof LineEvent) e.push(x); });
  e.end();
  return { out, skipped: e.stats.skipped };
}

describe('sleeping windows', () => {
  it('change no alert version on the scenario library and on a fleet (and do skip most evaluations there)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-sleep-'));
    await writeScenarios(dir, { scenario: 'all', seed: 3 });
    const policy = (await loadPolicy(join(dir, 'policy.yaml'))).value!;
    await writeFleet(join(dir, 'fleet.ndjson'), { devices: 12, hours: 6, seed: 5 });
    const fleetPolicy = (await loadPolicy(join(dir, 'fleet.ndjson.policy.yaml'))).value!;
    for (const [file, p] of [[join(dir, 'all.ndjson'), policy], [join(dir, 'fleet.ndjson'), fleetPolicy]] as const) {
      const awake = await versions(file, p, false), asleep = await versions(file, p, true);
      expect(awake.out.length).toBeGreaterThan(0);
      expect(asleep.out).toEqual(awake.out);
      expect(awake.skipped).toBe(0);
      expect(asleep.skipped).toBeGreaterThan(0);
    }
  }, 60_000);
});
