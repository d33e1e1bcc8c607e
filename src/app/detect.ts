// Composition root of `ciphertrail detect`: reader -> engine -> sink, plus dead letters, stats
// and progress. The only place that wires these stages together for a file run.
import type { Accepted, Alert, Policy, Severity } from '../model/index.js';
import { SEVERITIES, formatIssue } from '../model/index.js';
import { pushEvents, type IngestCounters, type ReadEventsOptions, type Rejected } from '../ingest/read-events.js';
import { Engine, type EngineStats } from '../analytics/index.js';
import type { Sink } from '../sinks/sink.js';
import { DeadLetterSink } from '../sinks/dead-letter.js';
import type { Baseline } from '../baseline/types.js';

/** where accepted events come from: NDJSON files by default, or an adapter (`--from`) */
export type EventSource = (onReject: (r: Rejected) => void, counters: IngestCounters) => AsyncIterable<Accepted[]>;

export interface DetectOptions {
  files: string[];
  source?: EventSource;
  policy: Policy;
  /** fleet baseline: departures score higher, the fleet norm lower */
  baseline?: Baseline;
  lateness: number;
  sink: Sink;
  /** write every version of a growing alert, not only the final one */
  updates?: boolean;
  /** every version as the engine makes it (forwarding filters for itself) */
  onVersion?: (alert: Alert, final: boolean) => void;
  deadLetter?: string;
  /** longest NDJSON line read (default MAX_LINE_LENGTH) */
  maxLineLength?: number;
  /** names of the files in messages, and per-file counts */
  read?: ReadEventsOptions;
  /** where human diagnostics go (stderr) */
  log: (line: string) => void;
  /** how many rejected lines to describe one by one before summarising */
  rejectReportLimit?: number;
  progress?: (counters: IngestCounters) => void;
  /** filled with the (device, app) pairs seen, as `device\u0000app`, for a summary of the quiet ones */
  seenApps?: Set<string>;
}

export interface DetectResult {
  ingest: IngestCounters;
  engine: EngineStats;
  alerts: number;
  maxSeverity?: Severity;
  liveContexts: number;
}

export async function runDetect(o: DetectOptions): Promise<DetectResult> {
  let maxSev = -1;
  let alerts = 0;
  const engine = new Engine({
    policy: o.policy,
    ...(o.baseline ? { baseline: o.baseline } : {}),
    lateness: o.lateness,
    onAlert: ({ alert, final }) => {
      o.onVersion?.(alert as Alert, final);
      if (!final && !o.updates) return;
      if (final) {
        alerts++;
        maxSev = Math.max(maxSev, SEVERITIES.indexOf(alert.severity));
      }
      o.sink.write(alert as Alert);
    },
  });
  const dead = o.deadLetter ? new DeadLetterSink(o.deadLetter) : undefined;
  const limit = o.rejectReportLimit ?? 100;
  let reported = 0;
  const counters: IngestCounters = { lines: 0, accepted: 0, rejected: 0, blank: 0 };
  const onReject = (r: Rejected) => {
    dead?.write(r);
    if (reported++ < limit) o.log(formatIssue(r.issue));
  };
  const seen = o.seenApps;
  const push = seen ? (x: Accepted) => { const app = x.app ?? x.event.app; if (app !== undefined) seen.add((x.device ?? x.event.device) + '\u0000' + app); engine.push(x); } : (x: Accepted) => engine.push(x);
  if (o.source) {
    for await (const batch of o.source(onReject, counters)) {
      for (const x of batch) push(x);
      o.progress?.(counters);
    }
  } else {
    // NDJSON files: each event goes to the engine as soon as it is validated (no batch held)
    const progress = o.progress;
    await pushEvents(o.files, onReject, counters, push, progress ? () => progress(counters) : undefined,
      { ...o.read, ...(o.maxLineLength ? { maxLineLength: o.maxLineLength } : {}) });
  }
  engine.end();
  await dead?.close();
  if (counters.rejected > limit) o.log(`… ${counters.rejected - limit} more rejected line(s)${o.deadLetter ? ` (all in ${o.deadLetter})` : ' (use --dead-letter FILE to keep them)'}`);
  if (counters.rejected > 0) o.log(`${counters.rejected} line(s) rejected, ${counters.accepted} accepted`);
  await o.sink.close();
  return {
    ingest: counters,
    engine: engine.stats,
    alerts,
    liveContexts: engine.liveContexts,
    ...(maxSev >= 0 ? { maxSeverity: SEVERITIES[maxSev] } : {}),
  };
}
