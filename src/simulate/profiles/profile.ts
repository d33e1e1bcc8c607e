// A benign app profile: its inventory entry, what it does while the user looks at it, what it does
// on its own, and a library scenario built from those. The fleet repeats the same pieces per hour.
import type { Rng } from '../prng.js';
import type { AppStream } from '../stream.js';
import type { BuildEnv } from '../scenario.js';
import type { ApprovedApp } from '../kit.js';

export interface HourEnv {
  rng: Rng;
  device: string;
  /** the hour [from, to), epoch ms */
  from: number;
  to: number;
  hourOfDay: number;
  night: boolean;
  /** whether the device's screen is on at t (a user session is running) */
  screenOn(t: number): boolean;
  /** a stream of this profile's app on this device */
  stream(t: number, proc?: string): AppStream;
  /** per (device, profile) state kept across hours */
  mem: Record<string, unknown>;
  /** dense mix: the device's busy blocks overlapping the hour, [start, end) epoch ms */
  busy?: readonly BusyBlock[];
}

export interface BusyBlock { start: number; end: number }

export interface BenignProfile {
  name: string;
  note: string;
  entry: ApprovedApp;
  version: string;
  allowedCrypto: boolean;
  /** share of fleet devices that have the app */
  share: number;
  /** a user-visible session from s.t until about `until`; ends with the app left in background */
  foreground?(s: AppStream, until: number): void;
  /** unattended work within one fleet hour */
  background?(env: HourEnv): void;
  /** the library scenario (10–40 min) */
  scenario(env: BuildEnv): void;
  /** UTC hour the library scenario starts at */
  startHour?: number;
}
