// What a scenario is: a labelled, self-contained timeline on its own device(s) and package, plus
// the inventory entries it assumes. Malicious scenarios name a benign twin that differs in exactly
// what makes them malicious.
import type { AppEntry } from '../model/index.js';
import type { Rng } from './prng.js';
import type { AppStream } from './stream.js';

export interface ScenarioInfo {
  name: string;
  malicious: boolean;
  twin?: string;
  /** the public facts the scenario is grounded in (malicious ones) */
  grounding?: string;
  /** what makes it malicious, or what keeps it benign */
  note: string;
}

export interface BuildEnv {
  rng: Rng;
  /** start of the scenario, epoch ms */
  t0: number;
  /** the i-th device of the scenario (0-based) */
  device(i: number): string;
  /** a new event stream for (device, app[, process]) starting at t */
  stream(device: string, app: string, t: number, proc?: string): AppStream;
}

export interface ScenarioDef extends ScenarioInfo {
  /** the labelled package */
  app: string;
  /** devices the scenario runs on: one label per device */
  devices: number;
  /** UTC hour of day the scenario starts at (default 8, the base epoch's hour) */
  startHour?: number;
  /** approved-inventory entries the scenario assumes (none for malware; a clone lists its genuine app) */
  inventory: AppEntry[];
  /** packages to list in allowed_crypto_apps */
  allowedCrypto: string[];
  build(env: BuildEnv): void;
}

type Side = Omit<ScenarioDef, 'twin' | 'malicious'>;

/** a malicious scenario and its benign twin, each naming the other */
export function twinPair(malicious: Side, twin: Side): [ScenarioDef, ScenarioDef] {
  return [
    { ...malicious, malicious: true, twin: twin.name },
    { ...twin, malicious: false, twin: malicious.name },
  ];
}
