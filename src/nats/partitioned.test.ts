// The distributed pipeline without the broker: partitions + checkpoint/restore + fleet stage must
// give exactly the alerts of the single-process `detect` (same bytes after sorting).
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenarios, writeFleet } from '../simulate/index.js';
import { loadPolicy } from '../policy/index.js';
import { runDetect } from '../app/detect.js';
import type { Alert, Policy } from '../model/index.js';
import { PartitionRunner, NotingFleetKeys, type BatchOutput } from './partition-runner.js';
import { FleetStage } from './fleet-stage.js';
import { fleetPieces, type FleetPiece } from './fleet-messages.js';
import { fleetHorizonOf, keyHorizonsOf } from '../analytics/index.js';
import { partitionOf, deviceOfLine } from './partitioner.js';
import { encodeBatch, decodeBatch, type Batch } from './batch.js';
import { KeyUseExtractor } from './key-uses.js';
import { ForeignUses } from './foreign-uses.js';

async function detect(file: string, policy: Policy): Promise<string[]> {
  const out: string[] = [];
  await runDetect({ files: [file], policy, lateness: 5000, log: () => {}, sink: { write: (a: Alert) => out.push(JSON.stringify(a)), close: async () => {} } });
  return out.sort();
}

/** file -> per-partition batches of `size` lines, in file order (what `publish` sends) */
function batches(file: string, partitions: number, size: number): Batch[][] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const open: Batch[] = [], out: Batch[][] = Array.from({ length: partitions }, () => []);
  lines.forEach((l, i) => {
    const p = partitionOf(deviceOfLine(l) ?? '', partitions);
    const b = (open[p] ??= { file, lineNos: [], lines: [] });
    b.lineNos.push(i + 1); b.lines.push(l);
    if (b.lines.length === size) { out[p].push(b); delete open[p]; }
  });
  open.forEach((b, p) => b && out[p].push(b));
  return out;
}

type Use = [app: string, keyFp: string, device: string, ts: number];

/** a key index that also knows the other partitions' key uses before the moment it is asked
 *  about: what a partition would see if the partitions advanced in event-time lockstep */
class LockstepKeys extends NotingFleetKeys {
  constructor(horizon: number, private readonly all: Use[]) { super(horizon); }
  override devices(app: string, keyFp: string, from: number, to: number): string[] {
    const s = new Set(super.devices(app, keyFp, from, to));
    for (const u of this.all) if (u[0] === app && u[1] === keyFp && u[3] >= from && u[3] < to) s.add(u[2]);
    return [...s].sort();
  }
  override countDevices(app: string, keyFp: string, from: number, to: number, enough: number): number {
    return Math.min(enough, this.devices(app, keyFp, from, to).length);
  }
  override multiDevice(): 'all' { return 'all'; }
}

/** every key use the single-process engine notes, in its order */
function keyUses(file: string, policy: Policy): Use[] {
  const uses: Use[] = [];
  const rec = new (class extends NotingFleetKeys {
    override note(app: string, keyFp: string, device: string, ts: number): void { super.note(app, keyFp, device, ts); uses.push([app, keyFp, device, ts]); }
  })(fleetHorizonOf({ policy, lateness: 5000 }));
  const r = new PartitionRunner({ policy, lateness: 5000, fleetKeys: rec });
  for (const b of batches(file, 1, 64)[0]) r.push(b);
  r.end();
  return uses;
}

interface Run {
  /** snapshot and restore every runner and the fleet stage before this round */
  restartAt?: number;
  /** fleet pieces delivered late, out of order and some twice (a PRNG seed) */
  shuffle?: number;
  /** partitions answer key questions as in lockstep (see LockstepKeys) */
  lockstep?: Use[];
  /** each partition's whole input before the next one's (the others far behind) */
  oneAfterAnother?: boolean;
  /** every device's key uses, as publish extracts them (key-uses.ts), known to every partition
   *  from the start: the stream of uses runs as far ahead of the partitions as it can */
  foreign?: boolean;
}

/** a ForeignUses filled with every key use of the file, as a worker reading CT_USES to its end */
function allUses(file: string, policy: Policy, partitions: number): ForeignUses {
  const x = new KeyUseExtractor({ ...keyHorizonsOf(policy, 5000), lateness: 5000 });
  readFileSync(file, 'utf8').split('\n').forEach((l, i) => x.line(l, file, i + 1));
  const uses = new ForeignUses(partitions, fleetHorizonOf({ policy, lateness: 5000 }));
  uses.add(x.take());
  return uses;
}

