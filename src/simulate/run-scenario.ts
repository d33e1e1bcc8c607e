// Run one library scenario for a seed: events sorted by ts, ids `<scenario>-<n>` in file order.
import type { ScenarioLabel, TelemetryEvent } from '../model/index.js';
import { BASE_EPOCH, HOUR } from './material.js';
import { Rng } from './prng.js';
import type { BuildEnv, ScenarioDef } from './scenario.js';
import { AppStream, ArraySink } from './stream.js';

export const deviceOf = (scenario: string, i: number): string => `sim-${scenario}-d${i + 1}`;

/** start of a scenario: the base epoch moved to its start hour (same day or the next) */
export function startOf(def: ScenarioDef): number {
  const h = def.startHour ?? 8;
  return BASE_EPOCH + (((h - 8) % 24) + 24) % 24 * HOUR;
}

export function runScenario(def: ScenarioDef, seed: number): TelemetryEvent[] {
  const rng = new Rng(seed, 'scenario', def.name);
  const sink = new ArraySink();
  const env: BuildEnv = {
    rng,
    t0: startOf(def),
    device: (i) => {
      if (i < 0 || i >= def.devices) throw new Error(`scenario ${def.name}: device ${i} outside its ${def.devices}`);
      return deviceOf(def.name, i);
    },
    stream: (device, app, t, proc) => new AppStream(sink, rng, device, app, t, proc),
  };
  def.build(env);
  const events = sink.events.map((e, i) => ({ e, i }));
  events.sort((a, b) => a.e.ts - b.e.ts || a.i - b.i);
  return events.map(({ e }, n) => Object.assign(e, { id: `${def.name}-${n + 1}` }));
}

export function labelsOf(def: ScenarioDef, device: (i: number) => string = (i) => deviceOf(def.name, i)): ScenarioLabel[] {
  const out: ScenarioLabel[] = [];
  for (let i = 0; i < def.devices; i++) {
    out.push({
      scenario: def.name, malicious: def.malicious, ...(def.twin ? { twin: def.twin } : {}),
      device: device(i), app: def.app, ...(def.grounding ? { grounding: def.grounding } : {}), note: def.note,
    });
  }
  return out;
}
