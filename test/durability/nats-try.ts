// One durability try of the NATS mode on a real nats-server: the reference lines published in
// pieces (`publish`, one process per piece, the last with --end) while two partition workers and
// a fleet-stage worker (`worker --until-end`, real processes) consume them; the plan's kills (kill
// -9 or SIGTERM, any of the three) land while pieces are published and processed, and the killed
// role is started again. Checked: every line of a publish that exited 0 is in CT_TEL exactly
// once; a SIGTERM exits 0; the final alerts equal detect's; CT_ALERTS holds no (id, rev) twice and
// exactly the versions `detect --updates` writes; nothing dead-lettered.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { unpackBatch, ENCODING_HEADER } from '../../src/nats/batch.js';
import { STREAMS } from '../../src/nats/connection.js';
import { NatsServer, ctRun, ctSpawn, sleep, type Proc } from '../nats-helpers.js';
import { finalDifferences, twice, type FinalAlert, type Reference } from './reference.js';
import type { Kill, Plan, Tally } from './kill-plan.js';

export const PARTITIONS = 4;
/** the processes of a try: what each owns. static: fixed partitions and one fleet stage; leased:
 *  three workers sharing the partitions and electing the fleet stage through leases (a restarted
 *  worker keeps its id, so it takes its leases back at once; one stopped by SIGTERM hands them
 *  over first) */
const LAYOUTS = {
  static: [['--partitions', '0-1', '--id', 'A'], ['--partitions', '2-3', '--id', 'B'], ['--partitions', 'none', '--fleet', '--id', 'F']],
  leased: [['--lease-ttl', '2s', '--id', 'A'], ['--lease-ttl', '2s', '--id', 'B'], ['--lease-ttl', '2s', '--id', 'C']],
};
export type Layout = keyof typeof LAYOUTS;
export const NATS_TARGETS = 3;

/** every message of a stream (bounded by its last sequence now) */
async function readStream(url: string, stream: string, each: (data: Uint8Array, enc: string | undefined) => void): Promise<number> {
  const nc = await connect({ servers: url });
  try {
    const last = (await (await jetstreamManager(nc)).streams.info(stream)).state.last_seq;
    if (last === 0) return 0;
    const c = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const it = await c.consume({ max_messages: 512 });
    let n = 0;
    for await (const m of it) { each(m.data, m.headers?.get(ENCODING_HEADER) || undefined); n++; if (m.seq >= last) break; }
    it.stop();
    return n;
  } finally { await nc.close(); }
}

export interface NatsTryResult { problems: string[]; kills: Kill[]; acked: number; stored: number; alertsEqual: boolean }