function distributed(file: string, policy: Policy, partitions: number, run: Run = {}): string[] {
  const finals: string[] = [];
  const opts = { policy, lateness: 5000 };
  let stage = new FleetStage({ ...opts, partitions, onAlert: (a) => finals.push(JSON.stringify(a)) });
  let seed = run.shuffle ?? 0;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let wire: FleetPiece[] = [];
  let nextSeq = 1;
  const feed = (p: number, r: PartitionRunner, o: BatchOutput) => {
    for (const u of o.alerts) if (u.final) finals.push(JSON.stringify(u.alert));
    const seq = nextSeq++;
    if (!o.fleet) return;
    for (const x of fleetPieces({ p, seq, ...o.fleet }, 4096)) wire.push(x.piece);
    r.fleetSent(seq);
    if (run.shuffle === undefined) { for (const x of wire) stage.accept(x); wire = []; return; }
    // each piece in flight arrives now with probability 1/3; one in ten arrives twice
    const keep: FleetPiece[] = [];
    for (const x of wire) {
      if (rnd() < 1 / 3) { stage.accept(x); if (rnd() < 0.1) keep.push(x); }
      else keep.push(x);
    }
    wire = keep;
  };
  const parts = batches(file, partitions, 64);
  const foreign = run.foreign ? allUses(file, policy, partitions) : undefined;
  const runner = (p: number, state?: Uint8Array) => new PartitionRunner({ ...opts, ...(run.lockstep ? { fleetKeys: new LockstepKeys(fleetHorizonOf(opts), run.lockstep) } : {}),
    ...(foreign ? { foreign: { uses: foreign, partition: p } } : {}) }, state);
  let runners = parts.map((_, p) => runner(p));
  if (run.oneAfterAnother) {
    parts.forEach((bs, p) => { for (const b of bs) feed(p, runners[p], runners[p].push(b)); feed(p, runners[p], runners[p].end()); });
    return finals.sort();
  }
  // round-robin over partitions: arrival order across partitions is not the file's order
  const longest = Math.max(...parts.map((b) => b.length));
  for (let i = 0; i < longest; i++) {
    if (i === run.restartAt) {
      runners = runners.map((r, p) => runner(p, r.snapshot()));
      stage = new FleetStage({ ...opts, partitions, onAlert: (a) => finals.push(JSON.stringify(a)) }, stage.snapshot());
    }
    parts.forEach((bs, p) => { if (bs[i]) feed(p, runners[p], runners[p].push(decodeBatch(encodeBatch(bs[i])))); });
  }
  runners.forEach((r, p) => feed(p, r, r.end()));
  for (const x of wire.sort(() => rnd() - 0.5)) stage.accept(x);
  expect(stage.waiting).toBe(0);
  return finals.sort();
}

