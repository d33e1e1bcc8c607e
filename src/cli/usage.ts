// Help texts, one per subcommand: what it does, its options and their defaults.

export const MAIN_HELP = `ciphertrail — finds Android apps that encrypt the data they collect and send it out
(MITRE ATT&CK Mobile T1521.001 Encrypted Channel: Symmetric Cryptography, analytic AN1731)

Usage: ciphertrail <command> [options]

Commands:
  detect FILE...         correlate telemetry v1 (NDJSON) into AN1731 alerts v1
  policy check FILE      validate a policy v1 file, listing every problem
  simulate --out DIR     write labelled scenario telemetry, or a large fleet file
  eval --labels F ALERTS precision / recall of an alert stream against scenario labels
  convert --from FORMAT  translate sandbox reports, captures or OCSF into telemetry v1
  collect --package PKG  run the Frida sensor on a device and stream telemetry v1
  serve                  HTTP ingest, SQLite store, alert API, live stream and dashboard
  token create --scope S create an API token for the server (printed once)
  coverage FILE...       which telemetry AN1731 needs was present, blind facets, fleet summary
  evidence verify FILE   check a detect --evidence hash chain for tampering
  export --to FORMAT     the AN1731 correlation as Sigma, EQL, KQL or SPL rules
  report ALERTS          incident reports (md, html, json), playbook, STIX 2.1 indicators
  baseline FILE... --out learn what each app normally does (BASELINE.json)
  inventory propose|diff propose the approved-app inventory from a baseline, or diff it
  publish FILE... --nats URL  publish telemetry into NATS JetStream, partitioned by device
  worker --nats URL      run partitions (and the fleet stage) of the distributed engine
  alerts --nats URL      print the distributed alert stream as NDJSON
  status --nats URL      partitions, owners, lag and throughput of the distributed engine

Run 'ciphertrail <command> --help' for the options of a command.
`;

export const DETECT_HELP = `Usage: ciphertrail detect FILE... [options]

Reads telemetry v1 NDJSON files ('-' for stdin; gzip detected and decompressed) and writes
AN1731 alerts to stdout, diagnostics to stderr. Each alert is written once, in its final state.

Options:
  --policy FILE          policy v1 (YAML or JSON): thresholds and approved-app inventory
  --baseline FILE        fleet baseline (ciphertrail baseline): a chain departing from its app's
                         baseline scores higher, one matching the norm of a widely seen app lower
  --format ndjson|table|ocsf  output format (default ndjson; table is for people)
  --lateness DURATION    how late an event may arrive and still be ordered (default 30s)
  --dead-letter FILE     write every rejected line with its reason to FILE (NDJSON)
  --max-line-length SIZE longest line read (default 1m); longer lines are rejected unread
                         (limits and forbidden fields: docs/input-limits.md)
  --fail-on SEVERITY     exit 1 when an alert of SEVERITY or above is found (low|medium|high|critical)
  --stats                print a JSON stats record on stderr at the end
  --updates              write every version of a growing alert (same id, rising rev)
  --from FORMAT          read a foreign format through its adapter (auto, cuckoodroid, andropytool,
                         droidbox, droidbox-logcat, droidmon, mobsf, pcap, packet-csv, ocsf, amapi,
                         dpc-logs, telemetry); several files are merged by time (one device,
                         several sources; one sandbox run's files as one run); see 'convert --help'
  --device ID, --app PKG for --from: device id / package when the format cannot tell
  --format ocsf          alerts as OCSF Detection Finding (class 2004) for SIEMs
  -h, --help             this help

Exit status: 0 success (with or without alerts), 1 --fail-on met, 2 usage or policy error,
3 a --forward output did not get every version (reported on stderr).
`;

export const POLICY_HELP = `Usage: ciphertrail policy check FILE [--json]

Validates a policy v1 file and lists every problem with its path and line. Exit 0 when valid,
2 when not. --json prints the result as JSON.
`;

