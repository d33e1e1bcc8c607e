// One alert (+ its evidence joined to telemetry, when given) -> the incident report model.
import { FACETS, type FacetExplanation } from '../model/index.js';
import type { EvidenceItem, IncidentReport, ReportAlert } from './model.js';
import { summarize } from './summary.js';
import { overviewOf, timelineFromEvidence, timelineFromFacets } from './timeline.js';
import { assessExposure } from './exposure.js';
import { buildPlaybook } from './playbook.js';
import { indicatorsOf } from './indicators.js';

/** `items` = the alert's evidence joined to telemetry; undefined when no telemetry was given. */
export function buildReport(a: ReportAlert, items?: EvidenceItem[]): IncidentReport {
  const joined = items !== undefined && items.some((i) => i.event !== undefined);
  const evidence: EvidenceItem[] = items ?? a.evidence.map((ref) => ({ ref }));
  const exposure = assessExposure(a, evidence, items !== undefined);
  const timeline = joined ? timelineFromEvidence(evidence) : timelineFromFacets(a);
  return {
    report_version: 1,
    alert: {
      id: a.id, rev: a.rev ?? 1, device: a.device, app: a.app, severity: a.severity, score: a.score, confidence: a.confidence,
      first_ts: a.first_ts, last_ts: a.last_ts, analytic: a.analytic, technique: a.technique,
    },
    summary: summarize(a),
    facets: FACETS.flatMap((f) => {
      const seen = a.facets[f] as FacetExplanation | undefined;
      if (seen) return [{ name: f, strength: seen.strength, why: seen.why }];
      // a facet the telemetry could not show but the payloads imply (it stays in `missing`)
      const inferred = a.inferred?.[f];
      return inferred ? [{ name: f, strength: inferred.strength, why: inferred.why, inferred: true as const }] : [];
    }),
    missing: [...a.missing],
    timeline,
    overview: joined ? overviewOf(timeline, evidence) : [],
    timeline_from_telemetry: joined,
    evidence: {
      refs: a.evidence.length, resolved: evidence.filter((i) => i.event).length,
      unresolved: evidence.filter((i) => !i.event).map((i) => i.ref), truncated: a.evidence_truncated ?? 0, items: evidence,
    },
    exposure,
    playbook: buildPlaybook(a, exposure),
    indicators: indicatorsOf(a),
  };
}
