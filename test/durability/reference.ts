// The input every durability try feeds and what `detect` makes of it: a simulated fleet (dense mix:
// most chains last the whole fleet, so a kill lands mid-chain), two end events for the hosts that
// have no end of input, and detect's final alerts and alert versions on exactly those lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../src/policy/index.js';
import { replaySpan } from '../../src/analytics/index.js';
import { ct } from '../helpers.js';

export interface FleetSpec { devices: number; hours: number; seed: number; mix: 'dense' | 'sparse' }

/** what an alert is compared by: the final score and severity of each id */
export interface FinalAlert { id: string; score: number; severity: string }

export interface Reference {
  spec: FleetSpec;
  /** fleet lines in arrival order, then the two end events */
  lines: string[];
  file: string;
  policyFile: string;
  lateness: number;
  /** (device, id) of every line, the key the stores de-duplicate on */
  keys: string[];
  finals: Map<string, FinalAlert>;
  /** `id rev` of every version detect --updates writes */
  versions: string[];
}

export const LATENESS = 30_000;

export const keyOf = (device: string, id: string): string => `${device}\u0000${id}`;

/** The server has no end of input. The first end event is far enough past the fleet (the span a
 *  rebuild replays, the lateness and more) that once processed every chain is closed and every
 *  held one finalized, as at detect's end; the second, a lateness later, releases the first from
 *  the reorder buffer without waiting for the idle flush. An unrelated device: no alert of its own. */
function endEvents(newest: number, span: number): string[] {
  const t = newest + span + LATENESS + 120_000;
  return [t, t + LATENESS + 1000].map((ts, i) => JSON.stringify({ ts, device: '~durability-end', type: 'device.state', screen: 'on', src: 'test', id: `end-${i}` }));
}

export function buildReference(dir: string, spec: FleetSpec): Reference {
  const out = join(dir, 'fleet');
  const sim = ct(['simulate', '--out', out, '--devices', String(spec.devices), '--hours', String(spec.hours), '--seed', String(spec.seed), '--mix', spec.mix]);
  if (sim.status !== 0) throw new Error(`simulate: ${sim.stderr}`);
  const policyFile = join(out, 'fleet.ndjson.policy.yaml');
  const policy = parsePolicy(readFileSync(policyFile, 'utf8'), policyFile).value;
  if (!policy) throw new Error(`${policyFile}: invalid`);
  const fleet = readFileSync(join(out, 'fleet.ndjson'), 'utf8').split('\n').filter((l) => l);
  let newest = -Infinity;
  const keys: string[] = [];
  for (const l of fleet) {
    const e = JSON.parse(l) as { ts: number; device: string; id: string };
    if (e.ts > newest) newest = e.ts;
    keys.push(keyOf(e.device, e.id));
  }
  const ends = endEvents(newest, replaySpan(policy, LATENESS));
  const lines = [...fleet, ...ends];
  for (const l of ends) { const e = JSON.parse(l) as { device: string; id: string }; keys.push(keyOf(e.device, e.id)); }
  if (new Set(keys).size !== keys.length) throw new Error('the fleet has two events with one (device, id): the stored count would not be the line count');
  const file = join(dir, 'input.ndjson');
  writeFileSync(file, lines.join('\n') + '\n');

  const d = ct(['detect', file, '--policy', policyFile, '--lateness', `${LATENESS / 1000}s`]);
  if (d.status !== 0) throw new Error(`detect: ${d.stderr}`);
  const finals = new Map<string, FinalAlert>();
  for (const l of d.stdout.split('\n').filter((x) => x)) { const a = JSON.parse(l) as FinalAlert; finals.set(a.id, { id: a.id, score: a.score, severity: a.severity }); }
  const u = ct(['detect', file, '--policy', policyFile, '--lateness', `${LATENESS / 1000}s`, '--updates']);
  const versions = u.stdout.split('\n').filter((x) => x).map((l) => { const a = JSON.parse(l) as { id: string; rev: number }; return `${a.id} ${a.rev}`; });
  return { spec, lines, file, policyFile, lateness: LATENESS, keys, finals, versions };
}

/** how `got` differs from detect's final alerts: missing, extra, other score or severity */
export function finalDifferences(want: Map<string, FinalAlert>, got: Map<string, FinalAlert>): string[] {
  const out: string[] = [];
  for (const [id, a] of want) {
    const b = got.get(id);
    if (!b) out.push(`${id}: missing (detect: ${a.severity}/${a.score})`);
    else if (b.score !== a.score || b.severity !== a.severity) out.push(`${id}: ${b.severity}/${b.score}, detect ${a.severity}/${a.score}`);
  }
  for (const [id, b] of got) if (!want.has(id)) out.push(`${id}: extra (${b.severity}/${b.score})`);
  return out;
}

/** the pairs that occur more than once */
export function twice(pairs: string[]): string[] {
  const seen = new Set<string>(), out = new Set<string>();
  for (const p of pairs) (seen.has(p) ? out.add(p) : seen.add(p));
  return [...out];
}
