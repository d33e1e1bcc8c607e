// Wireshark packet list exported as CSV -> telemetry v1 `net.send`.
//
// Columns are found by header name: No., Time, Source, Destination, Protocol, Length, Info, and
// also Type (in/out) and Duration (seconds since the previous packet) as in the Android Mischief
// CSVs, and Src/Dst Port custom columns. Time: see csv-time.ts; without a Time column it is
// rebuilt by summing Duration.
//
// Device side: --device when it is an address in the file; else the Type column says in/out;
// else the private address seen most as Source (else the most frequent Source).
// Which outbound packets carry payload: Info's `Len=N` when present; a row Wireshark labelled with
// an application protocol (TLS, HTTP, WebSocket, UDP...) does; a bare "TCP" row without Info does
// when its Length is above the smallest outbound TCP Length to that destination (the bare ACK) by
// more than TCP options explain (not a multiple of 4 up to 40 bytes: SACK, timestamps).
// One send per burst: outbound payload packets to one destination with gaps ≤ 1 s; bytes_out is
// the sum of their frame Lengths (headers included: a CSV has no payload sizes), bytes_in the
// frames that came back until the next burst.
// Not sends (counted in the notes): ICMP/IGMP/ARP and LAN/OS protocols (DHCP, NTP, mDNS, SSDP,
// LLMNR, NetBIOS...), multicast/broadcast destinations, DNS without a query name in Info. A DNS
// query with Info becomes a send to the name asked for (retransmissions of one id fold), and
// DNS answers in Info name the addresses later sends go to. TLS "Client Hello (SNI=…)" names too.
// Files with ports in Source/Destination (addresses removed, e.g. benign_1500_6_mixing.csv):
// dst_host is "unknown", dst_port the remote port, conn the port pair.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { FacetName, Issue } from '../../model/index.js';
import type { Adapter, AdapterOptions, AdapterOutput } from '../adapter.js';
import { isGroupIp, isIp, isPrivateIp } from '../pcap/ip.js';
import { splitCsvLine } from './csv-line.js';
import { parseCsvTime, type TimeKind } from './csv-time.js';

export const CSV_CANNOT_SHOW: FacetName[] = ['crypto', 'key_reuse', 'staging', 'background'];
export const CSV_BURST_GAP_MS = 1000;
const MAX_ROW_ISSUES = 50;

const INFRA_PROTOCOLS = /^(ICMP|ICMPv6|IGMP(v\d)?|ARP|DHCP|DHCPv6|BOOTP|NTP|SNTP|MDNS|SSDP|LLMNR|NBNS|NBDS|BROWSER|STP|LLDP|CDP|EAPOL|IPv6 ?RA|RIPv?\d?)$/i;

interface Columns { last: number; time?: number; src: number; dst: number; proto?: number; len: number; info?: number; type?: number; duration?: number; sport?: number; dport?: number }

interface Row { line: number; ts: number; src: string; dst: string; proto: string; len: number; info?: string; dir?: 'in' | 'out'; sport?: number; dport?: number }

export const packetCsvAdapter: Adapter = {
  name: 'packet-csv',
  description: 'Wireshark packet list exported as CSV (No., Time, Source, Destination, Protocol, Length, Info): one net.send per outbound burst',
  sniff: (head) => {
    const first = head.toString('utf8', 0, Math.min(head.length, 4096)).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].toLowerCase();
    return /(^|,)"?source"?(,|$)/.test(first) && /(^|,)"?destination"?(,|$)/.test(first) && /(^|,)"?length"?(,|$)/.test(first);
  },
  convert: convertPacketCsv,
};

