// The coverage report: per device and app which data components were present, which AN1731
// facets are therefore blind, and the fleet summary. Deterministic: sorted, no wall clock.
import type { FacetName, Policy } from '../model/index.js';
import type { CoverageAccumulator } from './accumulator.js';
import { COMPONENTS, componentsOf } from './components.js';
import { FACET_COUNT, FACET_NEEDS, INVENTORY_CLOSED_BY, facetVisibility, facetsAt, type FacetVisibility } from './facets.js';
import { K, kindList, type KindName } from './kinds.js';

export interface AppCoverage {
  app: string;
  events: number;
  kinds: KindName[];
  components: Record<string, boolean>;
  /** facets whose telemetry this app never produced (a hook may not reach it) */
  unseen_facets: FacetName[];
  /** facets this app's telemetry shows only in part */
  partly_facets: FacetName[];
  /** a sandbox run of this sample showed another app instead: its blind facets are a gap, not a clean result */
  sample_not_run?: true;
}

export interface DeviceCoverage {
  device: string;
  events: number;
  kinds: KindName[];
  components: Record<string, boolean>;
  /** facets the engine lists in `missing` on this device: it cannot fire them there */
  blind_facets: FacetName[];
  /** facets the sources show only in part (the engine's `partly_visible`: half confidence) */
  partly_facets: FacetName[];
  /** each facet: visible, partly or blind */
  facets: Record<FacetName, FacetVisibility>;
  /** (visible facets + half the partly visible ones) / 6, in percent */
  score: number;
  apps: AppCoverage[];
}

export interface CoverageSummary {
  devices: number;
  apps: number;
  pairs: number;
  events: number;
  first_ts: number | null;
  last_ts: number | null;
  /** mean device score, percent */
  coverage_score: number;
  fully_visible_devices: number;
  components: { id: string; name: string; telemetry: string; devices: number; percent: number }[];
  facets: { facet: FacetName; blind_devices: number; percent: number; partly_devices: number; partly_percent: number; closed_by: string }[];
  findings: string[];
}

export interface CoverageReport {
  kind: 'coverage';
  analytic: 'AN1731';
  technique: 'T1521.001';
  summary: CoverageSummary;
  devices: DeviceCoverage[];
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);
const byName = <T>(f: (x: T) => string) => (a: T, b: T) => (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0);

/** `inconsistency` is visible for an app when the policy has an inventory or the sensor sent
 *  inventory facts (app.info approved/installer), as the engine's verdictOf decides. */