export async function natsTry(ref: Reference, plan: Plan, dir: string, tally: Tally, layout: Layout = 'static'): Promise<NatsTryResult> {
  const ROLES = LAYOUTS[layout];
  const problems: string[] = [];
  const nats = await NatsServer.start();
  const procs: (Proc | undefined)[] = [];
  const checkpoint = `${[200, 500, 1000][plan.seed % 3]}ms`;
  const start = (role: number) => { procs[role] = ctSpawn(['worker', '--nats', nats.url, '--policy', ref.policyFile, '--lateness', `${ref.lateness / 1000}s`, '--checkpoint', checkpoint, '--until-end', ...ROLES[role]]); };
  const fired: Kill[] = [];
  const logs: string[] = [];
  let restarting: Promise<void> = Promise.resolve();
  const kill = (k: Kill) => {
    restarting = restarting.then(async () => {
      await sleep(k.delayMs);
      const p = procs[k.target]!;
      if (p.child.exitCode !== null || p.child.signalCode !== null) return; // ended already
      fired.push(k);
      tally.kills[k.kind]++;
      p.child.kill(k.kind);
      const code = await p.exit;
      logs.push(p.err.join(''));
      // (a SIGTERM that lands while the process is still loading, before its handler is
      // installed, ends it by the signal's default action: a stop too, with nothing processed)
      if (k.kind === 'SIGTERM' && code !== 0 && p.child.signalCode !== 'SIGTERM') problems.push(`SIGTERM: worker ${ROLES[k.target].at(-1)} exited ${code}: ${p.err.join('').trim().split('\n').slice(-2).join(' / ')}`);
      start(k.target);
    });
  };
  try {
    // the batches of the plan, grouped into pieces of about a sixth of the input each
    const pieces: string[][] = [];
    let i = 0, cur: string[] = [];
    for (const size of plan.batches) {
      cur.push(...ref.lines.slice(i, i + size));
      i += size;
      if (cur.length >= ref.lines.length / 6 || i === ref.lines.length) { pieces.push(cur); cur = []; }
    }
    const batchLines = String([50, 200, 1000][plan.seed % 3]);
    let acked = 0, k = 0;
    // the first piece goes out before the workers start: they create nothing, publish sets up the streams
    for (const [n, piece] of pieces.entries()) {
      const last = n === pieces.length - 1;
      if (last) await restarting;
      const f = join(dir, `piece${n}.ndjson`);
      writeFileSync(f, piece.join('\n') + '\n');
      const r = ctRun(['publish', f, '--nats', nats.url, '--partitions', String(PARTITIONS), '--batch-lines', batchLines, '--policy', ref.policyFile, '--lateness', `${ref.lateness / 1000}s`, ...(last ? ['--end'] : [])]);
      if (r.status !== 0) { problems.push(`publish of piece ${n} exited ${r.status}: ${r.stderr.slice(0, 300)}`); continue; }
      acked += piece.length;
      if (n === 0) for (let role = 0; role < ROLES.length; role++) start(role);
      while (k < plan.kills.length && plan.kills[k].at <= acked && !last) kill(plan.kills[k++]);
    }
    await restarting;
    const until = Date.now() + 120_000;
    for (const [role, p] of procs.entries()) {
      const code = await Promise.race([p!.exit, sleep(Math.max(0, until - Date.now())).then(() => 'timeout' as const)]);
      logs.push(p!.err.join(''));
      if (code !== 0) problems.push(`worker ${ROLES[role].at(-1)} ${code === 'timeout' ? 'did not end' : `exited ${code}`}: ${p!.err.join('').trim().split('\n').slice(-3).join(' / ')}`);
    }

    let stored = 0;
    const keys = new Set<string>();
    await readStream(nats.url, STREAMS.tel.name, (data, enc) => {
      if (data.length === 0) return; // end markers and idle ticks
      for (const l of unpackBatch(data, enc).lines) { stored++; const e = JSON.parse(l) as { device: string; id: string }; keys.add(`${e.device}\u0000${e.id}`); }
    });
    if (stored !== acked || keys.size !== stored) problems.push(`CT_TEL holds ${stored} line(s) (${keys.size} distinct) for ${acked} acknowledged`);
    const versions: string[] = [];
    await readStream(nats.url, STREAMS.alerts.name, (data) => { const a = JSON.parse(new TextDecoder().decode(data)) as { id: string; rev: number }; versions.push(`${a.id} ${a.rev}`); });
    const dup = twice(versions);
    if (dup.length) problems.push(`(id, rev) twice in CT_ALERTS: ${dup.slice(0, 3).join(', ')}`);
    const want = new Set(ref.versions), have = new Set(versions);
    const lost = ref.versions.filter((v) => !have.has(v)), extra = versions.filter((v) => !want.has(v));
    if (lost.length || extra.length) problems.push(`CT_ALERTS versions differ from detect --updates: ${lost.length} missing (${lost.slice(0, 3).join(', ')}), ${extra.length} extra (${extra.slice(0, 3).join(', ')})`);
    const dead = await readStream(nats.url, STREAMS.dead.name, () => undefined);
    if (dead) problems.push(`${dead} message(s) dead-lettered`);
    const got = new Map<string, FinalAlert>();
    const a = ctRun(['alerts', '--nats', nats.url]);
    for (const l of a.stdout.split('\n').filter((x) => x)) { const x = JSON.parse(l) as FinalAlert; got.set(x.id, { id: x.id, score: x.score, severity: x.severity }); }
    const diff = finalDifferences(ref.finals, got);
    problems.push(...diff.map((d) => `final alert ${d}`));
    for (const log of logs) for (const l of log.split('\n')) if (/Error|exception/.test(l)) problems.push(`worker said: ${l.slice(0, 300)}`);
    tally.tries++;
    tally.acked += acked;
    tally.stored += stored;
    tally.alertsCompared++;
    if (!diff.length) tally.alertsEqual++;
    return { problems, kills: fired, acked, stored, alertsEqual: diff.length === 0 };
  } finally {
    for (const p of procs) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await nats.stop();
  }
}