export async function convertPacketCsv(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const issues: Issue[] = [];
  const { rows, cols, timeKind } = await readRows(path, file, issues);
  const notes: string[] = [];
  const out: AdapterOutput = { events: [], issues, cannotShow: CSV_CANNOT_SHOW, notes };
  if (!cols) return out;
  if (cols.time === undefined) notes.push('no Time column: times rebuilt from the Duration column (seconds since the previous packet), relative to the capture start');
  else if (timeKind === 'relative' || timeKind === 'time-of-day') notes.push(`Time is ${timeKind === 'relative' ? 'seconds since the capture start' : 'a time of day'}: ts counts from epoch 0, not the real date`);
  const portsOnly = rows.length > 0 && rows.filter((r) => /^\d+$/.test(r.src) && /^\d+$/.test(r.dst)).length > rows.length / 2;
  if (portsOnly) notes.push('Source/Destination hold ports, not addresses: destinations are "unknown" with the remote port, connections are the port pairs');

  // the device
  const deviceAddr = opts.device && rows.some((r) => r.src === opts.device || r.dst === opts.device) ? opts.device : guessDevice(rows, cols, portsOnly);
  const isOut = (r: Row) => (opts.device === deviceAddr && deviceAddr !== undefined ? r.src === deviceAddr : r.dir !== undefined ? r.dir === 'out' : r.src === deviceAddr);
  if (deviceAddr) notes.push(`device side ${portsOnly ? '(Type column)' : deviceAddr}`);
  const device = opts.device ?? `csv-${basename(path)}`;
  const app = opts.app ?? 'unknown.app';
  if (!opts.app) notes.push('no --app: every send is attributed to unknown.app');

  // the bare-ACK Length per destination, for rows without Info
  const ackLen = new Map<string, number>();
  for (const r of rows) {
    if (isOut(r) && r.proto.toUpperCase() === 'TCP') ackLen.set(r.dst, Math.min(ackLen.get(r.dst) ?? Infinity, r.len));
  }

  const names = new Map<string, { ts: number; name: string }[]>();
  const dropped = new Map<string, number>();
  const drop = (why: string) => dropped.set(why, (dropped.get(why) ?? 0) + 1);
  interface Burst { ts: number; last: number; key: string; dst: string; dport?: number; sport?: number; bytes: number; frames: number; bytesIn: number; proto: string; sni?: string; method?: string; path?: string; dnsQuery?: string; dnsId?: string }
  const bursts: Burst[] = [];
  const open = new Map<string, Burst>();
  const dnsSeen = new Map<string, Burst>();
  for (const r of rows) {
    const out = isOut(r);
    const remote = out ? r.dst : r.src;
    const rport = portsOnly ? Number(remote) : out ? r.dport : r.sport;
    const lport = portsOnly ? Number(out ? r.src : r.dst) : out ? r.sport : r.dport;
    const key = portsOnly ? `${lport}>${rport}` : `${remote}${rport !== undefined ? ':' + rport : ''}`;
    const P = r.proto.toUpperCase();
    if (!out) {
      if (P === 'DNS' && r.info) {
        const m = /response (0x[0-9a-f]+) \S+ (\S+)(.*)$/i.exec(r.info);
        if (m) {
          for (const a of m[3].matchAll(/\b(?:A|AAAA) ([0-9a-f.:]+)/gi)) {
            if (!isIp(a[1])) continue;
            const l = names.get(a[1]) ?? [];
            l.push({ ts: r.ts, name: m[2].toLowerCase() });
            names.set(a[1], l);
          }
          const q = dnsSeen.get(`${remote}|${m[1]}`);
          if (q) { q.bytesIn += r.len; continue; }
        }
      }
      const b = open.get(key);
      if (b) b.bytesIn += r.len;
      continue;
    }
    if (INFRA_PROTOCOLS.test(r.proto)) { drop(P.startsWith('ICMP') ? 'ICMP' : r.proto); continue; }
    if (!portsOnly && isGroupIp(r.dst)) { drop('multicast/broadcast'); continue; }
    if (P === 'DNS' || P === 'LLMNR') {
      const m = r.info ? /^Standard query (0x[0-9a-f]+) \S+ (\S+)/i.exec(r.info) : null;
      if (!m) { drop('DNS without a query name'); continue; }
      const seen = dnsSeen.get(`${remote}|${m[1]}`);
      if (seen && seen.dnsQuery === m[2].toLowerCase()) { seen.bytes += r.len; seen.frames++; continue; }
      const b: Burst = { ts: r.ts, last: r.ts, key, dst: remote, ...(rport !== undefined ? { dport: rport } : {}), bytes: r.len, frames: 1, bytesIn: 0, proto: 'dns', dnsQuery: m[2].toLowerCase(), dnsId: m[1] };
      dnsSeen.set(`${remote}|${m[1]}`, b);
      bursts.push(b);
      continue;
    }
    if (!carriesPayload(r, ackLen.get(r.dst))) { drop('TCP without payload'); continue; }
    const proto = protoOf(P);
    let b = open.get(key);
    if (!b || r.ts - b.last > CSV_BURST_GAP_MS) {
      b = { ts: r.ts, last: r.ts, key, dst: remote, ...(rport !== undefined ? { dport: rport } : {}), ...(lport !== undefined ? { sport: lport } : {}), bytes: 0, frames: 0, bytesIn: 0, proto };
      open.set(key, b);
      bursts.push(b);
    }
    b.bytes += r.len;
    b.frames++;
    b.last = r.ts;
    if (b.proto === 'tcp' && proto !== 'tcp') b.proto = proto;
    const sni = r.info && /SNI=([^)\s,]+)/.exec(r.info);
    if (sni) b.sni = sni[1].toLowerCase();
    const http = r.info && /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) (\S+) HTTP\//.exec(r.info);
    if (http && !b.method) { b.method = http[1]; b.path = http[2].split(/[?#]/)[0] || '/'; }
  }

  let fromDns = 0;
  bursts.sort((a, b) => a.ts - b.ts);
  out.events = bursts.map((b, i) => {
    const ev: Record<string, unknown> = { ts: Math.round(b.ts), device, app, type: 'net.send', src: 'csv', id: `csv-${i + 1}` };
    if (portsOnly) ev.dst_host = 'unknown';
    else {
      ev.dst_ip = b.dst;
      const host = b.dnsQuery ?? b.sni ?? nameAt(names, b.dst, b.ts);
      if (host) { ev.dst_host = host; if (!b.dnsQuery && !b.sni) fromDns++; }
    }
    if (b.dport !== undefined && Number.isInteger(b.dport)) ev.dst_port = b.dport;
    ev.proto = b.proto;
    if (b.proto === 'https' || b.proto === 'wss') ev.tls = true;
    else if (b.proto === 'http' || b.proto === 'ws') ev.tls = false;
    ev.bytes_out = b.bytes;
    ev.bytes_in = b.bytesIn;
    if (b.method) { ev.method = b.method; ev.path = b.path; }
    if (b.dnsQuery) ev.dns_query = b.dnsQuery;
    ev.frames = b.frames;
    if (portsOnly || b.sport !== undefined) ev.conn = b.key;
    return ev;
  });
  notes.unshift(`${rows.length} packet row(s) -> ${out.events.length} send(s)`);
  if (dropped.size) notes.push(`outbound rows that are not sends: ${[...dropped].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  if (names.size) notes.push(`${names.size} address(es) named by DNS answers in Info; ${fromDns} send(s) got dst_host from them`);
  return out;
}

function carriesPayload(r: Row, ack: number | undefined): boolean {
  const P = r.proto.toUpperCase();
  if (r.info) {
    const m = /\bLen=(\d+)/.exec(r.info);
    if (m) return Number(m[1]) > (/Keep-Alive/i.test(r.info) ? 1 : 0);
  }
  if (P !== 'TCP') return true;
  if (ack === undefined) return true;
  const extra = r.len - ack;
  return extra > 0 && !(extra % 4 === 0 && extra <= 40);
}

function protoOf(P: string): string {
  if (/^(TLS|SSL)/.test(P)) return 'https';
  if (P.startsWith('HTTP')) return 'http';
  if (P === 'WEBSOCKET') return 'ws';
  if (P.includes('QUIC')) return 'quic';
  if (P === 'TCP') return 'tcp';
  if (P === 'UDP') return 'udp';
  return 'other';
}

function nameAt(names: Map<string, { ts: number; name: string }[]>, ip: string, ts: number): string | undefined {
  let best: string | undefined;
  for (const e of names.get(ip) ?? []) if (e.ts <= ts) best = e.name;
  return best;
}

function guessDevice(rows: Row[], cols: Columns, portsOnly: boolean): string | undefined {
  const count = (pick: (r: Row) => boolean) => {
    const m = new Map<string, number>();
    for (const r of rows) if (pick(r)) m.set(r.src, (m.get(r.src) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  };
  if (cols.type !== undefined) return portsOnly ? undefined : count((r) => r.dir === 'out');
  return count((r) => isPrivateIp(r.src)) ?? count(() => true);
}

async function readRows(path: string, file: string, issues: Issue[]): Promise<{ rows: Row[]; cols?: Columns; timeKind?: TimeKind }> {
  const rows: Row[] = [];
  let cols: Columns | undefined;
  let timeKind: TimeKind | undefined;
  let line = 0, bad = 0, clock = 0, header = false;
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const problem = (code: string, message: string, field?: string) => {
    if (bad++ < MAX_ROW_ISSUES) issues.push({ code, message, file, line, ...(field ? { field } : {}) });
  };
  for await (const raw of rl) {
    line++;
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trimEnd();
    if (text.trim() === '') continue;
    if (!header) {
      header = true;
      cols = columnsOf(splitCsvLine(text).map((h) => h.trim().toLowerCase()));
      if (!cols) {
        issues.push({ code: 'missing_header', message: 'want a header with Source, Destination, Length and Time or Duration columns', file, line });
        rl.close();
        return { rows };
      }
      continue;
    }
    const f = splitCsvLine(text).map((x) => x.trim());
    const c = cols!;
    const need = Math.max(c.src, c.dst, c.len);
    if (f.length <= need) { problem('bad_row', `want at least ${need + 1} fields, got ${f.length}`); continue; }
    const len = Number(f[c.len]);
    if (!Number.isInteger(len) || len < 0) { problem('bad_value', `Length is not a byte count: ${JSON.stringify(f[c.len].slice(0, 40))}`, 'Length'); continue; }
    let ts: number;
    if (c.time !== undefined) {
      const t = parseCsvTime(f[c.time] ?? '');
      if (!t) { problem('bad_value', `unreadable Time ${JSON.stringify((f[c.time] ?? '').slice(0, 40))}`, 'Time'); continue; }
      ts = t.ms;
      timeKind ??= t.kind;
    } else {
      const d = Number(f[c.duration!]);
      if (!Number.isFinite(d) || d < 0) { problem('bad_value', `unreadable Duration ${JSON.stringify((f[c.duration!] ?? '').slice(0, 40))}`, 'Duration'); continue; }
      clock += d * 1000;
      ts = clock;
    }
    const row: Row = { line, ts, src: f[c.src], dst: f[c.dst], proto: c.proto !== undefined ? f[c.proto] ?? '' : '', len };
    if (c.info !== undefined && f[c.info]) row.info = c.info === c.last ? f.slice(c.info).join(',') : f[c.info]; // unquoted Info with commas
    if (c.type !== undefined) { const t = f[c.type]?.toLowerCase(); if (t === 'in' || t === 'out') row.dir = t; }
    if (c.sport !== undefined && /^\d+$/.test(f[c.sport] ?? '')) row.sport = Number(f[c.sport]);
    if (c.dport !== undefined && /^\d+$/.test(f[c.dport] ?? '')) row.dport = Number(f[c.dport]);
    rows.push(row);
  }
  if (!header) issues.push({ code: 'missing_header', message: 'empty file: no header', file });
  if (bad > MAX_ROW_ISSUES) issues.push({ code: 'bad_row', message: `${bad - MAX_ROW_ISSUES} more bad row(s) skipped`, file });
  // a capture's rows are in time order; an export sorted otherwise is put back in order
  rows.sort((a, b) => a.ts - b.ts || a.line - b.line);
  return { rows, ...(cols ? { cols } : {}), ...(timeKind ? { timeKind } : {}) };
}

function columnsOf(h: string[]): Columns | undefined {
  const at = (...names: string[]) => { const i = h.findIndex((x) => names.includes(x)); return i < 0 ? undefined : i; };
  const src = at('source', 'src', 'source address'), dst = at('destination', 'dst', 'destination address'), len = at('length', 'len', 'frame length');
  const time = at('time', 'timestamp', 'absolute time'), duration = at('duration', 'delta', 'time delta');
  if (src === undefined || dst === undefined || len === undefined || (time === undefined && duration === undefined)) return undefined;
  const c: Columns = { last: h.length - 1, src, dst, len };
  const opt = { time, duration, proto: at('protocol', 'proto'), info: at('info'), type: at('type', 'direction'),
    sport: at('src port', 'source port', 'srcport', 'tcp.srcport', 'udp.srcport'), dport: at('dst port', 'destination port', 'dest port', 'dstport', 'tcp.dstport', 'udp.dstport') };
  for (const [k, v] of Object.entries(opt)) if (v !== undefined) (c as unknown as Record<string, number>)[k] = v;
  return c;
}