export function buildCoverage(acc: CoverageAccumulator, policy: Policy): CoverageReport {
  const inventory = policy.apps.length > 0;
  const devices: DeviceCoverage[] = [];
  for (const [device, d] of acc.devices) {
    const apps: AppCoverage[] = [];
    let anyKnown = inventory;
    for (const [app, p] of d.apps) {
      const known = inventory || (p.bits & K.inventory_fact) !== 0;
      if (known) anyKnown = true;
      const v = facetVisibility(p.bits, known);
      apps.push({
        app, events: p.events, kinds: kindList(p.bits), components: componentsOf(p.bits), unseen_facets: facetsAt(v, 'blind'), partly_facets: facetsAt(v, 'partly'),
        ...((p.bits & K.sample_not_run) !== 0 ? { sample_not_run: true as const } : {}),
      });
    }
    apps.sort(byName((a) => a.app));
    const v = facetVisibility(d.bits, anyKnown);
    const blind = facetsAt(v, 'blind'), partly = facetsAt(v, 'partly');
    devices.push({
      device, events: d.events, kinds: kindList(d.bits), components: componentsOf(d.bits), blind_facets: blind, partly_facets: partly, facets: v,
      score: Math.round(((FACET_COUNT - blind.length - partly.length / 2) / FACET_COUNT) * 1000) / 10, apps,
    });
  }
  devices.sort(byName((d) => d.device));
  const n = devices.length;
  const components = COMPONENTS.map((c) => {
    const have = devices.filter((d) => d.components[c.id]).length;
    return { id: c.id, name: c.name, telemetry: c.types, devices: have, percent: pct(have, n) };
  });
  const facetNames: FacetName[] = [...FACET_NEEDS.map((f) => f.facet), 'inconsistency'];
  const facets = facetNames.map((facet) => {
    const blind = devices.filter((d) => d.blind_facets.includes(facet)).length;
    const partly = devices.filter((d) => d.partly_facets.includes(facet)).length;
    const closedBy = FACET_NEEDS.find((x) => x.facet === facet)?.closedBy ?? INVENTORY_CLOSED_BY;
    return { facet, blind_devices: blind, percent: pct(blind, n), partly_devices: partly, partly_percent: pct(partly, n), closed_by: closedBy };
  });
  const pairs = devices.reduce((s, d) => s + d.apps.length, 0);
  const apps = new Set(devices.flatMap((d) => d.apps.map((a) => a.app))).size;
  return {
    kind: 'coverage', analytic: 'AN1731', technique: 'T1521.001',
    summary: {
      devices: n, apps, pairs, events: acc.events,
      first_ts: Number.isFinite(acc.firstTs) ? acc.firstTs : null,
      last_ts: Number.isFinite(acc.lastTs) ? acc.lastTs : null,
      coverage_score: n === 0 ? 0 : Math.round((devices.reduce((s, d) => s + d.score, 0) / n) * 10) / 10,
      fully_visible_devices: devices.filter((d) => d.blind_facets.length === 0 && d.partly_facets.length === 0).length,
      components, facets, findings: [...findings(facets, n), ...notRun(devices)],
    },
    devices,
  };
}

const PARTLY_WHY: Partial<Record<FacetName, string>> = {
  key_reuse: 'Keystore keys by alias: made, not used',
  background: 'lock state and process starts, not the app\'s own state or user interaction',
  network: 'destinations and timing, no bytes, TLS or payload',
};

/** sandbox runs whose sample never ran: said apart, so that a blind sample is not read as clean */
function notRun(devices: DeviceCoverage[]): string[] {
  const pairs = devices.flatMap((d) => d.apps.filter((a) => a.sample_not_run).map((a) => `${a.app} on ${d.device}`));
  if (pairs.length === 0) return [];
  return [`${pairs.length} sandbox run(s) never ran their sample (another app's events instead): ${pairs.slice(0, 5).join(', ')}${pairs.length > 5 ? ` and ${pairs.length - 5} more` : ''}; nothing about these samples is visible, which is not a clean result`];
}

function findings(facets: CoverageSummary['facets'], n: number): string[] {
  if (n === 0) return ['no telemetry: AN1731 is blind everywhere'];
  const out: string[] = [];
  for (const f of facets) {
    if (f.partly_devices > 0) out.push(`${f.partly_percent}% of devices (${f.partly_devices}/${n}) show ${f.facet} only in part (${PARTLY_WHY[f.facet] ?? 'partial telemetry'}): closed by ${f.closed_by}`);
    if (f.blind_devices === 0) continue;
    const need = FACET_NEEDS.find((x) => x.facet === f.facet);
    const head = `${f.percent}% of devices (${f.blind_devices}/${n})`;
    if (f.facet === 'crypto') out.push(`${head} send no crypto telemetry: AN1731 is blind there (a chain needs its encryption end; send-only chains stay below high)`);
    else if (f.facet === 'network') out.push(`${head} send no network telemetry: AN1731 cannot see the transmission end there (encrypt-only chains are capped)`);
    else if (f.facet === 'inconsistency') out.push(`${head} have no inventory facts (policy apps or app.info approved/installer): inconsistency cannot fire there`);
    else out.push(`${head} send no ${need!.telemetry}: ${f.facet} cannot fire there`);
    out[out.length - 1] += `; closed by ${f.closed_by}`;
  }
  if (out.length === 0) out.push(`every device (${n}) sends the telemetry all six facets need`);
  return out;
}
