// The in-process hosts of the engine, each driven through the code its command runs: `detect`
// (runDetect, the CLI's composition root), the server's LiveEngine over a real SQLite file (the
// POST /v1/events path: parseBatch, insertBatch, feed; idle releases; no end of input), and the
// NATS partitioning without a broker (publish's batching and key-use extraction, PartitionRunner
// per partition, FleetStage). Each returns the final alerts: the last version of every alert id.
import { join } from 'node:path';
import { runDetect } from '../../src/app/detect.js';
import type { Alert } from '../../src/model/index.js';
import { openDb } from '../../src/store/db.js';
import { EventsStore } from '../../src/store/events-store.js';
import { AlertsStore } from '../../src/store/alerts-store.js';
import { LiveEngine } from '../../src/server/live-engine.js';
import { parseBatch } from '../../src/server/ingest.js';
import { fleetHorizonOf, keyHorizonsOf } from '../../src/analytics/index.js';
import { Rng } from '../../src/simulate/index.js';
import { PartitionRunner, type BatchOutput, type StreamMessage } from '../../src/nats/partition-runner.js';
import { FleetStage } from '../../src/nats/fleet-stage.js';
import { fleetPieces, type FleetPiece } from '../../src/nats/fleet-messages.js';
import { partitionOf, deviceOfLine } from '../../src/nats/partitioner.js';
import { packBatch } from '../../src/nats/batch.js';
import { KeyUseExtractor, type UseSpan } from '../../src/nats/key-uses.js';
import { ForeignUses } from '../../src/nats/foreign-uses.js';
import type { Corpus } from './corpus.js';

/** alert id -> the alert of its highest rev */
export type Finals = Map<string, Alert>;

export function latest(into: Finals, a: Alert): void {
  const prev = into.get(a.id);
  if (!prev || a.rev > prev.rev) into.set(a.id, a);
}

export async function detectHost(c: Corpus): Promise<Finals> {
  const out: Finals = new Map();
  await runDetect({ files: [c.file], policy: c.policy, lateness: c.lateness, log: () => {}, sink: { write: (a) => latest(out, a), close: async () => {} } });
  return out;
}

/** end of a corpus for a host with no end of input: an event of an unrelated device far enough
 *  ahead that the sweep it causes closes every chain and finalizes every held one (all due) */
export function horizonEvent(c: Corpus): string {
  const newest = Math.max(...c.lines.map((l) => (JSON.parse(l) as { ts: number }).ts));
  const ts = newest + c.policy.thresholds.time_window + fleetHorizonOf(c) + c.lateness + 120_000;
  return JSON.stringify({ ts, device: '~differential-end', type: 'device.state', screen: 'on', src: 'test', id: 'end' });
}

/** positions i (0 < i < n) where every event before has ts <= every event after: a stream that
 *  goes quiet there has delivered everything up to its newest event */
export function quietPoints(lines: string[]): number[] {
  const ts = lines.map((l) => (JSON.parse(l) as { ts: number }).ts);
  const minAfter = new Array<number>(ts.length + 1).fill(Infinity);
  for (let i = ts.length - 1; i >= 0; i--) minAfter[i] = Math.min(ts[i], minAfter[i + 1]);
  const out: number[] = [];
  let max = -Infinity;
  for (let i = 1; i < ts.length; i++) { max = Math.max(max, ts[i - 1]); if (max <= minAfter[i]) out.push(i); }
  return out;
}

export interface LiveRun {
  /** where the engine's idle release ran (arrival positions); the horizon event ends every run */
  releases: number[];
  /** arrival positions where the server restarts: its engine is dropped with whatever it held
   *  (kill -9 and SIGTERM alike: committed events are stored, the engine's memory is not) and a
   *  new one is rebuilt from the store, as `serve` does at start */
  restarts?: number[];
}

/** the server's engine: batches of random size, each stored then fed as POST /v1/events does;
 *  idle releases at some quiet points (a release while older events are still in flight makes
 *  them late by design, see live-engine.ts); restarts where asked */
export function liveHost(c: Corpus, dir: string, r: Rng, run?: LiveRun): Finals {
  const db = openDb(join(dir, 'live.db'));
  const events = new EventsStore(db), alerts = new AlertsStore(db);
  // the test releases by hand: the wall-clock timer must never fire
  const start = () => new LiveEngine({ db, events, alerts, policy: c.policy, lateness: c.lateness, idleFlushMs: 1e9, onStored: () => {}, log: (l) => { throw new Error(l); } });
  let live = start();
  const quiet = quietPoints(c.lines);
  const releases = run?.releases ?? quiet.filter(() => r.chance(0.3));
  const cuts = new Set([...releases, ...(run?.restarts ?? [])]), restarts = new Set(run?.restarts ?? []);
  const lines = [...c.lines, horizonEvent(c)];
  let i = 0;
  while (i < lines.length) {
    let j = Math.min(lines.length, i + r.int(1, 400));
    for (let k = i + 1; k < j; k++) if (cuts.has(k)) { j = k; break; }
    const batch = parseBatch(lines.slice(i, j).join('\n'));
    if (batch.rejected) throw new Error(`live: ${batch.rejected} line(s) rejected: ${JSON.stringify(batch.errors[0])}`);
    live.feed(events.insertBatch(batch.events, Date.now()));
    if (restarts.has(j)) { live.close(); live = start(); live.rebuild(c.policy); }
    else if (cuts.has(j) || j === lines.length) live.releaseBuffered();
    i = j;
  }
  live.close();
  const out: Finals = new Map();
  for (const row of db.prepare('SELECT json FROM alerts').all() as { json: string }[]) latest(out, JSON.parse(row.json) as Alert);
  db.close();
  return out;
}

