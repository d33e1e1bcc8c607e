// sendnet / opennet / sendsms -> net.send. A write that does not start a request is the body of
// the previous write on the same socket (fd): their bytes add up. A connection opened with
// nothing written on it is a send of unknown size (its TLS traffic, for one, is not in sendnet).
// Identifiers in what was logged (IMEI, phone number, e-mail) are reads of their category.
import type { EventSink } from '../shared/event-sink.js';
import { bytesOfHex } from '../shared/byte-values.js';
import { hostFields, targetOfSocket } from '../shared/net-target.js';
import { featuresOfBody, featuresOfQuery, type PayloadFeatures } from '../shared/payload-features.js';
import { emitIdentifierReads } from '../shared/identifiers.js';
import { entriesOf, port, str, type Entry } from './sections.js';
import { isTlsRecord, parseHttpRequest } from './http-request.js';

function sameHost(s: Send, host: string): boolean {
  const h = hostFields(host);
  return 'dst_ip' in h ? s.body.dst_ip === h.dst_ip : s.body.dst_host === h.dst_host;
}

interface Send { ts: number; fd?: string; body: Record<string, unknown>; payload?: PayloadFeatures; bytes: number }

export function emitNetwork(doc: Record<string, unknown>, sink: EventSink): { sends: number; sms: number; calls: number; identified: number } {
  let identified = 0;
  const sends: Send[] = [];
  const lastOnFd = new Map<string, Send>();
  const usedOpens = new Set<Entry>();
  const opens = entriesOf(doc, 'opennet', sink);
  for (const { ts, value: v, field } of entriesOf(doc, 'sendnet', sink)) {
    const host = str(v.desthost);
    if (!host) { sink.issue('bad_record', 'sendnet entry without desthost: skipped', { field }); continue; }
    const fd = str(v.fd) ?? (typeof v.fd === 'number' ? String(v.fd) : undefined);
    const data = typeof v.data === 'string' ? bytesOfHex(v.data) : undefined;
    if (v.data !== undefined && !data) sink.issue('bad_value', 'data is not a hex string: bytes unknown', { field: `${field}.data` });
    const bytes = data ?? new Uint8Array(0);
    const http = parseHttpRequest(bytes);
    const prev = fd !== undefined ? lastOnFd.get(fd) : undefined;
    if (fd !== undefined) {
      const open = [...opens].reverse().find((o) => o.ts <= ts && (str(o.value.fd) ?? String(o.value.fd)) === fd);
      if (open) usedOpens.add(open);
    }
    if (!http && prev && sameHost(prev, host) && bytes.length > 0) {
      prev.bytes += bytes.length; // the body of the request the previous write started
      identified += emitIdentifierReads(sink, prev.ts, bytes);
      if (!prev.payload || prev.payload.format === 'form') prev.payload = featuresOfBody(bytes);
      continue;
    }
    const target = targetOfSocket(host, port(v.destport));
    const body: Record<string, unknown> = { ...target };
    let payload: PayloadFeatures | undefined;
    if (http) {
      body.proto = 'http';
      body.tls = false;
      body.method = http.method;
      body.path = http.path;
      if (http.host && http.host !== host) body.dst_host = http.host.toLowerCase();
      payload = http.body ? featuresOfBody(http.body) : http.query ? featuresOfQuery(http.query) : undefined;
    } else if (bytes.length) {
      if (isTlsRecord(bytes)) body.tls = true;
      payload = featuresOfBody(bytes);
    }
    const s: Send = { ts, body, bytes: bytes.length, ...(fd !== undefined ? { fd } : {}), ...(payload ? { payload } : {}) };
    identified += emitIdentifierReads(sink, ts, bytes);
    sends.push(s);
    if (fd !== undefined) lastOnFd.set(fd, s);
  }
  for (const s of sends) sink.emit(s.ts, 'net.send', { ...s.body, bytes_out: s.bytes, ...(s.payload ? { payload: s.payload } : {}), ...(s.fd ? { conn: `fd-${s.fd}` } : {}) });
  let opened = 0;
  for (const o of opens) {
    if (usedOpens.has(o)) continue;
    const host = str(o.value.desthost);
    if (!host) continue;
    opened++;
    const fd = str(o.value.fd);
    sink.emit(o.ts, 'net.send', { ...targetOfSocket(host, port(o.value.destport)), ...(fd ? { conn: `fd-${fd}` } : {}) });
  }
  let sms = 0;
  for (const { ts, value: v, field } of entriesOf(doc, 'sendsms', sink)) {
    const number = str(v.number);
    if (!number) { sink.issue('bad_record', 'sendsms entry without number: skipped', { field }); continue; }
    const msg = typeof v.message === 'string' ? Buffer.from(v.message, 'utf8') : undefined;
    sms++;
    identified += emitIdentifierReads(sink, ts, msg);
    sink.emit(ts, 'net.send', { dst_host: `sms:${number}`, proto: 'sms', ...(msg ? { bytes_out: msg.length } : {}), ...(msg && msg.length ? { payload: featuresOfBody(msg) } : {}) });
  }
  const calls = entriesOf(doc, 'phonecalls', sink).length;
  return { sends: sends.length + opened, sms, calls, identified };
}
