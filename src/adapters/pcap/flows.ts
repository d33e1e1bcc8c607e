// Packets -> flows -> outbound bursts.
//
// A flow is a 5-tuple (a TCP tuple reused after FIN/RST or with a new SYN is a new flow). Its
// device side is decided on its first packet: the `--device` address when given, else the SYN
// sender (the SYN/ACK receiver), else PCAPdroid's direction flag, else the private address facing
// a public one, else the ephemeral port facing a well-known one, else the first sender.
//
// A burst is what becomes one `net.send`: the device's payload on one flow until it pauses for
// more than BURST_GAP_MS (the answer in between belongs to the burst: a TLS handshake and its
// first request, or an HTTP request and its response, are one send; a beacon every few seconds is
// one send per beat). A DNS query is its own burst, its retransmissions (same id) fold into it.
// TCP bytes are counted once: retransmitted sequence ranges are not counted again.
import type { PayloadFeatures } from '../../model/index.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type Packet } from './decode-frame.js';
import { parseDns } from './dns.js';
import { parseHttpRequest, type HttpRequest } from './http.js';
import { isPrivateIp } from './ip.js';
import { payloadFeatures } from '../shared/payload-features.js';
import { looksTls, parseClientHello, type ClientHello } from './tls.js';
import { unmaskClientFrames } from './websocket.js';

export const BURST_GAP_MS = 1000;
const BURST_HEAD = 64 * 1024;
const STREAM_HEAD = 16 * 1024;

export interface Endpoint { ip: string; port: number }

export interface Burst {
  ts: number;
  lastTs: number;
  bytesOut: number;
  bytesIn: number;
  head: Buffer[];
  headLen: number;
  http?: HttpRequest;
  payload?: PayloadFeatures;
  dns?: { id: number; qname?: string; retransmits: number };
}

export type FlowKind = 'tls' | 'http' | 'ws' | 'dns' | 'quic' | 'other';

export interface Flow {
  n: number;
  proto: 'tcp' | 'udp';
  dev: Endpoint;
  rem: Endpoint;
  firstTs: number;
  /** the device opened it (sent the SYN, or the first datagram) */
  deviceOpened: boolean;
  isn?: number;
  closed: boolean;
  outNext?: number;
  inNext?: number;
  uid?: number;
  appLabel?: string;
  kind?: FlowKind;
  hello?: ClientHello;
  helloDone: boolean;
  stream: Buffer[];
  streamLen: number;
  bursts: Burst[];
  /** response bytes before the first burst (server speaks first, or only a SYN was sent) */
  preIn: number;
  packets: number;
}

/** the name the app asked DNS for, per address, in time order */
export class NameMap {
  private readonly m = new Map<string, { ts: number; name: string }[]>();
  size = 0;
  add(ip: string, name: string, ts: number): void {
    let l = this.m.get(ip);
    if (!l) { this.m.set(ip, (l = [])); this.size++; }
    l.push({ ts, name });
  }
  /** the newest name given for `ip` at or before `ts` */
  nameAt(ip: string, ts: number): string | undefined {
    const l = this.m.get(ip);
    if (!l) return undefined;
    let best: string | undefined;
    for (const e of l) if (e.ts <= ts) best = e.name;
    return best;
  }
}

export interface FrameMeta { uid?: number; dir?: 'in' | 'out' }

export class FlowTracker {
  readonly flows: Flow[] = [];
  readonly names = new NameMap();
  private readonly live = new Map<string, Flow>();

  constructor(private readonly deviceIps: ReadonlySet<string>) {}

  add(p: Packet, ts: number, meta: FrameMeta): void {
    const key = p.src < p.dst || (p.src === p.dst && p.sport <= p.dport)
      ? `${p.proto}|${p.src}|${p.sport}|${p.dst}|${p.dport}` : `${p.proto}|${p.dst}|${p.dport}|${p.src}|${p.sport}`;
    const syn = p.proto === 'tcp' && (p.flags & TCP_SYN) !== 0 && (p.flags & TCP_ACK) === 0;
    let f = this.live.get(key);
    if (f && syn && (f.closed || (f.isn !== undefined && f.isn !== p.seq))) f = undefined;
    if (!f) {
      f = this.open(p, ts, meta, syn);
      this.live.set(key, f);
    }
    f.packets++;
    const uid = p.uid ?? meta.uid;
    if (f.uid === undefined && uid !== undefined) { f.uid = uid; if (p.appLabel) f.appLabel = p.appLabel; }
    const out = p.src === f.dev.ip && p.sport === f.dev.port;
    if (syn && out) f.isn = p.seq;
    if (p.payloadLen > 0) {
      let len = p.payloadLen, data = p.payload;
      if (p.proto === 'tcp') {
        const seq = (p.flags & TCP_SYN) !== 0 ? (p.seq + 1) >>> 0 : p.seq;
        const next = out ? f.outNext : f.inNext;
        const end = (seq + len) >>> 0;
        if (next !== undefined) {
          if (((end - next) | 0) <= 0) len = 0; // all of it was seen before
          else {
            const seen = (next - seq) | 0;
            if (seen > 0) { len -= seen; data = data.subarray(Math.min(seen, data.length)); }
          }
        }
        if (len > 0) { if (out) f.outNext = end; else f.inNext = end; }
      }
      if (len > 0) {
        if (out) this.outbound(f, ts, len, data);
        else this.inbound(f, ts, len, data);
      }
    }
    if (p.proto === 'tcp' && (p.flags & (TCP_FIN | TCP_RST)) !== 0) f.closed = true;
  }

