import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { fpSecretFromEnv } from './fp-secret.js';
import { SEVERITIES, formatIssue, type Severity } from '../model/index.js';
import { parseDuration } from '../policy/index.js';
import { policyArg } from './policy-arg.js';
import { runDetect, type EventSource } from '../app/detect.js';
import { readAdapted } from '../ingest/read-adapted.js';
import { NdjsonSink } from '../sinks/ndjson-sink.js';
import { TableSink } from '../sinks/table-sink.js';
import { DETECT_HELP } from './usage.js';
import { UsageError } from './usage-error.js';
import { progressReporter } from './progress.js';
import { SeverityCounter, writeEvidence } from '../app/evidence.js';
import { hmacKey, recordTime } from './evidence-args.js';

/** `--evidence` needs files it can read again (digests, coverage): not stdin */
function evidenceArgs(v: { 'evidence-time'?: string; 'evidence-key-file'?: string }, files: string[]): { time: string; key?: Buffer } {
  if (files.includes('-')) throw new UsageError('--evidence needs input files (it digests them), not stdin', DETECT_HELP);
  const key = hmacKey(v['evidence-key-file'], process.env);
  return { time: recordTime(v['evidence-time'], process.env, Date.now), ...(key ? { key } : {}) };
}
import { loadBaselineOrThrow } from '../app/baseline.js';
import { FORWARD_OPTIONS, forwardArgs } from './forward-args.js';

/** 1m, 512k, 1048576 */
function sizeArg(s: string): number {
  const m = /^(\d+)([kmg]?)b?$/i.exec(s.trim());
  if (!m || Number(m[1]) === 0) throw new UsageError(`--max-line-length: want a size like 1m, 512k or a number, got '${s}'`, DETECT_HELP);
  return Number(m[1]) * ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[m[2].toLowerCase()];
}

export async function detectCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        policy: { type: 'string' }, format: { type: 'string', default: 'ndjson' }, lateness: { type: 'string', default: '30s' },
        'dead-letter': { type: 'string' }, 'max-line-length': { type: 'string' }, 'fail-on': { type: 'string' }, stats: { type: 'boolean', default: false },
        updates: { type: 'boolean', default: false },
        baseline: { type: 'string' },
        from: { type: 'string' }, device: { type: 'string' }, app: { type: 'string' },
        evidence: { type: 'string' }, 'evidence-time': { type: 'string' }, 'evidence-key-file': { type: 'string' },
        ...FORWARD_OPTIONS, 'forward-wait': { type: 'string', default: '30s' },
      },
    });
  } catch (e) { throw new UsageError((e as Error).message, DETECT_HELP); }
  const v = args.values;
  const files = args.positionals;
  if (files.length === 0) throw new UsageError('detect needs at least one FILE (or - for stdin)', DETECT_HELP);
  for (const f of files) if (f !== '-' && !existsSync(f)) throw new UsageError(`input file not found: ${f}`);
  if (v.format !== 'ndjson' && v.format !== 'table' && v.format !== 'ocsf') throw new UsageError(`--format: want ndjson, table or ocsf, got '${v.format}'`, DETECT_HELP);
  if (v.from && files.includes('-')) throw new UsageError('--from reads files, not stdin', DETECT_HELP);
  const lateness = parseDuration(v.lateness);
  if (lateness === undefined) throw new UsageError(`--lateness: want a duration like 30s, 500ms, 2m, got '${v.lateness}'`, DETECT_HELP);
  const maxLineLength = v['max-line-length'] === undefined ? undefined : sizeArg(v['max-line-length']);
  let failOn: Severity | undefined;
  if (v['fail-on'] !== undefined) {
    if (!SEVERITIES.includes(v['fail-on'] as Severity)) throw new UsageError(`--fail-on: want one of ${SEVERITIES.join('|')}, got '${v['fail-on']}'`, DETECT_HELP);
    failOn = v['fail-on'] as Severity;
  }
  const forwardWait = parseDuration(v['forward-wait']);
  if (forwardWait === undefined) throw new UsageError(`--forward-wait: want a duration like 30s, got '${v['forward-wait']}'`, DETECT_HELP);
  const forwardSetup = await forwardArgs(v);
  if (forwardSetup === null) return 2;
  const p = await policyArg(v.policy);
  if (!p) return 2;
  const policy = p.policy;
  const baseline = v.baseline ? await loadBaselineOrThrow(v.baseline) : undefined;
  // the OCSF mapping is loaded only for SIEM output
  const sink = v.format === 'table' ? new TableSink(process.stdout)
    : v.format === 'ocsf' ? new (await import('../sinks/ocsf-sink.js')).OcsfSink(process.stdout)
      : new NdjsonSink(process.stdout);
  const log = (l: string) => process.stderr.write(l + '\n');
  const source: EventSource | undefined = v.from
    ? (onReject, counters) => readAdapted(files, {
      format: v.from!, ...(v.device ? { device: v.device } : {}), ...(v.app ? { app: v.app } : {}), fpSecret: fpSecretFromEnv(),
      onIssue: (i) => log(formatIssue(i)),
      onNote: (f, a, n) => log(`${f} (${a}): ${n}`),
    }, onReject, counters)
    : undefined;
  const progress = process.stderr.isTTY ? progressReporter() : undefined;
  const evidence = v.evidence ? evidenceArgs(v, files) : undefined;
  const counted = evidence ? new SeverityCounter(sink) : undefined;
  const forward = forwardSetup ? await (await import('../app/forward-detect.js')).DetectForwarding.open(forwardSetup, log) : undefined;
  const result = await runDetect({
    files, policy, lateness, sink: counted ?? sink, ...(baseline ? { baseline } : {}), updates: v.updates, ...(source ? { source } : {}),
    ...(forward ? { onVersion: forward.push } : {}),
    ...(v['dead-letter'] ? { deadLetter: v['dead-letter'] } : {}),
    ...(maxLineLength ? { maxLineLength } : {}),
    log,
    ...(progress ? { progress: progress.tick } : {}),
  });
  progress?.done();
  if (v.stats) {
    const mem = process.memoryUsage();
    process.stderr.write(JSON.stringify({
      kind: 'stats', ingest: result.ingest, engine: result.engine, alerts: result.alerts,
      live_contexts_at_end: result.liveContexts,
      max_rss_bytes: process.resourceUsage().maxRSS * 1024, heap_used_bytes: mem.heapUsed,
    }) + '\n');
  }
  if (evidence && counted) {
    const rec = await writeEvidence({
      out: v.evidence!, recordTime: evidence.time, ...(evidence.key ? { key: evidence.key } : {}), files,
      // the second read (coverage) is quiet: its issues were reported by the run
      ...(v.from ? { source: (onReject, counters) => readAdapted(files, { format: v.from!, ...(v.device ? { device: v.device } : {}), ...(v.app ? { app: v.app } : {}), fpSecret: fpSecretFromEnv(), onIssue: () => {}, onNote: () => {} }, onReject, counters) } satisfies { source: EventSource } : {}),
      policy, ...(v.policy ? { policyPath: v.policy } : {}), lateness, result, alerts: counted.summary(),
    });
    log(`evidence: record ${rec.seq} appended to ${v.evidence}, hash ${rec.hash}${rec.signature ? ' (HMAC-signed)' : ''}`);
  }
  if (forward && !(await forward.finish(forwardWait))) return 3;
  if (failOn && result.maxSeverity && SEVERITIES.indexOf(result.maxSeverity) >= SEVERITIES.indexOf(failOn)) return 1;
  return 0;
}