/** field paths whose values differ between two alerts (arrays by index) */
function differingFields(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b ? [] : [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => differingFields((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
}

/** what a finding is (id, scope, score, severity, fleet devices), without the texts and revision
 *  counts that depend on when another partition's key uses became visible mid-stream */
const core = (line: string) => {
  const a = JSON.parse(line) as Alert & { facets: { key_reuse?: { devices_with_key?: number } } };
  return `${a.id} ${a.device} ${a.app} ${a.first_ts} ${a.last_ts} ${a.score} ${a.severity} ${a.facets.key_reuse?.devices_with_key ?? '-'}`;
};

describe('partitioned pipeline equals detect', () => {
  let dir: string;
  let scenarios: { file: string; policy: Policy };
  let fleet: { file: string; policy: Policy };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ct-part-'));
    await writeScenarios(join(dir, 'sc'), { scenario: 'all', seed: 1 });
    scenarios = { file: join(dir, 'sc/all.ndjson'), policy: (await loadPolicy(join(dir, 'sc/policy.yaml'))).value! };
    await writeFleet(join(dir, 'fleet.ndjson'), { devices: 60, hours: 1, seed: 7 });
    fleet = { file: join(dir, 'fleet.ndjson'), policy: (await loadPolicy(join(dir, 'fleet.ndjson.policy.yaml'))).value! };
  }, 60_000);

  it('scenarios with 1, 3 and 8 partitions: byte-equal with one partition; same findings across partitions', async () => {
    const want = await detect(scenarios.file, scenarios.policy);
    expect(want.some((a) => a.includes('hard-coded'))).toBe(true);
    expect(distributed(scenarios.file, scenarios.policy, 1)).toEqual(want);
    for (const n of [3, 8]) expect(distributed(scenarios.file, scenarios.policy, n).map(core)).toEqual(want.map(core));
  });

  it('checkpoint + restore mid-stream changes nothing', async () => {
    const want = await detect(scenarios.file, scenarios.policy);
    for (const restartAt of [1, 3, 6]) expect(distributed(scenarios.file, scenarios.policy, 1, { restartAt })).toEqual(want);
    for (const restartAt of [1, 3, 6]) expect(distributed(scenarios.file, scenarios.policy, 4, { restartAt })).toEqual(distributed(scenarios.file, scenarios.policy, 4));
    const wantFleet = await detect(fleet.file, fleet.policy);
    expect(distributed(fleet.file, fleet.policy, 4, { restartAt: 20 })).toEqual(wantFleet);
    expect(distributed(fleet.file, fleet.policy, 2)).toEqual(wantFleet);
  });

  it('fleet pieces late, out of order and twice, or partitions far apart in event time: the same alerts', async () => {
    const want = distributed(scenarios.file, scenarios.policy, 4);
    expect(distributed(scenarios.file, scenarios.policy, 4, { oneAfterAnother: true })).toEqual(want);
    for (const shuffle of [1, 2, 3]) expect(distributed(scenarios.file, scenarios.policy, 4, { shuffle })).toEqual(want);
    for (const shuffle of [4, 5]) expect(distributed(scenarios.file, scenarios.policy, 4, { shuffle, restartAt: 3 })).toEqual(want);
    expect(distributed(fleet.file, fleet.policy, 4, { shuffle: 6 })).toEqual(await detect(fleet.file, fleet.policy));
  });

  it('a key shared across partitions: alerts differ only where another partition used the key earlier, and lockstep knowledge of those uses makes them byte-equal', async () => {
    const want = await detect(scenarios.file, scenarios.policy);
    const diff = (n: number) => {
      const got = distributed(scenarios.file, scenarios.policy, n);
      const byId = new Map(got.map((l) => [JSON.parse(l).id as string, l]));
      expect(got.length).toBe(want.length);
      return want.filter((l) => byId.get(JSON.parse(l).id) !== l).map((l) => ({ device: JSON.parse(l).device as string, fields: differingFields(JSON.parse(l), JSON.parse(byId.get(JSON.parse(l).id)!)) }));
    };
    // the three devices of the shared-key scenario sit in different partitions (with 2: d1 apart)
    const four = diff(4);
    expect(four.map((d) => d.device).sort()).toEqual(['sim-shared-key-fleet-d1', 'sim-shared-key-fleet-d2', 'sim-shared-key-fleet-d3']);
    for (const d of four) for (const f of d.fields) expect(f).toMatch(/^\.rev$|^\.facets\.key_reuse\.why$|^\.facets\.key_reuse\.keys\.\d+\.devices$/);
    // with 2 partitions d1 also picks another moment as its best (score 91, detect 92): the same
    // cause can move a score, not only texts
    const two = diff(2);
    expect(two.map((d) => d.device).sort()).toEqual(['sim-shared-key-fleet-d1', 'sim-shared-key-fleet-d2', 'sim-shared-key-fleet-d3']);
    expect(two.find((d) => d.device === 'sim-shared-key-fleet-d1')!.fields).toContain('.score');
    // the cause, exactly: given the other partitions' key uses before each moment a chain is
    // evaluated (what event-time lockstep would deliver), every byte is equal
    const uses = keyUses(scenarios.file, scenarios.policy);
    for (const n of [2, 3, 4, 8]) expect(distributed(scenarios.file, scenarios.policy, n, { lockstep: uses })).toEqual(want);
  });

  it('with the key uses publish extracts (CT_USES) known ahead: byte-equal to detect for every partition count, with restarts and shuffled fleet pieces', async () => {
    const want = await detect(scenarios.file, scenarios.policy);
    for (const n of [2, 3, 4, 8]) expect(distributed(scenarios.file, scenarios.policy, n, { foreign: true })).toEqual(want);
    expect(distributed(scenarios.file, scenarios.policy, 4, { foreign: true, restartAt: 3, shuffle: 9 })).toEqual(want);
    expect(distributed(scenarios.file, scenarios.policy, 4, { foreign: true, oneAfterAnother: true })).toEqual(want);
    const wantFleet = await detect(fleet.file, fleet.policy);
    expect(distributed(fleet.file, fleet.policy, 4, { foreign: true })).toEqual(wantFleet);
  });
});
