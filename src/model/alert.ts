// Alert contract v1 (../shared/spec/alerts-v1.md) as types.

export const FACETS = ['crypto', 'key_reuse', 'staging', 'background', 'network', 'inconsistency'] as const;
export type FacetName = (typeof FACETS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Every facet explains itself: `strength` (0..1) is how strongly it counted, `why` is a sentence
 *  with the figures, and the rest are the figures themselves. */
export interface FacetExplanation {
  strength: number;
  why: string;
  [figure: string]: unknown;
}

export interface Exposure {
  data_categories: string[];
  data_items: number;
  bytes_encrypted: number;
  bytes_staged: number;
  /** of the known sizes only: see `unsized_sends` */
  bytes_sent: number;
  /** sends whose size the source did not record (absent: none); `bytes_sent` is then a lower bound */
  unsized_sends?: number;
  destinations: string[];
  staged_paths: string[];
}

export interface Alert {
  kind: 'alert';
  analytic: 'AN1731';
  technique: 'T1521.001';
  id: string;
  /** version of this alert: grows each time the same chain is re-emitted with more evidence */
  rev: number;
  device: string;
  app: string;
  first_ts: number;
  last_ts: number;
  score: number;
  severity: Severity;
  confidence: number;
  facets: Partial<Record<FacetName, FacetExplanation>>;
  /** facets the telemetry could not show but the chain implies (e.g. encryption on a device
   *  without crypto hooks): each with `inferred: true`; they stay listed in `missing` */
  inferred?: Partial<Record<FacetName, FacetExplanation>>;
  missing: FacetName[];
  exposure: Exposure;
  evidence: string[];
  /** one-paragraph explanation for people */
  summary: string;
  /** visible facets the telemetry shows only in part (e.g. connects without bytes): half confidence */
  partly_visible?: FacetName[];
  /** with more than one source on the device: the sources whose telemetry shows each observed facet */
  facet_sources?: Partial<Record<FacetName, string[]>>;
  /** a low, labelled chain from network metadata and key events only (policy partial_chains) */
  partial_chain?: { key_made_ts: number; key_event: string; new_destination: boolean; beacon: boolean };
}
