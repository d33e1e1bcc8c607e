// Random corpora for the differential test: a small simulated fleet plus copies of library
// scenarios (moved into the fleet's hour, on renamed devices so that partitions and key sharing
// vary), under a policy with a random time window, shuffled within a random lateness.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { SCENARIOS, runScenario, Rng } from '../../src/simulate/index.js';
import { writeFleetSliced } from '../../src/simulate/write-fleet.js';
import { scenarioPolicyYaml } from '../../src/simulate/write-scenarios.js';
import { loadPolicy } from '../../src/policy/index.js';
import type { Policy } from '../../src/model/index.js';

export interface Corpus {
  seed: number;
  /** arrival order: every event displaced by less than `lateness` */
  lines: string[];
  file: string;
  policyFile: string;
  policy: Policy;
  lateness: number;
  /** what was mixed in, for failure messages */
  summary: string;
}

export interface CorpusSpec { seed: number; lines: string[]; window: number; inventory: boolean; lateness: number; summary: string }

const MINUTE = 60_000;

interface Ev { ts: number; device: string; id?: string; [k: string]: unknown }

/** the shape of a corpus (no I/O): fleet size, scenario copies, policy knobs */
export function planCorpus(seed: number) {
  const r = new Rng('differential', seed);
  return {
    devices: r.int(2, 12),
    fleetSeed: r.int(0, 1_000_000),
    scenarios: Array.from({ length: r.int(0, 5) }, () => ({ def: r.pick(SCENARIOS), copies: r.chance(0.3) ? r.int(2, 3) : 1, seed: r.int(0, 1000) })),
    window: r.pick([2, 5, 10]) * MINUTE,
    inventory: r.chance(0.8),
    lateness: r.pick([1, 5, 15, 30, 60]) * 1000,
    tag: r.hex(4),
    rng: r,
  };
}

export async function makeCorpus(seed: number, dir: string): Promise<Corpus> {
  const plan = planCorpus(seed);
  const r = plan.rng;
  mkdirSync(dir, { recursive: true });
  const fleetFile = join(dir, 'fleet.ndjson');
  await writeFleetSliced(fleetFile, { devices: plan.devices, hours: 1, seed: plan.fleetSeed }, 1, false);
  const events: Ev[] = readFileSync(fleetFile, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l) as Ev);
  const start = events[0]?.ts ?? Date.UTC(2026, 0, 5, 8);
  for (const [k, { def, copies, seed: s }] of plan.scenarios.entries()) {
    const base = runScenario(def, s);
    for (let c = 0; c < copies; c++) {
      // a copy runs on devices of its own (same keys: a hard-coded key across devices) at its own
      // time; devices and ids stay unique (the server de-duplicates on (device, id))
      const shift = start + r.int(0, 40 * MINUTE) - base[0].ts;
      const suffix = `-${plan.tag}${k}${c ? `c${c}` : ''}`;
      for (const e of base) events.push({ ...e, ts: e.ts + shift, device: e.device + suffix, id: `${e.id}${suffix}` } as Ev);
    }
  }
  const lines = shuffleWithin(events, plan.lateness, r).map((e) => JSON.stringify(e));
  const summary = `${plan.devices} fleet devices (fleet seed ${plan.fleetSeed}), ` +
    `scenarios [${plan.scenarios.map((x) => `${x.def.name}${x.copies > 1 ? '×' + x.copies : ''}`).join(', ')}], ` +
    `window ${plan.window / MINUTE}m, ${plan.inventory ? 'inventory' : 'no inventory'}, lateness ${plan.lateness / 1000}s, ${lines.length} events`;
  return writeCorpus(dir, { seed, lines, window: plan.window, inventory: plan.inventory, lateness: plan.lateness, summary });
}

/** the corpus and its policy as files (detect and publish read files) */
export async function writeCorpus(dir: string, o: CorpusSpec): Promise<Corpus> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'corpus.ndjson');
  writeFileSync(file, o.lines.join('\n') + '\n');
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, policyText(o.window, o.inventory));
  const loaded = await loadPolicy(policyFile);
  if (!loaded.value || loaded.issues.length) throw new Error(`corpus ${o.seed}: bad policy ${JSON.stringify(loaded.issues)}`);
  return { seed: o.seed, lines: o.lines, file, policyFile, policy: loaded.value, lateness: o.lateness, summary: o.summary };
}

/** arrival order: sorted by ts + a random delay in [0, lateness): an event arriving after another
 *  is at most lateness - 1 ms older than it, so no host ever sees an event as late */
function shuffleWithin<T extends { ts: number }>(events: T[], lateness: number, r: Rng): T[] {
  const keyed = events.map((e, i) => ({ e, i, k: e.ts + Math.floor(r.next() * lateness) }));
  keyed.sort((a, b) => a.k - b.k || a.i - b.i);
  return keyed.map((x) => x.e);
}

function policyText(window: number, inventory: boolean): string {
  const p = (inventory ? parse(scenarioPolicyYaml()) : {}) as Record<string, unknown>;
  p.thresholds = { ...(p.thresholds as object | undefined), time_window: `${window / MINUTE}m` };
  return stringify(p);
}
