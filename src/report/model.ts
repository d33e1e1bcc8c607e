// The incident report as data: what every renderer (md, html, json) and the STIX bundle read.
// Built from one alert (contract v1) and, when given, the telemetry lines its evidence points to.
import type { Alert, FacetName, TelemetryEvent } from '../model/index.js';

/** One evidence reference of the alert, joined back to its telemetry line when it was found. */
export interface EvidenceItem {
  ref: string;
  /** the telemetry event, as normalised by the project's validator (absent when not found) */
  event?: TelemetryEvent;
  /** where it was read: file name (basename, stable across machines) and 1-based line */
  source?: { file: string; line: number };
}

export type Phase = 'context' | 'inventory' | 'collect' | 'key' | 'encrypt' | 'stage' | 'send' | 'cleanup';

export interface TimelineStep {
  n: number;
  phase: Phase;
  /** epoch ms of the first event of the step; null when the telemetry was not joined */
  ts: number | null;
  last_ts: number | null;
  what: string;
  /** evidence refs (event ids or file:line) of this step, in time order */
  refs: string[];
  /** file:line of each ref when the telemetry was joined */
  sources: { file: string; line: number }[];
}

/** The chain at a glance: one row per phase, from the joined telemetry. */
export interface PhaseOverview {
  phase: Phase;
  first_ts: number;
  last_ts: number;
  events: number;
  what: string;
  /** the first evidence of the phase (ref and its file:line when known) */
  first_ref: string;
  first_source: { file: string; line: number } | null;
}

export interface DestinationExposure {
  destination: string;
  host: string;
  port: number | null;
  kind: 'domain' | 'ipv4' | 'ipv6';
  /** from the joined telemetry only (null without it) */
  sends: number | null;
  bytes_sent: number | null;
  /** of those sends, how many had no recorded size (null without the telemetry) */
  unsized_sends: number | null;
  /** the app's inventory entry does not expect it (from the inconsistency facet) */
  unexpected: boolean;
}

export type Sensitivity = 'personal' | 'credentials' | 'device';

export interface ExposureAssessment {
  data_categories: { category: string; sensitivity: Sensitivity }[];
  data_items: number;
  bytes_encrypted: number;
  bytes_staged: number;
  bytes_sent: number;
  /** sends whose size the source did not record: `bytes_sent` is a lower bound */
  unsized_sends: number;
  /** no crypto telemetry: `bytes_encrypted` is unknown, not 0 */
  encrypted_unknown: boolean;
  destinations: DestinationExposure[];
  staged_paths: string[];
  period: { first_ts: number; last_ts: number; duration_ms: number };
  /** sentences: what the figures say */
  statements: string[];
  /** sentences: what cannot be known from this alert and telemetry */
  unknowns: string[];
}

export type PlaybookPhase = 'contain' | 'investigate' | 'eradicate' | 'recover' | 'notify';
export type Role = 'SOC analyst' | 'MDM admin' | 'network team' | 'app owner' | 'DPO/legal';

export interface PlaybookStep {
  order: number;
  phase: PlaybookPhase;
  role: Role;
  action: string;
  /** the figure of the alert that calls for this step */
  why: string;
}

export interface KeyIndicator { key_fp: string; alg: string | null; origin: string | null; uses: number | null; devices: number | null }

export interface Indicators {
  package: string;
  signer: string | null;
  destinations: { value: string; kind: 'domain' | 'ipv4' | 'ipv6'; ports: number[] }[];
  key_fingerprints: KeyIndicator[];
  /** destinations the genuine app expects (inventory): reported, not shared as indicators */
  excluded_destinations: string[];
  /** false for a repackaged clone: the package name is the genuine app's, only package + signer
   *  together identify the clone */
  package_alone: boolean;
}

export interface IncidentReport {
  report_version: 1;
  alert: {
    id: string; rev: number; device: string; app: string; severity: string; score: number; confidence: number;
    first_ts: number; last_ts: number; analytic: string; technique: string;
  };
  summary: { headline: string; paragraphs: string[]; declared_function: string | null; why_not_declared: string[] };
  /** the facets that fired, and those inferred (`inferred: true`, also listed in `missing`) */
  facets: { name: FacetName; strength: number; why: string; inferred?: true }[];
  missing: FacetName[];
  timeline: TimelineStep[];
  /** empty without telemetry */
  overview: PhaseOverview[];
  /** true when the evidence refs were joined to telemetry lines */
  timeline_from_telemetry: boolean;
  evidence: { refs: number; resolved: number; unresolved: string[]; truncated: number; items: EvidenceItem[] };
  exposure: ExposureAssessment;
  playbook: PlaybookStep[];
  indicators: Indicators;
}

export type ReportAlert = Alert & { evidence_truncated?: number };

/** is this missing facet inferred in the report's facet rows? */
export const inferredToo = (r: Pick<IncidentReport, 'facets'>, f: FacetName): boolean => r.facets.some((x) => x.name === f && x.inferred === true);
