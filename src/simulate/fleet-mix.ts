// The fleet's mixes: `sparse` (the default: few apps encrypt and send in the same windows) and
// `dense` (most apps do, in busy blocks: src/simulate/dense/). Each is a plan and an hour generator.
import { planFleet, type FleetDevice } from './fleet-plan.js';
import { generateHour, type Emit } from './fleet-hour.js';
import { planDenseFleet } from './dense/plan.js';
import { generateDenseHour } from './dense/hour.js';

export const FLEET_MIXES = ['sparse', 'dense'] as const;
export type FleetMix = (typeof FLEET_MIXES)[number];

export interface MixDef {
  plan(devices: number, seed: number): FleetDevice[];
  hour(dev: FleetDevice, h: number, seed: number, emit: Emit): void;
}

export const MIXES: Record<FleetMix, MixDef> = {
  sparse: { plan: planFleet, hour: generateHour },
  dense: { plan: planDenseFleet, hour: generateDenseHour },
};

export function isFleetMix(s: string): s is FleetMix {
  return (FLEET_MIXES as readonly string[]).includes(s);
}
