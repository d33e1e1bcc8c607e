import { parseDuration } from '../policy/index.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describeHead, hasJsonLine, isBinary, SNIFF_BYTES } from '../ingest/inputs/sniff.js';
import { UnusableInput } from '../ingest/inputs/unusable.js';
import { natsPublish } from '../app/nats.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { PUBLISH } from './specs/publish.js';
import { positiveInt, requireUrl } from './nats-args.js';
import { policyArg } from './policy-arg.js';
import { keyHorizonsOf } from '../analytics/index.js';

/** publish sends NDJSON lines as they are: a file that cannot be telemetry fails here, before NATS */
async function publishable(files: string[]): Promise<void> {
  const bad: string[] = [];
  for (const f of files) {
    if (f === '-') continue;
    if (!existsSync(f)) { bad.push(`${f}: no such file or directory`); continue; }
    if (statSync(f).isDirectory()) { bad.push(`${f}: a directory; publish takes NDJSON files (name them)`); continue; }
    const head = readFileSync(f).subarray(0, SNIFF_BYTES);
    // an empty file publishes nothing: the way to set the streams up (--partitions) before any input
    if (head.toString('utf8').trim() === '') continue;
    if (isBinary(head) || !hasJsonLine(head)) bad.push(`${f}: ${describeHead(head)}, not telemetry v1 NDJSON (foreign formats: 'ciphertrail convert' them first)`);
  }
  if (bad.length) throw new UnusableInput(bad);
}

export async function publishCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ nats?: string; partitions?: string; replicas?: string; 'batch-lines': string; end?: boolean; 'no-compress'?: boolean; linger: string; 'idle-flush': string; 'exact-keys'?: boolean; 'approximate-keys'?: boolean; policy?: string; lateness: string }>(PUBLISH, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  const url = requireUrl(v.nats);
  if (args.positionals.length === 0) throw new UsageError('publish needs at least one FILE');
  await publishable(args.positionals);
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
  const t0 = performance.now();
  const c = await natsPublish({ url, files: args.positionals, ...(partitions ? { partitions } : {}), ...(replicas ? { replicas } : {}), batchLines, end: v.end === true, compress: !v['no-compress'], live: { lingerMs, idleMs }, ...(exactKeys ? { exactKeys } : {}) });
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(`published ${c.lines} line(s) in ${c.batches} batch(es) to ${c.partitions} partitions in ${s.toFixed(2)} s (${Math.round(c.lines / s)} lines/s)${v.end ? ', then end-of-input' : ''}\n`);
  return 0;
}
