// Who runs what in the benchmark fleet: every device gets a deterministic subset of the benign
// profiles (by each profile's share), and ~2% of devices (at least one) also run a malicious variant.
import type { ScenarioLabel } from '../model/index.js';
import { PROFILES, type BenignProfile } from './profiles/index.js';
import { SCENARIOS } from './scenarios/index.js';
import type { ScenarioDef } from './scenario.js';
import { Rng } from './prng.js';
import { labelsOf } from './run-scenario.js';

export const MALICIOUS_SHARE = 0.02;

export interface FleetDevice {
  index: number;
  name: string;
  profiles: BenignProfile[];
  malicious?: ScenarioDef;
  /** per-profile state kept across hours (tunnel clocks, check-in schedule) */
  mem: Map<string, Record<string, unknown>>;
  /** the end of the last user session: the next one starts after it */
  freeAt: number;
  /** event ids issued so far */
  seq: number;
}

/** variants that fit one fleet device (the multi-device one is a fleet of its own) */
export const fleetVariants = (): ScenarioDef[] => SCENARIOS.filter((s) => s.malicious && s.devices === 1);

export const fleetDeviceName = (i: number): string => `fleet-d${String(i + 1).padStart(4, '0')}`;

/** the device indexes shuffled so that the first `infected` (≈ share of them, at least one) are the infected devices */
export function infectedOrder(rng: Rng, devices: number, share: number): { order: number[]; infected: number } {
  const order = Array.from({ length: devices }, (_, i) => i);
  const n = Math.min(devices, Math.max(1, Math.round(devices * share)));
  for (let i = 0; i < n; i++) { // partial Fisher-Yates: the first n are the infected devices
    const j = rng.int(i, devices - 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return { order, infected: n };
}

export function planFleet(devices: number, seed: number): FleetDevice[] {
  const rng = new Rng(seed, 'fleet-plan');
  const { order, infected: nMal } = infectedOrder(rng, devices, MALICIOUS_SHARE);
  const variants = fleetVariants();
  const offset = rng.int(0, variants.length - 1);
  const infected = new Map<number, ScenarioDef>();
  for (let k = 0; k < nMal; k++) infected.set(order[k], variants[(offset + k) % variants.length]);

  const plan: FleetDevice[] = [];
  for (let i = 0; i < devices; i++) {
    const r = new Rng(seed, 'fleet-apps', i);
    const profiles = PROFILES.filter((p) => p.share >= 1 || r.chance(p.share));
    const malicious = infected.get(i);
    plan.push({ index: i, name: fleetDeviceName(i), profiles, ...(malicious ? { malicious } : {}), mem: new Map(), freeAt: 0, seq: 0 });
  }
  return plan;
}

export function fleetLabels(plan: readonly Pick<FleetDevice, 'name' | 'profiles' | 'malicious'>[]): ScenarioLabel[] {
  const out: ScenarioLabel[] = [];
  for (const d of plan) {
    for (const p of d.profiles) out.push({ scenario: p.name, malicious: false, device: d.name, app: p.entry.package, note: p.note });
    if (d.malicious) out.push(...labelsOf(d.malicious, () => d.name));
  }
  return out;
}