export const SIMULATE_HELP = `Usage: ciphertrail simulate --out DIR [--scenario NAME|all] [--seed N]
       ciphertrail simulate --out DIR --devices N --hours H [--mix sparse|dense] [--seed N]
       ciphertrail simulate --out DIR --managed-fleet [--devices N] [--seed N]

The first form writes labelled scenario telemetry: DIR/<scenario>.ndjson, DIR/all.ndjson,
DIR/labels.json and DIR/policy.yaml (the inventory the scenarios assume).
The second writes a large mixed fleet file DIR/fleet.ndjson (+ fleet.ndjson.labels.json) for
benchmarks, deterministic for a seed. --list prints the scenario library.
The third writes one managed fleet (default 6 devices) as its EMM sees it (usage-logs.ndjson:
Android Management API notifications; dpc-logs.ndjson: one device's DPC export) and as the Frida
sensor sees it (sensor.ndjson), with labels.json, policy.yaml and policy-partial.yaml.

Options:
  --out DIR              output directory (created)
  --scenario NAME|all    one scenario or all (default all)
  --seed N               random seed (default 1)
  --devices N, --hours H fleet size
  --mix sparse|dense     the fleet's apps (default sparse): sparse has few apps encrypting and
                         sending in the same windows; dense has most of them do so in two busy
                         blocks a day per device (a chunked backup with hundreds of encrypt ops
                         per 10 minutes, two messengers, photo uploads, the MDM agent) and a
                         beaconing RAT on ~10% of devices; about the same events per device-hour
  --list                 list the scenarios with their grounding and twin
`;

export const EVAL_HELP = `Usage: ciphertrail eval --labels FILE ALERTS [--json] [--min-severity SEV]

Precision and recall of an alert stream (NDJSON, '-' for stdin) against the labels written by
'simulate', per scenario and overall. Prints a table, or JSON with --json (--markdown for a
Markdown table).
--baseline ALERTS2 compares: ALERTS2 is the same telemetry detected with 'detect --baseline'; the
table shows, per scenario, TP/FP/FN and the top severity/score without and with the baseline.
`;

export const CONVERT_HELP = `Usage: ciphertrail convert [--from FORMAT] FILE... [--device ID] [--app PKG] [--out FILE]

Translates foreign telemetry into telemetry v1 NDJSON (stdout or --out). FORMAT is auto (sniffed
from the first bytes; an error names the file when it cannot tell) or one of: cuckoodroid
(CuckooDroid / Cuckoo droidmon-module report.json), andropytool (AndroPyTool <name>-analysis.json),
droidmon (raw droidmon lines), droidbox (DroidBox JSON), droidbox-logcat (raw DroidBox logcat),
mobsf (MobSF API monitor), pcap (pcap/pcapng), packet-csv (Wireshark packet CSV), ocsf (OCSF events),
amapi (Android Management API usage-log notifications), dpc-logs (a DPC's network and security
log export), telemetry (v1 NDJSON as it is, to join it with the others). Several files are merged
into one timeline by time; the files of one sandbox run become one run (see docs/sources.md).
Every produced event is validated like NDJSON input; skipped records are reported on stderr.
Key fingerprints are keyed (fp_scheme hmac-sha256-16) with the deployment's secret from
CIPHERTRAIL_FP_SECRET_FILE or CIPHERTRAIL_FP_SECRET (also for detect/coverage --from).
`;

export const COLLECT_HELP = `Usage: ciphertrail collect --package PKG [--spawn] [--device ID] [--out FILE] [--frida PATH]

Runs the Frida sensor (sensor/frida/dist/agent.js) against PKG on the USB device with the frida
CLI (spawned with --spawn, attached otherwise) and writes telemetry v1 NDJSON to stdout or --out:
  ciphertrail collect --package com.example.app --spawn | ciphertrail detect -
The deployment's fingerprint secret (CIPHERTRAIL_FP_SECRET_FILE, else CIPHERTRAIL_FP_SECRET) is
handed to the agent: key, IV and device fingerprints are then keyed (hmac-sha256-16).
See sensor/frida/README.md for the device set-up and what the secret protects.
`;

