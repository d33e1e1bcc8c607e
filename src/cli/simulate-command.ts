import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { listScenarios, writeScenarios, writeFleet, writeManagedFleet, FLEET_MIXES, isFleetMix } from '../simulate/index.js';
import { SIMULATE_HELP } from './usage.js';
import { UsageError } from './usage-error.js';

const positiveInt = (name: string, s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name}: want a non-negative integer, got '${s}'`, SIMULATE_HELP);
  return n;
};

export async function simulateCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: false, strict: true,
      options: {
        out: { type: 'string' }, scenario: { type: 'string', default: 'all' }, seed: { type: 'string', default: '1' },
        devices: { type: 'string' }, hours: { type: 'string' }, mix: { type: 'string' }, list: { type: 'boolean', default: false },
        'managed-fleet': { type: 'boolean', default: false },
      },
    });
  } catch (e) { throw new UsageError((e as Error).message, SIMULATE_HELP); }
  const v = args.values;
  if (v.list) {
    for (const s of listScenarios()) {
      process.stdout.write(`${s.malicious ? 'malicious' : 'benign   '} ${s.name.padEnd(28)} twin=${s.twin ?? '-'}\n    ${s.grounding ?? s.note}\n`);
    }
    return 0;
  }
  if (!v.out) throw new UsageError('simulate needs --out DIR', SIMULATE_HELP);
  const seed = positiveInt('seed', v.seed)!;
  const devices = positiveInt('devices', v.devices);
  const hours = positiveInt('hours', v.hours);
  const mix = v.mix ?? 'sparse';
  if (!isFleetMix(mix)) throw new UsageError(`--mix: want ${FLEET_MIXES.join(' or ')}, got '${mix}'`, SIMULATE_HELP);
  if (v.mix !== undefined && devices === undefined && hours === undefined) throw new UsageError('--mix applies to the fleet: add --devices N --hours H', SIMULATE_HELP);
  if (v['managed-fleet']) {
    if (hours !== undefined || v.mix !== undefined) throw new UsageError('--managed-fleet is one day of a managed fleet: no --hours or --mix', SIMULATE_HELP);
    if (devices !== undefined && devices < 2) throw new UsageError('--managed-fleet needs --devices 2 or more (one device reports through a DPC export)', SIMULATE_HELP);
    const f = await writeManagedFleet(v.out, { seed, ...(devices !== undefined ? { devices } : {}) });
    process.stderr.write(`wrote a managed fleet to ${v.out}: EMM logs ${f.usageLogs} and ${f.dpcLogs}, the sensor's view ${f.sensor}, ${f.labels}, ${f.policy}, ${f.partialPolicy}\n`);
    return 0;
  }
  await mkdir(v.out, { recursive: true });
  if (devices !== undefined || hours !== undefined) {
    if (!devices || !hours) throw new UsageError('fleet mode needs both --devices N and --hours H (both > 0)', SIMULATE_HELP);
    const file = join(v.out, 'fleet.ndjson');
    const r = await writeFleet(file, { devices, hours, seed, mix });
    process.stderr.write(`wrote ${r.events.toLocaleString('en')} events to ${file} (${r.labels.scenarios.length} labels)\n`);
    return 0;
  }
  const names = listScenarios().map((s) => s.name);
  if (v.scenario !== 'all' && !names.includes(v.scenario!)) throw new UsageError(`unknown scenario '${v.scenario}'; known: all, ${names.join(', ')}`);
  const r = await writeScenarios(v.out, { scenario: v.scenario!, seed });
  process.stderr.write(`wrote ${r.files.length} file(s) and ${r.labels.scenarios.length} labels to ${v.out}\n`);
  return 0;
}
