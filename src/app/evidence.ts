// Composition root of `detect --evidence`: after the detect run, digests the inputs, takes the
// coverage and time span in a second read of the same inputs, and appends the sealed record.
// detect itself is not changed: its result (counts, late) and the alerts seen by the sink suffice.
import type { ReadEventsOptions } from '../ingest/read-events.js';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Alert, Policy, Severity } from '../model/index.js';
import { SEVERITIES } from '../model/index.js';
import type { Sink } from '../sinks/sink.js';
import type { DetectResult, EventSource } from './detect.js';
import { runCoverage } from './coverage.js';
import { appendEvidence, policySection, sha256Hex, type EvidenceRecord, type EvidenceSections } from '../evidence/index.js';

export const ENGINE_VERSION = '0.1.0';

/** Wraps the detect sink and counts final alerts by severity (the latest version of each id). */
export class SeverityCounter implements Sink {
  private readonly latest = new Map<string, Severity>();
  constructor(private readonly inner: Sink) {}
  write(alert: Alert): void { this.latest.set(alert.id, alert.severity); this.inner.write(alert); }
  close(): Promise<void> { return this.inner.close(); }
  summary(): EvidenceSections['alerts'] {
    const by = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    let max = -1;
    for (const s of this.latest.values()) { by[s]++; max = Math.max(max, SEVERITIES.indexOf(s)); }
    return { total: this.latest.size, by_severity: by, max_severity: max >= 0 ? SEVERITIES[max] : null };
  }
}

export interface EvidenceOptions {
  out: string;
  recordTime: string;
  key?: Buffer;
  files: string[];
  /** the files as the user named them, digested (default: files) */
  inputs?: string[];
  /** how files are read: their names (archive members, adapter output) */
  read?: ReadEventsOptions;
  source?: EventSource;
  policy: Policy;
  policyPath?: string;
  lateness: number;
  result: DetectResult;
  alerts: EvidenceSections['alerts'];
}

async function fileDigest(path: string): Promise<{ file: string; bytes: number; sha256: string }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) { h.update(chunk as Buffer); bytes += (chunk as Buffer).length; }
  return { file: path, bytes, sha256: h.digest('hex') };
}

export async function writeEvidence(o: EvidenceOptions): Promise<EvidenceRecord> {
  const inputs = [];
  for (const f of o.inputs ?? o.files) inputs.push(await fileDigest(f));
  const { report } = await runCoverage({ files: o.files, policy: o.policy, log: () => {}, rejectReportLimit: 0, ...(o.source ? { source: o.source } : {}), ...(o.read ? { read: { names: o.read.names } } : {}) });
  const s = report.summary;
  const c = o.result.ingest;
  const sections: EvidenceSections = {
    engine: { name: 'ciphertrail', version: ENGINE_VERSION, analytic: 'AN1731', technique: 'T1521.001' },
    policy: policySection(o.policy, o.policyPath ?? null, o.policyPath ? sha256Hex(await readFile(o.policyPath)) : null, o.lateness),
    inputs,
    counts: { lines: c.lines, accepted: c.accepted, rejected: c.rejected, blank: c.blank, late: o.result.engine.late },
    span: s.first_ts !== null && s.last_ts !== null ? { first_ts: s.first_ts, last_ts: s.last_ts, first: new Date(s.first_ts).toISOString(), last: new Date(s.last_ts).toISOString() } : null,
    coverage: {
      devices: s.devices, pairs: s.pairs, coverage_score: s.coverage_score, fully_visible_devices: s.fully_visible_devices,
      blind_percent: Object.fromEntries(s.facets.map((f) => [f.facet, f.percent])), findings: s.findings,
    },
    alerts: o.alerts,
  };
  return appendEvidence(o.out, sections, o.recordTime, o.key);
}
