// Composition root of `ciphertrail coverage` (and of the coverage part of `detect --evidence`):
// reader -> coverage accumulator -> report. Rejected lines are reported like detect does.
import type { Policy } from '../model/index.js';
import { formatIssue } from '../model/index.js';
import { pushEvents, type IngestCounters, type ReadEventsOptions, type Rejected } from '../ingest/read-events.js';
import { CoverageAccumulator, buildCoverage, type CoverageReport } from '../coverage/index.js';
import type { EventSource } from './detect.js';

export interface CoverageOptions {
  files: string[];
  source?: EventSource;
  policy: Policy;
  read?: ReadEventsOptions;
  log: (line: string) => void;
  /** how many rejected lines to describe one by one (default 100); 0 reports only the count */
  rejectReportLimit?: number;
}

export interface CoverageRun { report: CoverageReport; ingest: IngestCounters }

export async function runCoverage(o: CoverageOptions): Promise<CoverageRun> {
  const acc = new CoverageAccumulator();
  const counters: IngestCounters = { lines: 0, accepted: 0, rejected: 0, blank: 0 };
  const limit = o.rejectReportLimit ?? 100;
  let reported = 0;
  const onReject = (r: Rejected) => { if (reported++ < limit) o.log(formatIssue(r.issue)); };
  if (o.source) {
    for await (const batch of o.source(onReject, counters)) for (const x of batch) acc.add(x.event);
  } else {
    await pushEvents(o.files, onReject, counters, (x) => acc.add(x.event), undefined, o.read);
  }
  if (counters.rejected > 0 && limit > 0) o.log(`${counters.rejected} line(s) rejected, ${counters.accepted} accepted`);
  return { report: buildCoverage(acc, o.policy), ingest: counters };
}
