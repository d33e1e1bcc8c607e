import { parseArgs } from 'node:util';
import { parseDuration } from '../policy/index.js';
import { policyArg } from './policy-arg.js';
import { natsWorker } from '../app/nats.js';
import { WORKER_HELP } from './usage.js';
import { UsageError } from './usage-error.js';
import { parsePartitionList, requireUrl } from './nats-args.js';
import { DEFAULT_GRACE, GracefulStop, parseGrace } from './graceful-stop.js';
import { FORWARD_OPTIONS, forwardArgs } from './forward-args.js';

export async function workerCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: false, strict: true,
      options: {
        nats: { type: 'string' }, partitions: { type: 'string' }, fleet: { type: 'boolean', default: false }, 'no-fleet': { type: 'boolean', default: false },
        policy: { type: 'string' }, lateness: { type: 'string', default: '30s' }, checkpoint: { type: 'string', default: '5s' },
        'until-end': { type: 'boolean', default: false }, id: { type: 'string' }, 'no-replica': { type: 'boolean', default: false },
        'pull-mb': { type: 'string', default: '32' }, grace: { type: 'string', default: DEFAULT_GRACE }, 'lease-ttl': { type: 'string', default: '10s' },
        ...FORWARD_OPTIONS,
      },
    });
  } catch (e) { throw new UsageError((e as Error).message, WORKER_HELP); }
  const v = args.values;
  const url = requireUrl(v.nats, WORKER_HELP);
  const lateness = parseDuration(v.lateness);
  if (lateness === undefined) throw new UsageError(`--lateness: want a duration like 30s, got '${v.lateness}'`, WORKER_HELP);
  const checkpointMs = parseDuration(v.checkpoint);
  if (checkpointMs === undefined) throw new UsageError(`--checkpoint: want a duration like 5s, got '${v.checkpoint}'`, WORKER_HELP);
  const pullMb = Number(v['pull-mb']);
  if (!Number.isInteger(pullMb) || pullMb < 1) throw new UsageError(`--pull-mb: want a whole number of megabytes ≥ 1, got '${v['pull-mb']}'`, WORKER_HELP);
  if (v.fleet && v['no-fleet']) throw new UsageError('--fleet and --no-fleet contradict each other', WORKER_HELP);
  const partitions = v.partitions === undefined ? undefined : v.partitions === 'none' ? [] : parsePartitionList(v.partitions, WORKER_HELP);
  // without --partitions a worker does everything (one-machine setup); with them, the fleet stage only on --fleet
  const fleet = v['no-fleet'] ? false : v.fleet || partitions === undefined;
  if (partitions?.length === 0 && !fleet) throw new UsageError('a worker with --partitions none needs --fleet', WORKER_HELP);
  const graceMs = parseGrace(v.grace, WORKER_HELP);
  const leaseTtlMs = parseDuration(v['lease-ttl']);
  if (leaseTtlMs === undefined || leaseTtlMs < 200) throw new UsageError(`--lease-ttl: want a duration of at least 200ms like 10s, got '${v['lease-ttl']}'`, WORKER_HELP);
  if (partitions && v['lease-ttl'] !== '10s') throw new UsageError('--lease-ttl applies to leased partitions: not with --partitions', WORKER_HELP);
  // one forwarder per output in the cluster keeps its versions in order: the fleet-stage worker's
  if ((v.forward?.length || v['forward-config']) && !fleet) throw new UsageError('--forward runs on the worker with the fleet stage (--fleet, or no --partitions): exactly one per cluster', WORKER_HELP);
  const forward = await forwardArgs(v);
  if (forward === null) return 2;
  const p = await policyArg(v.policy);
  if (!p) return 2;
  const policy = p.policy;
  const log = (l: string) => process.stderr.write(l + '\n');
  const stop = new GracefulStop('worker', graceMs, log);
  const t0 = performance.now();
  const r = await natsWorker({ url, policy, lateness, checkpointMs, untilEnd: v['until-end'], fleet, leaseTtlMs, log, replica: !v['no-replica'], pullBytes: pullMb * 1024 * 1024, ...(partitions ? { partitions } : {}), ...(v.id ? { id: v.id } : {}), ...(forward ? { forward } : {}) }, stop.stopped);
  const s = (performance.now() - t0) / 1000;
  log(`worker: ${r.events} event(s) in ${s.toFixed(2)} s (${Math.round(r.events / s)} events/s)${fleet ? `, fleet stage finalized ${r.alerts} chain(s)` : ''}`);
  stop.done('every checkpoint written');
  return 0;
}
