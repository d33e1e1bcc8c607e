import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { listScenarios, writeScenarios, writeFleet, writeManagedFleet, isFleetMix } from '../simulate/index.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { SIMULATE } from './specs/simulate.js';
import { didYouMean } from './options/suggest.js';

const positiveInt = (name: string, s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`simulate: --${name}: want a non-negative integer, got '${s}'`);
  return n;
};

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values: v, notices } = parseCommand<{ 'out-dir'?: string; scenario: string; seed: string; devices?: string; hours?: string; mix?: string; list?: boolean; 'managed-fleet'?: boolean }>(SIMULATE, argv);
  for (const n of notices) process.stderr.write(n + '\n');
  if (v.list) {
    for (const s of listScenarios()) {
      process.stdout.write(`${s.malicious ? 'malicious' : 'benign   '} ${s.name.padEnd(28)} twin=${s.twin ?? '-'}\n    ${s.grounding ?? s.note}\n`);
    }
    return 0;
  }
  const outDir = v['out-dir'];
  if (!outDir) throw new UsageError('simulate: give --out-dir DIR');
  const seed = positiveInt('seed', v.seed)!;
  const devices = positiveInt('devices', v.devices);
  const hours = positiveInt('hours', v.hours);
  if (v['managed-fleet']) {
    if (hours !== undefined || v.mix !== undefined) throw new UsageError('simulate: --managed-fleet is one day of a managed fleet: no --hours or --mix');
    if (devices !== undefined && devices < 2) throw new UsageError('simulate: --managed-fleet needs --devices 2 or more (one device reports through a DPC export)');
    const f = await writeManagedFleet(outDir, { seed, ...(devices !== undefined ? { devices } : {}) });
    process.stderr.write(`wrote a managed fleet to ${outDir}: EMM logs ${f.usageLogs} and ${f.dpcLogs}, the sensor's view ${f.sensor}, ${f.labels}, ${f.policy}, ${f.partialPolicy}\n`);
    return 0;
  }
  const mix = v.mix ?? 'sparse';
  if (!isFleetMix(mix)) throw new UsageError(`simulate: --mix: want sparse or dense, got '${mix}'`);
  if (v.mix !== undefined && devices === undefined && hours === undefined) throw new UsageError('simulate: --mix applies to the fleet: add --devices N --hours H');
  if (devices !== undefined || hours !== undefined) {
    if (!devices || !hours) throw new UsageError('simulate: fleet mode needs both --devices N and --hours H (both > 0)');
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, 'fleet.ndjson');
    const r = await writeFleet(file, { devices, hours, seed, mix });
    process.stderr.write(`wrote ${r.events.toLocaleString('en')} events to ${file} (${r.labels.scenarios.length} labels)\n`);
    return 0;
  }
  const names = listScenarios().map((s) => s.name);
  if (v.scenario !== 'all' && !names.includes(v.scenario)) throw new UsageError(`simulate: unknown scenario '${v.scenario}'${didYouMean(v.scenario, names)} (--list shows them)`);
  await mkdir(outDir, { recursive: true });
  const r = await writeScenarios(outDir, { scenario: v.scenario, seed });
  process.stderr.write(`wrote ${r.files.length} file(s) and ${r.labels.scenarios.length} labels to ${outDir}\n`);
  return 0;
}
