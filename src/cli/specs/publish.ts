import type { CommandSpec } from '../options/spec.js';
import { INPUT_OPTIONS, POLICY, QUIET, VERBOSE } from '../options/common.js';

export const PUBLISH: CommandSpec = {
  name: 'publish',
  synopsis: 'publish FILE... --nats URL',
  summary: 'publish telemetry into NATS JetStream, partitioned by device',
  usage: ['publish FILE... --nats URL [options]'],
  description: "Publishes telemetry v1 NDJSON lines into the NATS JetStream stream CT_TEL, one message per batch of lines of one device partition (subject ct.tel.<partition>). Each batch carries its file name and line numbers, so workers report bad lines exactly as detect does. Nats-Msg-Id = hash of partition, position and content: publishing the same file again within the duplicate window (10 min) adds nothing. Streams are created on first use. Inputs are read as detect reads them: formats sniffed (--from overrides), directories walked, gzip and zip opened; a foreign format is adapted first, so its events go out as telemetry v1 lines (one run in several files is published file by file, not merged in event time: use 'ciphertrail convert' for that).",
  positionals: true,
  options: [
    { name: 'nats', type: 'string', arg: 'URL', help: 'NATS server(s), comma-separated (required)' },
    ...INPUT_OPTIONS, QUIET, VERBOSE,
    { name: 'partitions', type: 'string', arg: 'N', help: 'partition count when setting up an empty server (default 8); must match the existing setup otherwise' },
    { name: 'replicas', type: 'string', arg: 'N', help: 'JetStream replicas of the streams and buckets when setting up (default 1; 3 on a three-node cluster)' },
    { name: 'batch-lines', type: 'string', arg: 'N', default: '2000', help: "lines per message; a batch over the server's max payload is sent in halves" },
    { name: 'no-compress', type: 'boolean', help: 'send batches as plain NDJSON (default: deflate-raw, header Ct-Enc; ~7× fewer bytes for nats-server to store and send)' },
    { name: 'end', type: 'boolean', help: 'after the files, send an end-of-input marker to every partition: workers close every chain and emit finals, as detect does at the end of its files' },
    { name: 'linger', type: 'string', arg: 'DURATION', default: '200ms', help: 'FILE - (stdin) is a live feed: lines waiting this long are sent without a full batch' },
    { name: 'idle-flush', type: 'string', arg: 'DURATION', default: '1s', help: 'FILE -: a partition sent nothing for this long gets an idle tick, so its worker releases the last lateness of events, as serve --nats' },
    { name: 'exact-keys', type: 'boolean', help: "extract every device's key uses onto CT_USES, ahead of the batches that follow them: a worker then counts the devices of other partitions that used a key as detect does, so alerts equal detect's byte for byte even when a hard-coded key spans partitions. Default for FILEs (replays); one publisher per input (its reading order is the order counts follow)" },
    { name: 'approximate-keys', type: 'boolean', help: "no key uses (default for -, a live feed): less latency; a partition sees other partitions' devices only when the fleet stage finalizes a chain (same findings; revision counts and key texts may differ from detect)" },
    { ...POLICY, help: "with exact keys: the workers' policy (its time_window and staging_horizon say how long a key announced on a device keeps its uses out of the counts)" },
    { name: 'lateness', type: 'string', arg: 'DURATION', default: '30s', help: "with exact keys: the workers' --lateness" },
  ],
  exits: ['0  published', '2  usage or policy error', '4  unusable input: a file that is missing, empty, unreadable or gave no event (the others are published)'],
};
