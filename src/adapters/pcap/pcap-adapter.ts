// pcap / pcapng capture -> telemetry v1 `net.send`, one per outbound burst of a flow (see
// flows.ts for flows, bursts and the device side).
//
// Per send: dst_ip, dst_port, proto (dns / quic by port and content; https when a TLS ClientHello
// is seen on 443/8443 or offers h2/http1.1 by ALPN, else tcp with tls; http / ws from a cleartext
// request; by port for a connection attempt), bytes_out / bytes_in (application bytes, each TCP
// byte once), tls (true: ClientHello seen; false: TCP payload that is not TLS; absent: unknown),
// dst_host (SNI, else HTTP Host, else the name a DNS answer or a pcapng name-resolution record gave
// that address before the send), method and path (query string dropped), payload features of
// cleartext payloads (not of TLS, QUIC or DNS), conn, and `uid` when PCAPdroid gave one.
// A DNS query is a send whose dst_host is the name asked for (`dns_query`), dst_ip the resolver.
// A TCP connection the device opened but never sent payload on is a send with bytes_out 0 and
// `attempt: true` (sandboxes without Internet show little else).
// Dropped as infrastructure: multicast/broadcast, DHCP, NTP, NetBIOS, SSDP, mDNS, LLMNR, and
// everything that is not TCP/UDP over IP (ARP, ICMP...). All are counted in the notes.
// App: --app, else PCAPdroid metadata (pcapng UID map + per-packet `u-<uid>`; classic-pcap trailer
// label), else `unknown.app`. Device: --device (an IP address there also marks the device side),
// else `pcap-<file name>`.
import { basename } from 'node:path';
import type { FacetName } from '../../model/index.js';
import type { Adapter, AdapterOptions, AdapterOutput } from '../adapter.js';
import { ByteSource } from './byte-source.js';
import { decodeFrame } from './decode-frame.js';
import { FlowTracker, type Burst, type Flow } from './flows.js';
import { infrastructureReason, isIp } from './ip.js';
import { captureMagic, readCapture, type CaptureInfo } from './read-capture.js';

export const PCAP_CANNOT_SHOW: FacetName[] = ['crypto', 'key_reuse', 'staging', 'background'];
const MAX_PACKET_ISSUES = 20;

export const pcapAdapter: Adapter = {
  name: 'pcap',
  description: 'pcap/pcapng capture (Ethernet, raw IP, Linux cooked; PCAPdroid app metadata): one net.send per outbound burst',
  sniff: (head) => captureMagic(head) !== undefined,
  convert: convertCapture,
};

interface Counters { frames: number; dropped: Map<string, number> }