  /** closes every open burst; the flows in the order they were opened */
  finish(): Flow[] {
    for (const f of this.flows) { const b = f.bursts.at(-1); if (b) closeBurst(f, b); }
    return this.flows;
  }

  private open(p: Packet, ts: number, meta: FrameMeta, syn: boolean): Flow {
    const a = { ip: p.src, port: p.sport }, b = { ip: p.dst, port: p.dport };
    const srcIsDevice = this.srcIsDevice(p, meta, syn);
    const f: Flow = {
      n: this.flows.length, proto: p.proto, dev: srcIsDevice ? a : b, rem: srcIsDevice ? b : a, firstTs: ts,
      deviceOpened: srcIsDevice && (p.proto === 'udp' || syn), closed: false, helloDone: false,
      stream: [], streamLen: 0, bursts: [], preIn: 0, packets: 0,
    };
    this.flows.push(f);
    return f;
  }

  private srcIsDevice(p: Packet, meta: FrameMeta, syn: boolean): boolean {
    const ds = this.deviceIps.has(p.src), dd = this.deviceIps.has(p.dst);
    if (ds !== dd) return ds;
    if (p.proto === 'tcp' && (p.flags & TCP_SYN) !== 0) return syn;
    if (meta.dir) return meta.dir === 'out';
    const ps = isPrivateIp(p.src), pd = isPrivateIp(p.dst);
    if (ps !== pd) return ps;
    if ((p.sport >= 1024) !== (p.dport >= 1024)) return p.sport >= 1024;
    return true;
  }

  private outbound(f: Flow, ts: number, len: number, data: Buffer): void {
    if (f.kind === undefined) f.kind = flowKind(f, data);
    if (f.kind === 'dns' && f.proto === 'udp') {
      const q = parseDns(data);
      if (q && !q.response) {
        const same = f.bursts.find((b) => b.dns?.id === q.id && b.dns.qname === q.qname);
        if (same) { same.bytesOut += len; same.dns!.retransmits++; same.lastTs = ts; return; }
        const prev = f.bursts.at(-1);
        if (prev) closeBurst(f, prev);
        f.bursts.push({ ts, lastTs: ts, bytesOut: len, bytesIn: 0, head: [], headLen: 0, dns: { id: q.id, ...(q.qname ? { qname: q.qname } : {}), retransmits: 0 } });
        return;
      }
    }
    if (!f.helloDone && f.streamLen < STREAM_HEAD) {
      const take = data.subarray(0, STREAM_HEAD - f.streamLen);
      f.stream.push(Buffer.from(take));
      f.streamLen += take.length;
      if (f.kind === 'tls') {
        const h = parseClientHello(Buffer.concat(f.stream));
        if (h !== 'partial') { if (h) f.hello = h; f.helloDone = true; }
      } else f.helloDone = true;
      if (f.helloDone || f.streamLen >= STREAM_HEAD) { f.stream = []; f.helloDone = true; }
    }
    let b = f.bursts.at(-1);
    if (!b || b.dns || ts - b.lastTs > BURST_GAP_MS) {
      if (b) closeBurst(f, b);
      b = { ts, lastTs: ts, bytesOut: 0, bytesIn: 0, head: [], headLen: 0 };
      f.bursts.push(b);
    }
    b.bytesOut += len;
    b.lastTs = ts;
    if (b.headLen < BURST_HEAD && data.length) {
      const take = data.subarray(0, BURST_HEAD - b.headLen);
      b.head.push(Buffer.from(take));
      b.headLen += take.length;
    }
  }

  private inbound(f: Flow, ts: number, len: number, data: Buffer): void {
    if (f.proto === 'udp' && f.rem.port === 53) {
      const r = parseDns(data);
      if (r?.response) {
        if (r.qname) for (const ip of r.addresses) this.names.add(ip, r.qname, ts);
        const q = f.bursts.find((b) => b.dns?.id === r.id);
        if (q) { q.bytesIn += len; return; }
      }
    }
    const b = f.bursts.at(-1);
    if (b) b.bytesIn += len;
    else f.preIn += len;
  }
}

function flowKind(f: Flow, first: Buffer): FlowKind {
  if (f.rem.port === 53) return 'dns';
  if (f.proto === 'udp') return f.rem.port === 443 || (first.length > 5 && (first[0] & 0xc0) === 0xc0 && first.readUInt32BE(1) === 1) ? 'quic' : 'other';
  if (looksTls(first)) return 'tls';
  const req = parseHttpRequest(first);
  if (req) return req.websocket ? 'ws' : 'http';
  return 'other';
}

/** measures the burst's payload and lets its bytes go */
function closeBurst(f: Flow, b: Burst): void {
  if (b.head.length === 0 && b.headLen === 0) return;
  const head = Buffer.concat(b.head);
  b.head = [];
  b.headLen = 0;
  if (f.kind === 'tls' || f.kind === 'quic' || f.kind === 'dns') return;
  if (f.kind === 'http' || f.kind === 'ws') {
    const req = parseHttpRequest(head);
    if (req) {
      b.http = req;
      if (req.bodyAt > 0 && req.bodyAt < head.length) {
        const size = req.contentLength ?? b.bytesOut - req.bodyAt;
        b.payload = payloadFeatures(head.subarray(req.bodyAt), Math.max(0, size), req.contentType);
      }
      return;
    }
    if (f.kind === 'ws') {
      const data = unmaskClientFrames(head);
      if (data) { b.payload = payloadFeatures(data, b.bytesOut); return; }
    }
  }
  b.payload = payloadFeatures(head, b.bytesOut);
}