export const SERVE_HELP = `Usage: ciphertrail serve [--port 8731] [--db ./ciphertrail.db] [--policy FILE] [options]

Runs the detector as a service: POST /v1/events (telemetry v1 NDJSON, gzip accepted) is stored in
SQLite (WAL, committed before the reply) and fed to one streaming engine; alerts are stored,
served on /v1/alerts, streamed on /v1/stream (SSE) and shown by the dashboard at /.
Every route but /healthz and the dashboard files needs a token: ciphertrail token create.
The URL is printed on stdout once listening. SIGHUP re-reads --policy FILE (an invalid file is
refused and the policy in force stays); SIGTERM/SIGINT stop: the server closes (with --nats,
after publishing what NATS has not acknowledged) and exits 0; if that takes longer than --grace,
or a second signal comes, it exits 1 at once, naming on stderr what it left. API: src/server/API.md.

Options:
  --port N               TCP port (default 8731; 0 = a random free port)
  --host ADDR            listen address (default 127.0.0.1)
  --db FILE              SQLite file, created and migrated when missing (default ./ciphertrail.db)
  --policy FILE          policy v1 (YAML or JSON); without it, the last policy PUT through the API,
                         else the defaults
  --lateness DURATION    how late an event may arrive and still be ordered (default 30s)
  --idle-flush DURATION  wall time without ingest before buffered events are evaluated (default 1s;
                         with --nats: before each quiet partition gets an idle tick)
  --rate-limit N         per-token ingest limit in events/s (default 50000; 0 = off)
  --burst N              token bucket size in events (default 200000)
  --max-body SIZE        request body limit, before and after gunzip (default 16m)
  --max-line-length SIZE longest event line of a body (default 1m; docs/input-limits.md)
  --nats URL             distributed mode: accepted events are stored and published to NATS
                         JetStream instead of the embedded engine; the workers' alerts (see
                         'ciphertrail worker') are stored here and streamed as usual
  --exact-keys           with --nats: also publish the key uses ahead of the batches, as
                         'publish --exact-keys': alerts equal detect's even when a hard-coded key
                         spans partitions (~0.5 ms more publish→alert latency, measured)
  --grace DURATION       how long SIGTERM/SIGINT may take to close before the exit is forced
                         (default 5s)
`;

export const TOKEN_HELP = `Usage: ciphertrail token create --db FILE --scope SCOPES [--name NAME]
       ciphertrail token list --db FILE [--json]
       ciphertrail token revoke --db FILE ID

create prints the new token alone on stdout; it is shown only this once (the database keeps
its SHA-256). SCOPES is a comma list of:
  ingest   POST /v1/events
  read     alerts, alert detail, stream, policy, metrics
  admin    policy changes and alert triage (status); implies read and ingest
--db defaults to ./ciphertrail.db (created when missing).
`;

export const REPORT_HELP = `Usage: ciphertrail report ALERTS [--id ID] [--telemetry FILE]... [--format md,html,json,stix] --out DIR

Writes one incident report per alert of ALERTS (alert NDJSON from detect, '-' for stdin; of several
versions of one id the highest rev is used): a plain summary, the chain as a timeline linked to its
evidence, the data-exposure assessment (with what cannot be known), a playbook tailored to the
alert (contain, investigate, eradicate, recover, notify; in order, with who does what) and the
indicators. Files are DIR/<alert id>.md|.html|.json, and always DIR/<alert id>.stix.json (the
indicators as a STIX 2.1 bundle). The HTML is one self-contained file that prints.

  --id ID            only this alert (exit 2 when it is not in ALERTS)
  --telemetry FILE   the telemetry detect read (repeatable): evidence refs are joined back to
                     their lines, so the timeline has times and file:line links
  --format LIST      comma-separated: md (default), html, json, stix

A bad alert line is reported as file:line: code [field] and the other alerts are still reported.
`;

