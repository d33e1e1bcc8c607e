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
import { PartitionRunner, type BatchOutput } from './partition-runner.js';
import { FleetStage } from './fleet-stage.js';
import { partitionOf, deviceOfLine } from './partitioner.js';
import { encodeBatch, decodeBatch, type Batch } from './batch.js';

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

function distributed(file: string, policy: Policy, partitions: number, restartAt?: number): string[] {
  const finals: string[] = [];
  const opts = { policy, lateness: 5000 };
  let stage = new FleetStage({ ...opts, partitions, onAlert: (a) => finals.push(JSON.stringify(a)) });
  const feed = (p: number, o: BatchOutput) => {
    for (const u of o.alerts) if (u.final) finals.push(JSON.stringify(u.alert));
    stage.notes(o.notes);
    for (const h of o.held) stage.hold(h);
    stage.progress(p, o.progress);
  };
  const parts = batches(file, partitions, 64);
  let runners = parts.map(() => new PartitionRunner(opts));
  // round-robin over partitions: arrival order across partitions is not the file's order
  const longest = Math.max(...parts.map((b) => b.length));
  for (let i = 0; i < longest; i++) {
    if (i === restartAt) {
      runners = runners.map((r) => new PartitionRunner(opts, r.snapshot()));
      stage = new FleetStage({ ...opts, partitions, onAlert: (a) => finals.push(JSON.stringify(a)) }, stage.snapshot());
    }
    parts.forEach((bs, p) => { if (bs[i]) feed(p, runners[p].push(decodeBatch(encodeBatch(bs[i])))); });
  }
  runners.forEach((r, p) => feed(p, r.end()));
  return finals.sort();
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
    for (const at of [1, 3, 6]) expect(distributed(scenarios.file, scenarios.policy, 1, at)).toEqual(want);
    for (const at of [1, 3, 6]) expect(distributed(scenarios.file, scenarios.policy, 4, at)).toEqual(distributed(scenarios.file, scenarios.policy, 4));
    const wantFleet = await detect(fleet.file, fleet.policy);
    expect(distributed(fleet.file, fleet.policy, 4, 20)).toEqual(wantFleet);
    expect(distributed(fleet.file, fleet.policy, 2)).toEqual(wantFleet);
  });
});