export async function convertCapture(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const info: CaptureInfo = { format: undefined, interfaces: 0, issues: [] };
  const deviceIps = new Set(opts.device && isIp(opts.device) ? [opts.device] : []);
  const tracker = new FlowTracker(deviceIps);
  const uidMap = new Map<number, { pkg: string; label: string }>();
  const c: Counters = { frames: 0, dropped: new Map() };
  const drop = (why: string) => c.dropped.set(why, (c.dropped.get(why) ?? 0) + 1);
  const linkWarned = new Set<number>();
  let packetIssues = 0;
  const src = await ByteSource.open(path);
  try {
    for await (const item of readCapture(src, file, info)) {
      if (item.kind === 'names') { for (const n of item.names) tracker.names.add(item.ip, n.toLowerCase(), -Infinity); continue; }
      if (item.kind === 'uid') { uidMap.set(item.uid, { pkg: item.pkg, label: item.label }); continue; }
      const fr = item.frame;
      c.frames++;
      const d = decodeFrame(fr.linktype, fr.data);
      if (!d.ok) {
        drop(d.reason === 'not_ip' || d.reason === 'not_tcp_udp' ? 'not TCP/UDP over IP' : d.reason === 'fragment' ? 'IP fragment after the first' : d.reason);
        if (d.reason === 'unsupported_linktype' && !linkWarned.has(fr.linktype)) {
          linkWarned.add(fr.linktype);
          info.issues.push({ code: 'unsupported_linktype', message: `${d.detail}: its packets are skipped`, file, line: fr.n });
        } else if (d.reason === 'malformed' && packetIssues++ < MAX_PACKET_ISSUES) {
          info.issues.push({ code: 'malformed_packet', message: `packet ${fr.n}: ${d.detail}`, file, line: fr.n });
        }
        continue;
      }
      const p = d.pkt;
      const infra = infrastructureReason(p.proto, p.dst, p.sport, p.dport) ?? (p.proto === 'udp' ? infrastructureReason('udp', p.src, p.dport, p.sport) : undefined);
      if (infra) { drop(infra); continue; }
      tracker.add(p, fr.ts, { ...(fr.uid !== undefined ? { uid: fr.uid } : {}), ...(fr.dir ? { dir: fr.dir } : {}) });
    }
  } finally {
    await src.close();
  }
  if (packetIssues > MAX_PACKET_ISSUES) {
    info.issues.push({ code: 'malformed_packet', message: `${packetIssues - MAX_PACKET_ISSUES} more malformed packet(s) skipped`, file });
  }
  const flows = tracker.finish();
  const device = opts.device ?? `pcap-${basename(path)}`;
  const built = buildEvents(flows, tracker, uidMap, device, opts.app);
  return { events: built.events, issues: info.issues, cannotShow: PCAP_CANNOT_SHOW, notes: notes(info, c, flows, built, tracker, uidMap, opts, device) };
}

interface Built { events: Record<string, unknown>[]; fromDns: number; unanswered: Set<string>; apps: Set<string>; deviceIps: Set<string> }

function buildEvents(flows: Flow[], tracker: FlowTracker, uidMap: Map<number, { pkg: string; label: string }>, device: string, appOpt: string | undefined): Built {
  const rows: { ts: number; f: number; b: number; ev: Record<string, unknown> }[] = [];
  const built: Built = { events: [], fromDns: 0, unanswered: new Set(), apps: new Set(), deviceIps: new Set() };
  const tupleUses = new Map<string, number>();
  for (const f of flows) {
    const tuple = `${f.proto}:${f.dev.ip}:${f.dev.port}-${f.rem.ip}:${f.rem.port}`;
    const k = tupleUses.get(tuple) ?? 0;
    tupleUses.set(tuple, k + 1);
    const app = appFor(f, uidMap, appOpt);
    const base = (ts: number): Record<string, unknown> => ({
      ts: Math.round(ts), device, app, type: 'net.send', src: 'pcap',
      ...(f.uid !== undefined && f.uid >= 0 ? { uid: f.uid } : {}),
    });
    const conn = k ? `${tuple}#${k + 1}` : tuple;
    if (f.bursts.length === 0) {
      if (!f.deviceOpened || f.proto !== 'tcp') continue;
      const ev = { ...base(f.firstTs), bytes_out: 0, bytes_in: f.preIn, ...dest(f, undefined, f.firstTs, tracker, built), proto: guessByPort(f), conn, attempt: true };
      rows.push({ ts: f.firstTs, f: f.n, b: 0, ev });
    }
    f.bursts.forEach((b, i) => {
      const ev: Record<string, unknown> = {
        ...base(b.ts), bytes_out: b.bytesOut, bytes_in: b.bytesIn + (i === 0 ? f.preIn : 0), ...dest(f, b, b.ts, tracker, built),
        proto: protoOf(f),
      };
      const tls = tlsOf(f);
      if (tls !== undefined) ev.tls = tls;
      if (b.http) { ev.method = b.http.method; ev.path = b.http.path; }
      if (b.payload) ev.payload = b.payload;
      if (b.dns?.qname) {
        ev.dns_query = b.dns.qname;
        if (b.dns.retransmits) ev.dns_retransmits = b.dns.retransmits;
        if (b.bytesIn === 0) built.unanswered.add(b.dns.qname);
      }
      ev.conn = conn;
      rows.push({ ts: b.ts, f: f.n, b: i, ev });
    });
    built.apps.add(app);
    if (f.bursts.length || f.deviceOpened) built.deviceIps.add(f.dev.ip);
  }
  rows.sort((x, y) => x.ts - y.ts || x.f - y.f || x.b - y.b);
  built.events = rows.map((r, i) => ({ ...r.ev, id: `pcap-${i + 1}` }));
  return built;
}