export const BASELINE_HELP = `Usage: ciphertrail baseline TELEMETRY... --out BASELINE.json [--since T] [--until T]
       ciphertrail baseline merge BASELINE.json... --out BASELINE.json

Learns, per app package across devices, what the fleet normally does: data categories read,
crypto (algorithms, encrypt/decrypt volumes, key origins, hardware-backed keys), staged file
paths and entropy, the execution context of its sends, destinations (registrable domains, bare
IPs), ports, TLS, payload formats, send hours, signers and installers, and on how many devices
each was seen (device ids are stored hashed). One streaming pass, memory bounded per app.
merge combines baselines (e.g. one per day): the result equals one run over all the inputs.

Options:
  --out FILE             where to write BASELINE.json ('-' for stdout)
  --since T, --until T   event-time bounds: RFC 3339 time, epoch ms, or a duration (24h)
                         counted back from the newest event of the input (never the wall clock)
`;

export const INVENTORY_HELP = `Usage: ciphertrail inventory propose BASELINE.json [--policy CURRENT] [--out FILE]
       ciphertrail inventory diff BASELINE.json --policy CURRENT [--json] [--fail-on-findings]

propose  writes a policy v1 apps: section for review: one entry per app seen, with its
         expected_domains, background_network and signer as observed, and the evidence (devices,
         volumes) in comments. Nothing is approved: 'approved' is kept as CURRENT says, or left out.
diff     compares what the fleet does with the inventory: apps seen but not listed (ranked by
         risk: crypto, background sends, sensitive data), approved apps outside their declared
         expectations (new domain, background network, second signer, locally accessible keys
         the label does not explain), and inventory entries never seen (stale).

Options:
  --policy FILE          the current policy v1 (required for diff)
  --out FILE             write the proposal there instead of stdout
  --json                 diff as JSON instead of text
  --fail-on-findings     diff exits 1 when it finds anything to review
`;

export const PUBLISH_HELP = `Usage: ciphertrail publish FILE... --nats URL [options]

Publishes telemetry v1 NDJSON lines into the NATS JetStream stream CT_TEL, one message per batch
of lines of one device partition (subject ct.tel.<partition>). Each batch carries its file name
and line numbers, so workers report bad lines exactly as detect does. Nats-Msg-Id = hash of
partition, position and content: publishing the same file again within the duplicate window
(10 min) adds nothing. Streams are created on first use.

Options:
  --nats URL             NATS server(s), comma-separated (required)
  --partitions N         partition count when setting up an empty server (default 8); must
                         match the existing setup otherwise
  --replicas N           JetStream replicas of the streams and buckets when setting up (default 1;
                         3 on a three-node cluster)
  --batch-lines N        lines per message (default 2000); a batch over the server's max payload
                         is sent in halves
  --no-compress          send batches as plain NDJSON (default: deflate-raw, header Ct-Enc;
                         ~7× fewer bytes for nats-server to store and send)
  --end                  after the files, send an end-of-input marker to every partition: workers
                         close every chain and emit finals, as detect does at the end of its files
  --linger DURATION      FILE - (stdin) is a live feed: lines waiting this long are sent without
                         a full batch (default 200ms)
  --idle-flush DURATION  FILE -: a partition sent nothing for this long gets an idle tick, so its
                         worker releases the last lateness of events, as serve --nats (default 1s)
  --exact-keys           extract every device's key uses onto CT_USES, ahead of the batches that
                         follow them: a worker then counts the devices of other partitions that
                         used a key as detect does, so alerts equal detect's byte for byte even
                         when a hard-coded key spans partitions. Default for FILEs (replays);
                         one publisher per input (its reading order is the order counts follow)
  --approximate-keys     no key uses (default for -, a live feed): less latency; a partition sees
                         other partitions' devices only when the fleet stage finalizes a chain
                         (same findings; revision counts and key texts may differ from detect)
  --policy FILE          with exact keys: the workers' policy (its time_window and staging_horizon
                         say how long a key announced on a device keeps its uses out of the counts)
  --lateness DURATION    with exact keys: the workers' --lateness (default 30s)
`;

