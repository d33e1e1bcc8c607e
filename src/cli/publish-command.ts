import { parseDuration } from '../policy/index.js';
import { readFileSync, statSync } from 'node:fs';
import { SNIFF_BYTES } from '../ingest/inputs/sniff.js';
import { cliLog } from './log.js';
import { telemetryArgs, type TelemetryValues } from './telemetry-args.js';
import { natsPublish } from '../app/nats.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { PUBLISH } from './specs/publish.js';
import { positiveInt, requireUrl } from './nats-args.js';
import { policyArg } from './policy-arg.js';
import { keyHorizonsOf } from '../analytics/index.js';

/** an empty file publishes nothing: the way to set the streams up (--partitions) before any input */
const blankFile = (f: string): boolean => {
  try {
    if (f === '-') return false;
    const st = statSync(f);
    // (only small files are read: a telemetry file may be gigabytes)
    return st.isFile() && (st.size === 0 || (st.size <= SNIFF_BYTES && readFileSync(f, 'utf8').trim() === ''));
  } catch { return false; }
};

export async function publishCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ nats?: string; partitions?: string; replicas?: string; 'batch-lines': string; end?: boolean; 'no-compress'?: boolean; linger: string; 'idle-flush': string; 'exact-keys'?: boolean; 'approximate-keys'?: boolean; policy?: string; lateness: string } & TelemetryValues>(PUBLISH, argv);
  const v = args.values;
  const log = cliLog(v);
  for (const n of args.notices) log.error(n);
  const url = requireUrl(v.nats);
  if (args.positionals.length === 0) throw new UsageError('publish needs at least one FILE');
  const partitions = positiveInt('partitions', v.partitions);
  const replicas = positiveInt('replicas', v.replicas);
  const batchLines = positiveInt('batch-lines', v['batch-lines'])!;
  const lingerMs = parseDuration(v.linger), idleMs = parseDuration(v['idle-flush']);
  if (lingerMs === undefined || lingerMs <= 0) throw new UsageError(`--linger: want a duration like 200ms, got '${v.linger}'`);
  if (idleMs === undefined || idleMs <= 0) throw new UsageError(`--idle-flush: want a duration like 1s, got '${v['idle-flush']}'`);
  if (v['exact-keys'] && v['approximate-keys']) throw new UsageError('--exact-keys and --approximate-keys contradict each other');
  // files are replays, where alerts should equal detect's; a pipe is a live feed, where the key
  // uses would cost latency (one more acknowledged round trip per batch)
  const exact = v['exact-keys'] || (!v['approximate-keys'] && !args.positionals.includes('-'));
  // (exact counts follow the workers' rule for key records: their policy and lateness)
  const lateness = parseDuration(v.lateness!);
  if (lateness === undefined) throw new UsageError(`--lateness: want a duration like 30s, got '${v.lateness}'`);
  const p = await policyArg(v.policy);
  if (!p) return 2;
  const exactKeys = exact ? { ...keyHorizonsOf(p.policy, lateness), lateness } : undefined;
  // every input as detect reads it (formats sniffed, --from, directories, gzip, zip), as NDJSON
  // files in argument order; blank files only set the streams up
  const given = args.positionals.filter((f) => !blankFile(f));
  const input = given.length ? await telemetryArgs(given, v, log) : undefined;
  try {
    const t0 = performance.now();
    const c = await natsPublish({ url, files: input?.files ?? [], names: input?.names ?? new Map(), ...(partitions ? { partitions } : {}), ...(replicas ? { replicas } : {}), batchLines, end: v.end === true, compress: !v['no-compress'], live: { lingerMs, idleMs }, ...(exactKeys ? { exactKeys } : {}) });
    const s = (performance.now() - t0) / 1000;
    log.info(`published ${c.lines} line(s) in ${c.batches} batch(es) to ${c.partitions} partitions in ${s.toFixed(2)} s (${Math.round(c.lines / s)} lines/s)${v.end ? ', then end-of-input' : ''}`);
    return input?.finish() ?? 0;
  } finally { await input?.cleanup(); }
}
