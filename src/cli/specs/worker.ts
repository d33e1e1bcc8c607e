import type { CommandSpec } from '../options/spec.js';
import { POLICY } from '../options/common.js';
import { FORWARD } from './forward.js';

export const WORKER: CommandSpec = {
  name: 'worker',
  synopsis: 'worker --nats URL',
  summary: 'run partitions (and the fleet stage) of the distributed engine',
  usage: ['worker --nats URL [options]'],
  description: 'Runs the engine on device partitions of CT_TEL (each partition in stream order, one engine per partition) and the second stage that joins key fingerprints across all devices (hard-coded keys). Without --partitions, workers share the partitions by themselves: each takes a fair share through leases in the KV bucket ct_state (renewed by heartbeat, compare-and-set), they rebalance when a worker joins or leaves, a dead worker\'s partitions are taken over within --lease-ttl from its last checkpoint, and one of them, elected the same way, runs the fleet stage (and forwarding). Alerts go to the CT_ALERTS stream (Nats-Msg-Id = alert id + rev), bad lines and undecodable messages to CT_DEAD with their reason. State is checkpointed with the stream position in the object store ct_ckpt: a replacement worker resumes without losing or repeating.\nSIGINT/SIGTERM checkpoint and exit 0. If the checkpoints are not written within --grace (NATS server gone or reconnecting), or a second signal comes, the worker exits 1 at once and names on stderr the partitions not checkpointed and since which stream sequence (a replacement replays them).',
  positionals: false,
  options: [
    { name: 'nats', type: 'string', arg: 'URL', help: 'NATS server(s), comma-separated (required)' },
    { name: 'partitions', type: 'string', arg: 'LIST', help: 'own these partitions, without leases (a static override; do not mix with leased workers), e.g. 0-3 or 0,2,4 or none (default: a leased fair share)' },
    { name: 'fleet', type: 'boolean', help: 'with --partitions: also run the fleet stage (exactly one in a cluster)' },
    { name: 'no-fleet', type: 'boolean', help: 'do not run or contend for the fleet stage' },
    { name: 'lease-ttl', type: 'string', arg: 'DURATION', default: '10s', help: 'a lease not renewed for this long is taken over (renewed every quarter of it)' },
    { ...POLICY, help: 'policy v1 (the same for every worker)' },
    { name: 'lateness', type: 'string', arg: 'DURATION', default: '30s', help: 'as for detect' },
    { name: 'checkpoint', type: 'string', arg: 'DURATION', default: '5s', help: 'checkpoint interval' },
    { name: 'no-replica', type: 'boolean', help: 'take every checkpoint on the message thread (default: at the tail of a partition, from a replica thread fed the same batches, so a snapshot of MBs of state does not stall the partitions\' messages)' },
    { name: 'pull-mb', type: 'string', arg: 'N', default: '32', help: "megabytes the worker's pull requests may ask for at once, shared by its partitions; keep it under the server's max_pending (64 MB by default): above it the server drops the worker as a slow consumer" },
    { name: 'until-end', type: 'boolean', help: 'exit once every owned partition processed an end-of-input marker (leased: every partition of the cluster, and the fleet stage done)' },
    { name: 'id', type: 'string', arg: 'NAME', help: 'worker name shown by status (default host:pid); unique per worker: a worker restarted with the same --id takes its leases back at once' },
    { name: 'grace', type: 'string', arg: 'DURATION', default: '5s', help: 'how long SIGTERM/SIGINT may take to checkpoint before the exit is forced' },
    ...FORWARD,
  ],
  exits: ['0  stopped (signal or --until-end), checkpoints written', '1  the stop took longer than --grace', '2  usage or policy error'],
};
