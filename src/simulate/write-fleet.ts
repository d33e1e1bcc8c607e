// `simulate --devices N --hours H`: a large mixed fleet for benchmarks, streamed to disk.
// The devices are split into contiguous slices; each slice generates hour by hour (a few hundred
// events per device-hour, serialised at once). For every hour the writer merges the slices' lines
// by arrival key and writes everything before the hour's end; later lines carry over. Only about
// two hours of the fleet are in memory at any time. On machines with 4+ cores, running compiled
// JavaScript, the slices run in worker threads; otherwise (and from TypeScript sources, as in the
// tests) in this thread. The bytes are the same either way.
//
// Rate (seed 1): ≈ 211 events per device-hour on average (≈ 250 by day, ≈ 120 at night), so
// --devices 200 --hours 24 writes ≈ 1.01 M events (≈ 245 MB). About 1% of events arrive 1–5 s
// late (out of ts order), as sensors deliver them. Speed, single thread on a 2-vCPU VM: 1.01 M
// events in 3.3–3.6 s (≈ 280–310k events/s), lower while other work shares the CPUs.
// The dense mix (`mix: 'dense'`, src/simulate/dense/) has about the same rate: seed 7, 200 × 24
// gives 1.09 M events (292 MB), generated in about the same time.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import type { LabelsFile } from '../model/index.js';
import { fleetLabels } from './fleet-plan.js';
import { FLEET_MIXES, MIXES, isFleetMix, type FleetMix } from './fleet-mix.js';
import { hourStart } from './fleet-hour.js';
import { HourBatch } from './hour-batch.js';
import { sliceRanges } from './fleet-slice.js';
import { LocalSource, WorkerSource, workerScript, type HourSource } from './hour-source.js';
import { NdjsonWriter } from './ndjson-writer.js';
import { scenarioPolicyYaml } from './write-scenarios.js';

/** below this many device-hours, threads cost more than they save */
const THREAD_MIN_WORK = 400;

/** worker threads when the machine has cores to spare besides the merging thread (measured on a
 *  2-vCPU VM: one thread ≈ 280–310k events/s; three threads on two cores were slower on average) */
export function defaultThreads(devices: number, hours: number): number {
  const cores = availableParallelism();
  return workerScript() && cores >= 4 && devices * hours >= THREAD_MIN_WORK ? Math.min(6, cores - 1) : 1;
}

function positive(name: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${n}`);
}

export interface FleetOptions {
  devices: number;
  hours: number;
  seed: number;
  /** default sparse */
  mix?: FleetMix;
}

export async function writeFleet(outFile: string, opts: FleetOptions): Promise<{ events: number; labels: LabelsFile }> {
  return writeFleetSliced(outFile, opts, defaultThreads(opts.devices, opts.hours));
}

/** writeFleet with an explicit number of device slices (each a worker thread when `slices` > 1 and
 *  the compiled worker exists, else generated in this thread); the output does not depend on it */
export async function writeFleetSliced(outFile: string, opts: FleetOptions, slices: number, threads = true): Promise<{ events: number; labels: LabelsFile }> {
  positive('devices', opts.devices);
  positive('hours', opts.hours);
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new Error(`seed must be a non-negative integer, got ${opts.seed}`);
  const mix = opts.mix ?? 'sparse';
  if (!isFleetMix(mix)) throw new Error(`mix must be one of ${FLEET_MIXES.join(', ')}, got ${String(mix)}`);
  const plan = MIXES[mix].plan(opts.devices, opts.seed);
  await mkdir(dirname(outFile), { recursive: true });
  const script = threads && slices > 1 ? workerScript() : undefined;
  const sources: HourSource[] = sliceRanges(opts.devices, slices).map(([lo, hi]) => {
    const spec = { devices: opts.devices, seed: opts.seed, lo, hi, mix };
    return script ? new WorkerSource(script, spec, opts.hours) : new LocalSource(spec);
  });
  const w = new NdjsonWriter(outFile);
  let carry: string[] = [], carryKeys: number[] = [];
  try {
    for (let h = 0; h < opts.hours; h++) {
      const batch = new HourBatch();
      batch.pushLines(carry, carryKeys);
      for (const packed of await Promise.all(sources.map((s) => s.hour(h)))) batch.pushPacked(packed);
      const limit = h === opts.hours - 1 ? Infinity : hourStart(h + 1);
      carry = []; carryKeys = [];
      for (const i of batch.order()) {
        if (batch.keys[i] >= limit) { carry.push(batch.line(i)); carryKeys.push(batch.keys[i]); }
        else if (w.add(batch.line(i))) await w.flush();
      }
    }
  } finally {
    await Promise.all(sources.map((s) => s.close()));
    await w.close();
  }
  const labels: LabelsFile = { version: 1, seed: opts.seed, scenarios: fleetLabels(plan) };
  await writeFile(`${outFile}.labels.json`, JSON.stringify(labels, null, 2) + '\n');
  await writeFile(`${outFile}.policy.yaml`, scenarioPolicyYaml());
  return { events: w.lines, labels };
}
