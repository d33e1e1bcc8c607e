// A contiguous range of fleet devices generated hour by hour. The output of an hour is packed for
// cheap transfer between threads: one joined string per device-hour (lines in ts order, `\n`
// separated), how many lines each holds, every line's length and arrival key.
import type { FleetDevice } from './fleet-plan.js';
import { MIXES, type FleetMix, type MixDef } from './fleet-mix.js';

export interface PackedHour {
  texts: string[];
  counts: Uint32Array;
  lens: Uint32Array;
  keys: Float64Array;
}

export interface SliceSpec { devices: number; seed: number; lo: number; hi: number; mix: FleetMix }

export class FleetSlice {
  private readonly devices: FleetDevice[];
  private readonly mix: MixDef;

  constructor(readonly spec: SliceSpec) {
    this.mix = MIXES[spec.mix];
    this.devices = this.mix.plan(spec.devices, spec.seed).slice(spec.lo, spec.hi);
  }

  hour(h: number): PackedHour {
    const texts: string[] = [], counts: number[] = [], lens: number[] = [], keys: number[] = [];
    for (const dev of this.devices) {
      this.mix.hour(dev, h, this.spec.seed, (lines, ks) => {
        if (lines.length === 0) return;
        texts.push(lines.join('\n'));
        counts.push(lines.length);
        for (let i = 0; i < lines.length; i++) { lens.push(lines[i].length); keys.push(ks[i]); }
      });
    }
    return { texts, counts: Uint32Array.from(counts), lens: Uint32Array.from(lens), keys: Float64Array.from(keys) };
  }
}

/** split [0, devices) into `n` contiguous ranges of near-equal size */
export function sliceRanges(devices: number, n: number): [number, number][] {
  const k = Math.max(1, Math.min(n, devices));
  return Array.from({ length: k }, (_, i) => [Math.floor((i * devices) / k), Math.floor(((i + 1) * devices) / k)] as [number, number]);
}
