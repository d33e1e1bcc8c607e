import { createWriteStream, existsSync, statSync } from 'node:fs';
import { SEVERITIES, type Severity } from '../model/index.js';
import { parseDuration } from '../policy/index.js';
import { policyArg } from './policy-arg.js';
import { runDetect } from '../app/detect.js';
import { NdjsonSink } from '../sinks/ndjson-sink.js';
import { TableSink } from '../sinks/table-sink.js';
import { UsageError } from './usage-error.js';
import { progressReporter } from './progress.js';
import { SeverityCounter, writeEvidence } from '../app/evidence.js';
import { hmacKey, recordTime } from './evidence-args.js';
import { loadBaselineOrThrow } from '../app/baseline.js';
import { parseCommand } from './options/parse.js';
import { DETECT } from './specs/detect.js';
import { cliLog } from './log.js';
import { telemetryArgs, type TelemetryValues } from './telemetry-args.js';
import { sizeArg } from './size-arg.js';
import { forwardArgs } from './forward-args.js';

interface DetectValues extends TelemetryValues {
  policy?: string; format: 'ndjson' | 'table' | 'ocsf'; out?: string; baseline?: string; lateness: string;
  'dead-letter'?: string; 'max-line-length'?: string; 'fail-on'?: Severity; stats?: boolean; updates?: boolean;
  evidence?: string; 'evidence-time'?: string; 'evidence-key-file'?: string;
  forward?: string[]; 'forward-config'?: string; 'forward-secret-file'?: string; 'forward-wait': string;
}

/** `--evidence` needs files it can read again (digests, coverage): not stdin */
function evidenceArgs(v: DetectValues, files: string[]): { time: string; key?: Buffer } {
  if (files.includes('-')) throw new UsageError('detect: --evidence needs input files (it digests them), not stdin');
  if (files.some((f) => existsSync(f) && statSync(f).isDirectory())) throw new UsageError('detect: --evidence digests each input file: name the files, not a directory');
  const key = hmacKey(v['evidence-key-file'], process.env);
  return { time: recordTime(v['evidence-time'], process.env, Date.now), ...(key ? { key } : {}) };
}

const shell = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** the incident report of the top alert: the same detect, as alerts NDJSON, then report */
function nextCommand(paths: string[], v: DetectValues, id: string): string {
  const opts = (['policy', 'baseline', 'from', 'glob', 'device', 'app'] as const).flatMap((k) => (v[k] ? [`--${k}`, shell(String(v[k]))] : []));
  return `ciphertrail detect ${[...paths.map(shell), ...opts].join(' ')} -o alerts.ndjson && ciphertrail report alerts.ndjson --id ${id} -f html,md --out-dir reports`;
}

export async function detectCommand(argv: string[]): Promise<number> {
  const { values: v, positionals: paths, notices } = parseCommand<DetectValues>(DETECT, argv);
  const log = cliLog(v);
  for (const n of notices) log.error(n);
  if (paths.length === 0) throw new UsageError('detect: give at least one FILE or DIR (or - for stdin)');
  const lateness = parseDuration(v.lateness);
  if (lateness === undefined) throw new UsageError(`detect: --lateness: want a duration like 30s, 500ms, 2m, got '${v.lateness}'`);
  const maxLineLength = v['max-line-length'] === undefined ? undefined : sizeArg('max-line-length', v['max-line-length']);
  const forwardWait = parseDuration(v['forward-wait']);
  if (forwardWait === undefined) throw new UsageError(`detect: --forward-wait: want a duration like 30s, got '${v['forward-wait']}'`);
  const forwardSetup = await forwardArgs(v);
  if (forwardSetup === null) return 2;
  const evidence = v.evidence ? evidenceArgs(v, paths) : undefined;
  const p = await policyArg(v.policy);
  if (!p) return 2;
  const policy = p.policy;
  const baseline = v.baseline ? await loadBaselineOrThrow(v.baseline) : undefined;
  const input = await telemetryArgs(paths, v, log);
  try {
    const out = v.out ? createWriteStream(v.out) : process.stdout;
    const seenApps = v.format === 'table' ? new Set<string>() : undefined;
    // the OCSF mapping is loaded only for SIEM output
    const sink = v.format === 'table' ? new TableSink(out, Boolean(v.out), { seenApps: seenApps!, next: (top) => nextCommand(paths, v, top.id) })
      : v.format === 'ocsf' ? new (await import('../sinks/ocsf-sink.js')).OcsfSink(out, Boolean(v.out))
        : new NdjsonSink(out, Boolean(v.out));
    const progress = process.stderr.isTTY && !log.quiet ? progressReporter() : undefined;
    const counted = evidence ? new SeverityCounter(sink) : undefined;
    const forward = forwardSetup ? await (await import('../app/forward-detect.js')).DetectForwarding.open(forwardSetup, log.error) : undefined;
    const result = await runDetect({
      ...(forward ? { onVersion: forward.push } : {}),
      files: input.files, read: input.read, ...(input.source ? { source: input.source } : {}), policy, lateness, sink: counted ?? sink, ...(baseline ? { baseline } : {}), updates: v.updates === true,
      ...(v['dead-letter'] ? { deadLetter: v['dead-letter'] } : {}),
      ...(maxLineLength ? { maxLineLength } : {}),
      ...(seenApps ? { seenApps } : {}),
      log: log.error,
      ...(progress ? { progress: progress.tick } : {}),
    });
    progress?.done();
    if (v.stats) {
      const mem = process.memoryUsage();
      log.error(JSON.stringify({
        kind: 'stats', ingest: result.ingest, engine: result.engine, alerts: result.alerts,
        live_contexts_at_end: result.liveContexts,
        max_rss_bytes: process.resourceUsage().maxRSS * 1024, heap_used_bytes: mem.heapUsed,
      }));
    }
    if (evidence && counted) {
      const rec = await writeEvidence({
        out: v.evidence!, recordTime: evidence.time, ...(evidence.key ? { key: evidence.key } : {}),
        files: input.files, read: input.read, inputs: paths, ...(input.source ? { source: input.source } : {}),
        policy, ...(v.policy ? { policyPath: v.policy } : {}), lateness, result, alerts: counted.summary(),
      });
      log.info(`evidence: record ${rec.seq} appended to ${v.evidence}, hash ${rec.hash}${rec.signature ? ' (HMAC-signed)' : ''}`);
    }
    if (forward && !(await forward.finish(forwardWait))) return 3;
    const unusable = input.finish();
    if (unusable !== undefined) return unusable;
    if (v['fail-on'] && result.maxSeverity && SEVERITIES.indexOf(result.maxSeverity) >= SEVERITIES.indexOf(v['fail-on'])) return 1;
    return 0;
  } finally {
    await input.cleanup();
  }
}
