// The chain as a timeline. With telemetry: the evidence events in time order, consecutive events
// of the same kind folded into one step, each step keeping its refs and file:line. Without: the
// stages of the chain as the facets tell them (times unknown), with every ref listed under them.
import type { TelemetryEvent, FacetExplanation, FacetName } from '../model/index.js';
import type { EvidenceItem, Phase, PhaseOverview, ReportAlert, TimelineStep } from './model.js';
import { fmtBytes, shortFp } from './format.js';

const PHASE: Record<string, Phase> = {
  'app.info': 'inventory', 'app.state': 'context', 'device.state': 'context', 'user.interaction': 'context',
  'data.access': 'collect', 'crypto.key': 'key', 'crypto.op': 'encrypt', 'file.write': 'stage',
  'file.delete': 'cleanup', 'net.send': 'send',
};

/** A sentence for one event (fingerprints only: telemetry carries no key bytes or plaintext). */
export function describeEvent(e: TelemetryEvent): string {
  const x = e as unknown as Record<string, unknown>;
  const n = (k: string) => (typeof x[k] === 'number' ? (x[k] as number) : undefined);
  const s = (k: string) => (typeof x[k] === 'string' ? (x[k] as string) : undefined);
  switch (e.type) {
    case 'data.access': {
      const parts = [n('items') !== undefined ? `${n('items')} items` : '', n('bytes') !== undefined ? fmtBytes(n('bytes')!) : ''].filter(Boolean);
      return `read ${s('category')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
    }
    case 'crypto.key':
      return `key ${shortFp(s('key_fp') ?? '')} comes into use (${s('alg')}${n('bits') ? `-${n('bits')}` : ''}, origin ${s('origin') ?? 'unknown'}${x.hw_backed ? ', hardware-backed' : ''}${s('kdf') ? `, ${s('kdf')}` : ''})`;
    case 'crypto.op':
      return `${s('dir')} ${s('alg')}${s('mode') ? `/${s('mode')}` : ''}${n('in_bytes') !== undefined ? ` ${fmtBytes(n('in_bytes')!)}` : ''}${n('out_bytes') !== undefined ? ` → ${fmtBytes(n('out_bytes')!)}` : ''}${s('key_fp') ? ` with key ${shortFp(s('key_fp')!)}` : ''}`;
    case 'file.write':
      return `wrote ${s('path')} (${fmtBytes(n('bytes') ?? 0)}${n('entropy') !== undefined ? `, entropy ${n('entropy')}` : ''})`;
    case 'file.delete':
      return `deleted ${s('path')}`;
    case 'net.send': {
      const dst = `${s('dst_host') ?? s('dst_ip')}${n('dst_port') !== undefined ? `:${n('dst_port')}` : ''}`;
      const p = x.payload as Record<string, unknown> | undefined;
      const feats = p ? [p.format, p.entropy !== undefined ? `entropy ${p.entropy}` : '', p.b64_fields ? `${p.b64_fields} base64 field(s)` : ''].filter(Boolean).join(', ') : '';
      const http = s('method') ? ` ${s('method')} ${s('path') ?? ''}`.trimEnd() : '';
      return `sent ${fmtBytes(n('bytes_out') ?? 0)} to ${dst}${s('proto') ? ` over ${s('proto')}` : ''}${x.tls === false ? ' (no TLS)' : ''}${http}${feats ? ` [${feats}]` : ''}`;
    }
    case 'app.state': return `app state ${s('state')}${s('proc') ? ` (${s('proc')})` : ''}`;
    case 'device.state': return `device ${[s('screen') ? `screen ${s('screen')}` : '', x.locked === true ? 'locked' : x.locked === false ? 'unlocked' : ''].filter(Boolean).join(', ') || 'state'}`;
    case 'user.interaction': return 'user interaction';
    case 'app.info': {
      const parts = [s('installer') ? `installer ${s('installer')}` : '', s('signer') ? `signer ${shortFp(s('signer')!)}` : '', s('label') ? `label ${s('label')}` : '', typeof x.approved === 'boolean' ? (x.approved ? 'approved' : 'not approved') : ''].filter(Boolean);
      return `app info: ${parts.join(', ') || 'reported'}`;
    }
    default: return (e as { type: string }).type;
  }
}

/** what makes two consecutive events the same step */
function foldKey(e: TelemetryEvent): string {
  const x = e as unknown as Record<string, unknown>;
  switch (e.type) {
    case 'data.access': return `data.access|${x.category}`;
    case 'crypto.op': return `crypto.op|${x.dir}|${x.alg}|${x.mode}|${x.key_fp}`;
    case 'net.send': return `net.send|${x.dst_host ?? x.dst_ip}|${x.dst_port}`;
    default: return `${e.type}|${describeEvent(e)}`;
  }
}

function foldedWhat(events: TelemetryEvent[]): string {
  const first = events[0];
  if (events.length === 1) return describeEvent(first);
  const x = first as unknown as Record<string, unknown>;
  const sum = (k: string) => events.reduce((t, e) => t + (((e as unknown as Record<string, unknown>)[k] as number | undefined) ?? 0), 0);
  switch (first.type) {
    case 'data.access': return `read ${x.category} ${events.length}× (${sum('items')} items, ${fmtBytes(sum('bytes'))})`;
    case 'crypto.op': return `${x.dir} ${x.alg}${x.mode ? `/${x.mode}` : ''} ${events.length}×, ${fmtBytes(sum('in_bytes'))} in${x.key_fp ? ` with key ${shortFp(x.key_fp as string)}` : ''}`;
    case 'net.send': return `sent ${events.length}× ${fmtBytes(sum('bytes_out'))} to ${x.dst_host ?? x.dst_ip}${x.dst_port !== undefined ? `:${x.dst_port}` : ''}${x.proto ? ` over ${x.proto}` : ''}${x.tls === false ? ' (no TLS)' : ''}`;
    default: return `${describeEvent(first)} (${events.length}×)`;
  }
}

export function timelineFromEvidence(items: EvidenceItem[]): TimelineStep[] {
  const resolved = items.filter((i): i is EvidenceItem & { event: TelemetryEvent } => i.event !== undefined)
    .map((i, k) => ({ i, k }))
    .sort((a, b) => a.i.event.ts - b.i.event.ts || a.k - b.k)
    .map((x) => x.i);
  const steps: TimelineStep[] = [];
  let group: (EvidenceItem & { event: TelemetryEvent })[] = [];
  const close = () => {
    if (group.length === 0) return;
    const evs = group.map((g) => g.event);
    steps.push({
      n: steps.length + 1, phase: PHASE[evs[0].type] ?? 'context', ts: evs[0].ts, last_ts: evs[evs.length - 1].ts,
      what: foldedWhat(evs), refs: group.map((g) => g.ref), sources: group.flatMap((g) => (g.source ? [g.source] : [])),
    });
    group = [];
  };
  for (const it of resolved) {
    if (group.length > 0 && foldKey(group[0].event) !== foldKey(it.event)) close();
    group.push(it);
  }
  close();
  return steps;
}

const STAGES: { facet: FacetName; phase: Phase; label: string }[] = [
  { facet: 'inconsistency', phase: 'inventory', label: 'Does not fit the app' },
  { facet: 'staging', phase: 'collect', label: 'Collected data into the cipher' },
  { facet: 'key_reuse', phase: 'key', label: 'Key' },
  { facet: 'crypto', phase: 'encrypt', label: 'Encrypted' },
  { facet: 'background', phase: 'context', label: 'Out of sight' },
  { facet: 'network', phase: 'send', label: 'Sent out' },
];

/** Without telemetry: one step per observed facet in chain order (the refs are listed as evidence). */
export function timelineFromFacets(a: ReportAlert): TimelineStep[] {
  const steps: TimelineStep[] = [];
  for (const s of STAGES) {
    const f = a.facets[s.facet] as FacetExplanation | undefined;
    if (!f) continue;
    steps.push({ n: steps.length + 1, phase: s.phase, ts: null, last_ts: null, what: `${s.label}: ${f.why}`, refs: [], sources: [] });
  }
  return steps;
}

const PHASE_ORDER: Phase[] = ['inventory', 'context', 'collect', 'key', 'encrypt', 'stage', 'send', 'cleanup'];

/** One row per phase: when it started and ended, how many events, and what in short. */
export function overviewOf(steps: TimelineStep[], items: EvidenceItem[]): PhaseOverview[] {
  const byRef = new Map(items.map((i) => [i.ref, i]));
  const out: PhaseOverview[] = [];
  for (const phase of PHASE_ORDER) {
    const mine = steps.filter((s) => s.phase === phase && s.ts !== null);
    if (mine.length === 0) continue;
    const events = mine.flatMap((s) => s.refs.map((r) => byRef.get(r)?.event)).filter((e): e is TelemetryEvent => e !== undefined);
    const x = (e: TelemetryEvent) => e as unknown as Record<string, unknown>;
    const sum = (k: string) => events.reduce((t, e) => t + ((x(e)[k] as number | undefined) ?? 0), 0);
    const uniq = (k: string) => [...new Set(events.map((e) => x(e)[k]).filter((v) => v !== undefined).map((v) => String(v)))].sort();
    let what: string;
    switch (phase) {
      case 'collect': what = `read ${uniq('category').join(', ')} (${sum('items')} items, ${fmtBytes(sum('bytes'))})`; break;
      case 'encrypt': what = `${events.filter((e) => x(e).dir === 'encrypt').length} encrypt op(s), ${fmtBytes(sum('in_bytes'))} in; ${uniq('alg').join(', ')}${uniq('key_fp').length ? `; key(s) ${uniq('key_fp').map((k) => shortFp(k)).join(', ')}` : ''}`; break;
      case 'send': what = `${events.length} send(s), ${fmtBytes(sum('bytes_out'))} to ${[...new Set(events.map((e) => `${x(e).dst_host ?? x(e).dst_ip}${x(e).dst_port !== undefined ? `:${x(e).dst_port}` : ''}`))].sort().join(', ')}`; break;
      case 'stage': what = `${events.length} file write(s), ${fmtBytes(sum('bytes'))}`; break;
      case 'key': what = `key(s) ${uniq('key_fp').map((k) => shortFp(k)).join(', ')} (origin ${uniq('origin').join(', ') || 'unknown'})`; break;
      case 'cleanup': what = `${events.length} file(s) deleted`; break;
      default: what = [...new Set(mine.map((s) => s.what))].slice(0, 3).join('; ');
    }
    const first = mine[0];
    out.push({
      phase, first_ts: first.ts!, last_ts: mine.reduce((m, s) => Math.max(m, s.last_ts ?? s.ts!), -Infinity), events: events.length, what,
      first_ref: first.refs[0], first_source: first.sources[0] ?? null,
    });
  }
  return out.sort((a, b) => a.first_ts - b.first_ts || PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
}
