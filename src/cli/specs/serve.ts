import type { CommandSpec } from '../options/spec.js';
import { POLICY } from '../options/common.js';
import { FORWARD } from './forward.js';

export const SERVE: CommandSpec = {
  name: 'serve',
  summary: 'HTTP ingest, SQLite store, alert API, live stream and dashboard',
  usage: ['serve [--port 8731] [--db ./ciphertrail.db] [-p FILE] [options]'],
  description: "Runs the detector as a service: POST /v1/events (telemetry v1 NDJSON, gzip accepted; ?from=FORMAT for a sandbox report, capture or OCSF body, ?from=auto to sniff it) is stored in SQLite (WAL, committed before the reply) and fed to one streaming engine; a body of which nothing is accepted is answered 422. Alerts are stored, served on /v1/alerts, streamed on /v1/stream (SSE) and shown by the dashboard at /.\nEvery route but /healthz and the dashboard files needs a token: ciphertrail token create.\nThe URL is printed on stdout once listening. SIGHUP re-reads --policy FILE (an invalid file is refused and the policy in force stays); SIGTERM/SIGINT stop: the server closes (with --nats, after publishing what NATS has not acknowledged) and exits 0; if that takes longer than --grace, or a second signal comes, it exits 1 at once, naming on stderr what it left. API: src/server/API.md.",
  positionals: false,
  options: [
    { name: 'port', type: 'string', arg: 'N', default: '8731', help: 'TCP port (0 = a random free port)' },
    { name: 'host', type: 'string', arg: 'ADDR', default: '127.0.0.1', help: 'listen address' },
    { name: 'db', type: 'string', arg: 'FILE', default: './ciphertrail.db', help: 'SQLite file, created and migrated when missing' },
    { ...POLICY, help: 'policy v1 (YAML or JSON); without it, the last policy PUT through the API, else the defaults' },
    { name: 'lateness', type: 'string', arg: 'DURATION', default: '30s', help: 'how late an event may arrive and still be ordered' },
    { name: 'idle-flush', type: 'string', arg: 'DURATION', default: '1s', help: 'wall time without ingest before buffered events are evaluated (with --nats: before each quiet partition gets an idle tick)' },
    { name: 'rate-limit', type: 'string', arg: 'N', help: 'per-token ingest limit in events/s (default 50000; 0 = off)' },
    { name: 'burst', type: 'string', arg: 'N', help: 'token bucket size in events (default 200000)' },
    { name: 'max-body', type: 'string', arg: 'SIZE', default: '16m', help: 'request body limit, before and after gunzip' },
    { name: 'max-line-length', type: 'string', arg: 'SIZE', help: 'longest event line of a body (default 1m; docs/input-limits.md)' },
    { name: 'retain', type: 'string', arg: 'DURATION', help: 'keep this much event time of stored events (e.g. 30d) before the newest; older ones are pruned at start and hourly, alerts are kept (docs/operations.md)' },
    { name: 'nats', type: 'string', arg: 'URL', help: "distributed mode: accepted events are stored and published to NATS JetStream instead of the embedded engine; the workers' alerts (see 'ciphertrail worker') are stored here and streamed as usual" },
    { name: 'exact-keys', type: 'boolean', help: "with --nats: also publish the key uses ahead of the batches, as 'publish --exact-keys': alerts equal detect's even when a hard-coded key spans partitions (~0.5 ms more publish→alert latency, measured)" },
    { name: 'grace', type: 'string', arg: 'DURATION', default: '5s', help: 'how long SIGTERM/SIGINT may take to close before the exit is forced' },
    ...FORWARD,
  ],
  exits: ['0  stopped by SIGTERM/SIGINT', '1  the stop took longer than --grace', '2  usage error, invalid policy, or the address cannot be listened on'],
};
