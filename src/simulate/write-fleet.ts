// `simulate --devices N --hours H`: a large mixed fleet for benchmarks, streamed to disk.
// Each hour every device's slice is generated (a few hundred events), the hour's slices are sorted
// by arrival key and everything before the hour's end is written; later events carry over. Only
// one hour of the fleet is ever in memory.
//
// Rate (seed 1, measured): ≈ 215 events per device-hour on average (≈ 250 by day, ≈ 120 at
// night), so --devices 200 --hours 24 ≈ 1.0 M events; see the report in write-fleet.test.ts.
// About 1% of events arrive 1–5 s late (out of ts order), as sensors deliver them.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LabelsFile } from '../model/index.js';
import { planFleet, fleetLabels } from './fleet-plan.js';
import { generateHour, hourStart } from './fleet-hour.js';
import { HourBatch } from './hour-batch.js';
import { NdjsonWriter } from './ndjson-writer.js';
import { scenarioPolicyYaml } from './write-scenarios.js';

function positive(name: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${n}`);
}


export async function writeFleet(outFile: string, opts: { devices: number; hours: number; seed: number }): Promise<{ events: number; labels: LabelsFile }> {
  positive('devices', opts.devices);
  positive('hours', opts.hours);
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new Error(`seed must be a non-negative integer, got ${opts.seed}`);
  const plan = planFleet(opts.devices, opts.seed);
  await mkdir(dirname(outFile), { recursive: true });
  const w = new NdjsonWriter(outFile);
  let batch = new HourBatch();
  const push = (lines: string[], keys: number[]) => batch.pushAll(lines, keys);
  try {
    for (let h = 0; h < opts.hours; h++) {
      for (const dev of plan) generateHour(dev, h, opts.seed, push);
      const limit = h === opts.hours - 1 ? Infinity : hourStart(h + 1);
      const carry: string[] = [], carryKeys: number[] = [];
      for (const i of batch.order()) {
        if (batch.keys[i] >= limit) { carry.push(batch.line(i)); carryKeys.push(batch.keys[i]); }
        else if (w.add(batch.line(i))) await w.flush();
      }
      batch = new HourBatch();
      batch.pushAll(carry, carryKeys);
    }
  } finally {
    await w.close();
  }
  const labels: LabelsFile = { version: 1, seed: opts.seed, scenarios: fleetLabels(plan) };
  await writeFile(`${outFile}.labels.json`, JSON.stringify(labels, null, 2) + '\n');
  await writeFile(`${outFile}.policy.yaml`, scenarioPolicyYaml());
  return { events: w.lines, labels };
}
