import { parseDuration } from '../policy/index.js';
import { policyArg } from './policy-arg.js';
import { natsWorker } from '../app/nats.js';
import { UsageError } from './usage-error.js';
import { forwardArgs } from './forward-args.js';
import { parseCommand } from './options/parse.js';
import { WORKER } from './specs/worker.js';
import { parsePartitionList, requireUrl } from './nats-args.js';
import { DEFAULT_GRACE, GracefulStop, parseGrace } from './graceful-stop.js';

export async function workerCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ nats?: string; partitions?: string; fleet?: boolean; 'no-fleet'?: boolean; policy?: string; lateness: string; checkpoint: string; 'until-end'?: boolean; id?: string; 'no-replica'?: boolean; 'pull-mb': string; grace: string; 'lease-ttl': string; forward?: string[]; 'forward-config'?: string; 'forward-secret-file'?: string }>(WORKER, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  const url = requireUrl(v.nats);
  const lateness = parseDuration(v.lateness);
  if (lateness === undefined) throw new UsageError(`--lateness: want a duration like 30s, got '${v.lateness}'`);
  const checkpointMs = parseDuration(v.checkpoint);
  if (checkpointMs === undefined) throw new UsageError(`--checkpoint: want a duration like 5s, got '${v.checkpoint}'`);
  const pullMb = Number(v['pull-mb']);
  if (!Number.isInteger(pullMb) || pullMb < 1) throw new UsageError(`--pull-mb: want a whole number of megabytes ≥ 1, got '${v['pull-mb']}'`);
  if (v.fleet && v['no-fleet']) throw new UsageError('--fleet and --no-fleet contradict each other');
  const partitions = v.partitions === undefined ? undefined : v.partitions === 'none' ? [] : parsePartitionList(v.partitions);
  // without --partitions a worker does everything (one-machine setup); with them, the fleet stage only on --fleet
  const fleet = v['no-fleet'] ? false : v.fleet || partitions === undefined;
  if (partitions?.length === 0 && !fleet) throw new UsageError('a worker with --partitions none needs --fleet');
  const leaseTtlMs = parseDuration(v['lease-ttl']);
  if (leaseTtlMs === undefined || leaseTtlMs < 200) throw new UsageError(`--lease-ttl: want a duration of at least 200ms like 10s, got '${v['lease-ttl']}'`);
  if (partitions && v['lease-ttl'] !== '10s') throw new UsageError('--lease-ttl applies to leased partitions: not with --partitions');
  // one forwarder per output in the cluster keeps its versions in order: the fleet-stage worker's
  if ((v.forward?.length || v['forward-config']) && !fleet) throw new UsageError('worker: --forward runs on the worker with the fleet stage (--fleet, or no --partitions): exactly one per cluster');
  const forward = await forwardArgs(v);
  if (forward === null) return 2;
  const graceMs = parseGrace(v.grace);
  const p = await policyArg(v.policy);
  if (!p) return 2;
  const policy = p.policy;
  const log = (l: string) => process.stderr.write(l + '\n');
  const stop = new GracefulStop('worker', graceMs, log);
  const t0 = performance.now();
  const r = await natsWorker({ url, policy, lateness, checkpointMs, untilEnd: v['until-end'] === true, fleet, leaseTtlMs, log, replica: !v['no-replica'], pullBytes: pullMb * 1024 * 1024, ...(partitions ? { partitions } : {}), ...(v.id ? { id: v.id } : {}), ...(forward ? { forward } : {}) }, stop.stopped);
  const s = (performance.now() - t0) / 1000;
  log(`worker: ${r.events} event(s) in ${s.toFixed(2)} s (${Math.round(r.events / s)} events/s)${fleet ? `, fleet stage finalized ${r.alerts} chain(s)` : ''}`);
  stop.done('every checkpoint written');
  return 0;
}
