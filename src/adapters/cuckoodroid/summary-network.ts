// Destinations the report knows only from its summaries and the pcap, with no place in the call
// order: connected_urls, unclaimed HTTP requests, DNS lookups, hosts contacted (dead_hosts, tcp).
// They become net.send events after the last hooked call, one step apart. The pcap is the whole
// VM's traffic: lookups with the resolver appended ("host.8.8.8.8", search-domain artefacts) and
// the resolver itself are left out.
import type { MapContext } from '../shared/map-context.js';
import { emitSend } from '../shared/net-calls.js';
import { hostFields, isIpLiteral, targetOfUrl } from '../shared/net-target.js';
import { SYNTHETIC_STEP_MS } from '../shared/synthetic-time.js';
import type { KnownRequests } from './known-requests.js';

const RESOLVER_SUFFIX = /\.\d{1,3}(\.\d{1,3}){3}$/;

export function emitSummarySends(x: MapContext, droidmon: Record<string, unknown> | undefined, network: Record<string, unknown> | undefined, requests: KnownRequests, startTs: number): number {
  let ts = startTs;
  let n = 0;
  const next = () => { n++; return (ts += SYNTHETIC_STEP_MS); };
  const seen = x.seenDestinations;
  const hostOf = (f: { dst_host?: string; dst_ip?: string }) => f.dst_host ?? f.dst_ip ?? '';

  for (const r of requests.leftovers()) {
    const t = targetOfUrl(r.url);
    if (t) emitSend(x, next(), t, { ...(r.method ? { method: r.method } : {}), ...(r.bytes !== undefined ? { bytes: r.bytes } : {}) }, r.body ? Uint8Array.from(Buffer.from(r.body, 'utf8')) : undefined);
  }
  for (const u of strings(droidmon?.connected_urls)) {
    const t = targetOfUrl(u);
    if (t && !seen.has(hostOf(t))) emitSend(x, next(), t, {});
  }
  // what follows comes from the report's `network` section: the run's pcap
  const via = x.sink.via;
  x.sink.via = 'pcap';
  const resolvers = new Set<string>();
  for (const p of list(network?.udp)) if (Number(p.dport) === 53 && typeof p.dst === 'string') resolvers.add(p.dst);
  const domainOfIp = new Map<string, string>();
  for (const d of list(network?.domains)) if (typeof d.ip === 'string' && d.ip && typeof d.domain === 'string') domainOfIp.set(d.ip, d.domain);
  for (const d of list(network?.dns)) {
    const name = typeof d.request === 'string' ? d.request.toLowerCase() : '';
    if (!name || RESOLVER_SUFFIX.test(name) || isIpLiteral(name) || seen.has(name)) continue;
    seen.add(name);
    x.sink.emit(next(), 'net.send', { dst_host: name, proto: 'dns', bytes_out: 0 });
  }
  const contacted = new Map<string, number | undefined>();
  for (const h of Array.isArray(network?.dead_hosts) ? network.dead_hosts : []) if (Array.isArray(h) && typeof h[0] === 'string') contacted.set(h[0], Number.isInteger(h[1]) ? (h[1] as number) : undefined);
  for (const t of list(network?.tcp)) if (typeof t.dst === 'string' && !contacted.has(t.dst)) contacted.set(t.dst, Number.isInteger(t.dport) ? (t.dport as number) : undefined);
  for (const h of strings(network?.hosts)) if (!contacted.has(h)) contacted.set(h, undefined);
  for (const [ip, port] of contacted) {
    const domain = domainOfIp.get(ip);
    if (resolvers.has(ip) || seen.has(ip) || (domain && seen.has(domain))) continue;
    seen.add(ip);
    x.sink.emit(next(), 'net.send', { ...hostFields(ip), ...(port !== undefined ? { dst_port: port } : {}), proto: port === 80 ? 'http' : 'tcp', ...(port === 80 ? { tls: false } : {}), bytes_out: 0 });
  }
  x.sink.via = via;
  return n;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((o): o is Record<string, unknown> => !!o && typeof o === 'object' && !Array.isArray(o)) : [];
}