export const WORKER_HELP = `Usage: ciphertrail worker --nats URL [options]

Runs the engine on device partitions of CT_TEL (each partition in stream order, one engine per
partition) and the second stage that joins key fingerprints across all devices (hard-coded keys).
Without --partitions, workers share the partitions by themselves: each takes a fair share through
leases in the KV bucket ct_state (renewed by heartbeat, compare-and-set), they rebalance when a
worker joins or leaves, a dead worker's partitions are taken over within --lease-ttl from its last
checkpoint, and one of them, elected the same way, runs the fleet stage. Alerts go to the CT_ALERTS stream (Nats-Msg-Id = alert id + rev), bad lines
and undecodable messages to CT_DEAD with their reason. State is checkpointed with the stream
position in the object store ct_ckpt: a replacement worker resumes without losing or repeating.
SIGINT/SIGTERM checkpoint and exit 0. If the checkpoints are not written within --grace (NATS
server gone or reconnecting), or a second signal comes, the worker exits 1 at once and names on
stderr the partitions not checkpointed and since which stream sequence (a replacement replays them).

Options:
  --nats URL             NATS server(s), comma-separated (required)
  --partitions LIST      own these partitions, without leases (a static override; do not mix with
                         leased workers), e.g. 0-3 or 0,2,4 or none (default: a leased fair share)
  --fleet                with --partitions: also run the fleet stage (exactly one in a cluster)
  --no-fleet             do not run or contend for the fleet stage
  --lease-ttl DURATION   a lease not renewed for this long is taken over (default 10s; renewed
                         every quarter of it)
  --policy FILE          policy v1 (the same for every worker)
  --lateness DURATION    as for detect (default 30s)
  --checkpoint DURATION  checkpoint interval (default 5s)
  --no-replica           take every checkpoint on the message thread (default: at the tail of a
                         partition, from a replica thread fed the same batches, so a snapshot
                         of MBs of state does not stall the partitions' messages)
  --pull-mb N            megabytes the worker's pull requests may ask for at once, shared by its
                         partitions (default 32); keep it under the server's max_pending (64 MB
                         by default): above it the server drops the worker as a slow consumer
  --until-end            exit once every owned partition processed an end-of-input marker (leased:
                         every partition of the cluster, and the fleet stage done)
  --id NAME              worker name shown by status (default host:pid); unique per worker: a
                         worker restarted with the same --id takes its leases back at once
  --grace DURATION       how long SIGTERM/SIGINT may take to checkpoint before the exit is forced
                         (default 5s)
`;

export const ALERTS_HELP = `Usage: ciphertrail alerts --nats URL [--follow | --versions] [--grace DURATION]

Prints the CT_ALERTS stream as alerts v1 NDJSON: the latest version of each alert, ordered by
first_ts then id (default), every stored version once (--versions), or every version as it
arrives, forever (--follow; stop with Ctrl-C).
SIGINT/SIGTERM stop and exit 0; if the stop takes longer than --grace (default 5s; e.g. stdout not
read, NATS server gone), or a second signal comes, it exits 1 at once, naming what it left.
`;

export const STATUS_HELP = `Usage: ciphertrail status --nats URL [--json]
       ciphertrail status --db FILE [--json]

Shows each partition with its owner, stream sequence reached, lag (messages not yet processed),
events and events/s (as the workers last reported them, every second), the time it spent waiting
for the key uses its batches depend on (uses-wait, with the CT_USES sequence it waits for now;
'-' for input published without them), the fleet stage, the forwarding outputs (versions not
yet delivered, dead letters) and the size of each stream.
With --db: the forwarding outputs of a server's database (serve --forward), with its newest dead
letters.
`;

export const FORWARD_HELP = `
Forwarding (docs/forwarding.md):
  --forward SPEC         send alert versions to webhook:https://HOST/PATH, syslog:tcp://HOST:PORT,
                         syslog:udp://HOST:PORT or syslog+tls://HOST:PORT (repeatable); options
                         after commas: format=json|ocsf|cef, min_severity=SEV, versions=final|all,
                         name=NAME, max_attempts=N, facility=NAME, secret_file=F, auth_file=F, ca_file=F
  --forward-config FILE  YAML or JSON with a forward: list of outputs (same fields)
  --forward-secret-file FILE  shared secret: webhook requests carry an HMAC-SHA-256 signature
`;

export const DETECT_FORWARD_HELP = `  --forward-wait DURATION  after the input, how long detect keeps retrying what it could not
                         deliver (default 30s); exit 3 when a version was not delivered
`;