/** what `publish --end` puts in CT_TEL and CT_USES (publisher.ts, exact keys), without a broker:
 *  per partition its messages in stream order, each with its global stream sequence and the
 *  CT_USES sequence it depends on */
export function publishPlan(c: Corpus, partitions: number, batchLines: number) {
  const uses: UseSpan[][] = [];
  const x = new KeyUseExtractor({ ...keyHorizonsOf(c.policy, c.lateness), lateness: c.lateness });
  const streams: { seq: number; uses: number; msg: StreamMessage }[][] = Array.from({ length: partitions }, () => []);
  let seq = 0;
  const usesSeq = (all = false) => { if (x.size(all) > 0) uses.push(x.take(all)); return uses.length; };
  const open = new Map<number, { lineNos: number[]; lines: string[] }>();
  const send = (p: number) => {
    const b = open.get(p)!;
    open.delete(p);
    const u = usesSeq();
    const { data, encoding } = packBatch({ file: c.file, ...b }, true);
    streams[p].push({ seq: ++seq, uses: u, msg: { data, ...(encoding ? { enc: encoding } : {}) } });
  };
  c.lines.forEach((line, i) => {
    x.line(line, c.file, i + 1);
    const p = partitionOf(deviceOfLine(line) ?? '', partitions);
    let b = open.get(p);
    if (!b) open.set(p, (b = { lineNos: [], lines: [] }));
    b.lineNos.push(i + 1);
    b.lines.push(line);
    if (b.lines.length >= batchLines) send(p);
  });
  for (const p of [...open.keys()]) send(p);
  for (let p = 0; p < partitions; p++) streams[p].push({ seq: ++seq, uses: usesSeq(true), msg: { data: new Uint8Array(0), end: true } });
  return { uses, streams };
}

/** the NATS pipeline in process: `workers` workers share the partitions (each with its own
 *  key-use reader, which runs ahead of what a batch needs by a random amount), partitions advance
 *  in a random interleaving, fleet pieces reach the fleet stage late and out of order */
export function partitionedHost(c: Corpus, partitions: number, workers: number, batchLines: number, r: Rng): Finals {
  const out: Finals = new Map();
  const { uses, streams } = publishPlan(c, partitions, batchLines);
  const horizon = fleetHorizonOf(c);
  const owner = (p: number) => p % workers;
  const readers = Array.from({ length: workers }, () => new ForeignUses(partitions, horizon));
  const readTo = (u: ForeignUses, seq: number) => { while (u.consumed < seq) { u.add(uses[u.consumed]); u.advance(u.consumed + 1); } };
  const runners = streams.map((_, p) => new PartitionRunner({ policy: c.policy, lateness: c.lateness, foreign: { uses: readers[owner(p)], partition: p } }));
  const stage = new FleetStage({ policy: c.policy, lateness: c.lateness, partitions, onAlert: (a) => latest(out, a) });
  let wire: FleetPiece[] = [];
  const deliver = (all: boolean) => {
    const keep: FleetPiece[] = [];
    for (const x of wire) (all || r.chance(0.5) ? stage.accept(x) : keep.push(x));
    wire = keep;
  };
  const next = streams.map(() => 0);
  for (;;) {
    const live = next.map((n, p) => (n < streams[p].length ? p : -1)).filter((p) => p >= 0);
    if (live.length === 0) break;
    const p = r.pick(live);
    const m = streams[p][next[p]++];
    const reader = readers[owner(p)];
    readTo(reader, r.int(m.uses, uses.length));
    const o: BatchOutput = runners[p].apply(m.msg);
    for (const u of o.alerts) latest(out, u.alert);
    if (o.fleet) {
      for (const x of fleetPieces({ p, seq: m.seq, ...o.fleet }, 4096)) wire.push(x.piece);
      runners[p].fleetSent(m.seq);
    }
    deliver(false);
  }
  deliver(true);
  if (stage.waiting !== 0 || stage.held !== 0) throw new Error(`fleet stage: ${stage.waiting} input(s) waiting, ${stage.held} chain(s) held at the end`);
  return out;
}