function dest(f: Flow, b: Burst | undefined, ts: number, tracker: FlowTracker, built: Built): Record<string, unknown> {
  const d: Record<string, unknown> = { dst_ip: f.rem.ip, dst_port: f.rem.port };
  let host = b?.dns?.qname ?? f.hello?.sni ?? b?.http?.host ?? f.bursts.find((x) => x.http?.host)?.http?.host;
  if (!host) {
    host = tracker.names.nameAt(f.rem.ip, ts);
    if (host) built.fromDns++;
  }
  if (host) d.dst_host = host;
  return d;
}

function appFor(f: Flow, uidMap: Map<number, { pkg: string; label: string }>, appOpt: string | undefined): string {
  if (appOpt) return appOpt;
  if (f.uid === undefined || f.uid < 0) return 'unknown.app';
  const m = uidMap.get(f.uid);
  return m?.pkg || f.appLabel || m?.label || `uid-${f.uid}`;
}

function protoOf(f: Flow): string {
  switch (f.kind) {
    case 'dns': return 'dns';
    case 'quic': return 'quic';
    case 'http': return 'http';
    case 'ws': return 'ws';
    case 'tls': {
      const web = f.rem.port === 443 || f.rem.port === 8443 || (f.hello?.alpn ?? []).some((a) => a === 'h2' || a.startsWith('http/'));
      return web ? 'https' : 'tcp';
    }
    default: return f.proto;
  }
}

function tlsOf(f: Flow): boolean | undefined {
  if (f.kind === 'tls') return true;
  if (f.proto === 'tcp' && (f.kind === 'http' || f.kind === 'ws' || f.kind === 'other')) return false;
  return undefined;
}

function guessByPort(f: Flow): string {
  const p = f.rem.port;
  if (p === 80 || p === 8080 || p === 8000) return 'http';
  if (p === 443 || p === 8443) return 'https';
  if (p === 53) return 'dns';
  return f.proto;
}

function notes(info: CaptureInfo, c: Counters, flows: Flow[], b: Built, tracker: FlowTracker, uidMap: Map<number, unknown>, opts: AdapterOptions, device: string): string[] {
  const n: string[] = [];
  const tcp = flows.filter((f) => f.proto === 'tcp').length;
  n.push(`${info.format ?? 'unknown format'}, ${info.interfaces} interface(s): ${c.frames} packet(s), ${flows.length} flow(s) (${tcp} TCP, ${flows.length - tcp} UDP), ${b.events.length} send(s)` +
    (b.deviceIps.size ? `; device side ${[...b.deviceIps].sort().join(', ')}` : ''));
  if (c.dropped.size) n.push(`not sends: ${[...c.dropped].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  if (!opts.app) {
    if (uidMap.size || flows.some((f) => f.uid !== undefined)) n.push(`apps from PCAPdroid metadata: ${[...b.apps].sort().join(', ')}`);
    else n.push('no --app and no PCAPdroid metadata: every send is attributed to unknown.app');
  }
  if (!opts.device) n.push(`device id ${device} (from the file name; pass --device when several captures share a name)`);
  n.push(`${tracker.names.size} address(es) named by DNS answers or name records; ${b.fromDns} send(s) got dst_host from them`);
  if (b.unanswered.size) n.push(`${b.unanswered.size} DNS name(s) queried without an answer in the capture: ${[...b.unanswered].sort().slice(0, 20).join(', ')}${b.unanswered.size > 20 ? ', …' : ''}`);
  return n;
}

