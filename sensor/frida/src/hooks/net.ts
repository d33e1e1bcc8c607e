// Outbound transmissions -> net.send. Observed where every Java TCP byte passes: plain
// java.net.SocketOutputStream and the Conscrypt SSLOutputStream (plaintext before TLS), so
// HttpURLConnection, OkHttp (obfuscated or not), WebSocket and raw-socket C2 are seen once each,
// without double counting. Writes are merged per connection into bursts (300 ms idle, 5 s max);
// payload features are computed here from the first 4 KB; the payload never leaves the device.
// OkHttp RealCall and URL.openConnection only give hints (method/path for HTTP/2, whose headers
// are HPACK-compressed). UDP: DatagramSocket.send. Frida side.
import Java from 'frida-java-bridge';
import { Coalescer } from '../coalescer.js';
import { ByteSample } from '../entropy.js';
import { type NetProto, buildNetSend } from '../events.js';
import { PAYLOAD_SAMPLE_BYTES, reducePath, sniffPayload } from '../payload.js';
import { classifyTransmission, isTlsRecord } from '../stream-sniff.js';
import { fridaScheduler, runtime } from '../runtime.js';
import { takeEncoded } from './encoders.js';
import type { PayloadFeatures } from '../payload.js';
import { hook, hookLater, identity, inside, javaLength, outermost, readJavaBytes, safe } from '../java-util.js';

type Wrapper = Java.Wrapper;

interface Conn {
  host?: string;
  ip?: string;
  port?: number;
  tls: boolean;
  websocket?: boolean;
  conn: string;
  udp?: boolean;
}

interface Burst {
  conn: Conn;
  sample: ByteSample;
}

const conns = new Map<number, Conn>();

function rememberConn(id: number, c: Conn): Conn {
  conns.set(id, c);
  if (conns.size > 1024) {
    const oldest = conns.keys().next().value;
    if (oldest !== undefined) conns.delete(oldest);
  }
  return c;
}

/** "host/1.2.3.4" (InetAddress.toString, no reverse lookup) -> host, ip */
function splitInet(addr: Wrapper | null): { host?: string; ip?: string } {
  if (addr === null) return {};
  const text = String(addr.toString());
  const slash = text.indexOf('/');
  const host = slash > 0 ? text.slice(0, slash) : undefined;
  const ip = slash >= 0 ? text.slice(slash + 1) : String(addr.getHostAddress());
  return { host, ip: ip || undefined };
}

function connOf(socket: Wrapper, tls: boolean): Conn {
  const id = identity(socket);
  const known = conns.get(id);
  if (known && (known.ip || known.host)) return known;
  const c: Conn = { tls, conn: `s${id.toString(16)}` };
  safe('socket address', () => {
    const { host, ip } = splitInet(socket.getInetAddress());
    c.host = host;
    c.ip = ip;
    const port = Number(socket.getPort());
    if (port > 0) c.port = port;
  });
  if (tls) {
    safe('SNI host', () => {
      const sni = socket.getHostname();
      if (sni) c.host = String(sni);
    });
  }
  return rememberConn(id, c);
}

// --- hints from HTTP clients (HTTP/2 hides method and path in HPACK) ---

interface Hint {
  method?: string;
  path: string;
  ts: number;
}
const hints = new Map<string, Hint[]>();

function addHint(host: string, hint: Hint): void {
  const list = hints.get(host) ?? [];
  list.push(hint);
  if (list.length > 16) list.shift();
  hints.set(host, list);
  if (hints.size > 256) {
    const oldest = hints.keys().next().value;
    if (oldest !== undefined) hints.delete(oldest);
  }
}

function takeHint(host: string | undefined, now: number): Hint | undefined {
  if (!host) return undefined;
  const list = hints.get(host);
  while (list && list.length > 0) {
    const h = list.shift()!;
    if (now - h.ts <= 10_000) return h;
  }
  return undefined;
}

// --- bursts ---

const bursts = new Coalescer<string, Burst>(fridaScheduler, { idleMs: 300, maxMs: 5000, maxEntries: 256 }, (_k, b) => {
  const total = b.sample.total;
  if (total === 0) return;
  const c = b.conn;
  if (!c.host && !c.ip) return;
  if (c.udp) {
    const proto: NetProto = c.port === 53 ? 'dns' : 'udp';
    runtime.emit(buildNetSend({
      bytes_out: total, dst_host: c.host, dst_ip: c.ip, dst_port: c.port, proto, tls: false,
      payload: sniffPayload(b.sample.sample, total), conn: c.conn,
    }));
    return;
  }
  // a TLS socket layered over a plain one (ConscryptEngineSocket): its records, handshake
  // included, are written to the plain stream; the plaintext is reported by the SSL stream
  if (!c.tls && isTlsRecord(b.sample.sample)) return;
  const t = classifyTransmission(b.sample.sample, total, { tls: c.tls, websocket: c.websocket });
  if (t.upgradesToWebSocket) c.websocket = true;
  const host = t.host ?? c.host;
  let { method, path } = t;
  if (method === undefined && (t.proto === 'https' || t.proto === 'http')) {
    const h = takeHint(host, Date.now());
    if (h) ({ method, path } = h);
  }
  // paths can carry user ids and tokens: only the first segments leave, unless configured
  if (path !== undefined) path = reducePath(path, runtime.params.path_segments);
  runtime.emit(buildNetSend({
    bytes_out: total, dst_host: host, dst_ip: c.ip, dst_port: c.port, proto: t.proto, tls: c.tls,
    method, path, payload: withEncoded(t.payload), conn: c.conn,
  }));
});

/** The app's last Base64 encoding of high-entropy bytes, when the payload itself showed none
 *  (HTTP/2 frames, compressed or binary envelopes): the send carries what was encoded for it. */
function withEncoded(payload: PayloadFeatures | undefined): PayloadFeatures | undefined {
  const enc = takeEncoded(Date.now());
  if (!enc || (payload?.enc_bytes ?? 0) > 0) return payload;
  const p: PayloadFeatures = { ...(payload ?? {}) };
  p.b64_fields = Math.max(1, p.b64_fields ?? 0);
  if (enc.hex) p.hex_fields = Math.max(1, p.hex_fields ?? 0);
  p.enc_entropy = enc.entropy;
  p.enc_bytes = enc.bytes;
  return p;
}

function addBytes(c: Conn, length: number, read: (max: number) => ArrayLike<number>): void {
  bursts.add(c.conn, () => ({ conn: c, sample: new ByteSample(PAYLOAD_SAMPLE_BYTES) }), (b) => b.sample.add(length, read));
}

/** (int) | ([B) | ([B, int, int) -> length and a reader of the written bytes */
function writeArgs(types: string[], args: any[]): { length: number; read: (max: number) => ArrayLike<number> } {
  if (types.length === 1 && types[0] === 'int') return { length: 1, read: () => [args[0] as number] };
  if (types.length === 1) {
    const length = javaLength(args[0]);
    return { length, read: (max) => readJavaBytes(args[0], 0, length, max) };
  }
  const off = args[1] as number;
  const length = args[2] as number;
  return { length, read: (max) => readJavaBytes(args[0], off, length, max) };
}

function hookPlainSockets(): void {
  hook('java.net.SocketOutputStream', 'write', (self, args, original, ov) => {
    const types = ov.argumentTypes.map((t) => t.className ?? t.name);
    return outermost('sock.write', original, () => {
      if (inside('tls.write')) return; // ciphertext of a layered TLS socket
      const socket = safe('SocketOutputStream.socket', () => self.socket.value as Wrapper | null);
      if (!socket) return;
      const { length, read } = writeArgs(types, args);
      addBytes(connOf(socket, false), length, read);
    });
  });
}

const SSL_STREAMS = [
  'com.android.org.conscrypt.ConscryptFileDescriptorSocket$SSLOutputStream',
  'com.android.org.conscrypt.ConscryptEngineSocket$SSLOutputStream',
  'com.android.org.conscrypt.OpenSSLSocketImpl$SSLOutputStream', // Android ≤ 9
];
/** Conscrypt bundled in the app (org.conscrypt): loaded with the app's classes, maybe later. */
const APP_SSL_STREAMS = [
  'org.conscrypt.ConscryptFileDescriptorSocket$SSLOutputStream',
  'org.conscrypt.ConscryptEngineSocket$SSLOutputStream',
];

function sslWriteHook(self: Wrapper, args: any[], original: () => any, ov: Java.Method): any {
  const types = ov.argumentTypes.map((t) => t.className ?? t.name);
  return outermost('tls.write', original, () => {
    const socket = safe('SSLOutputStream.this$0', () => self.this$0.value as Wrapper);
    if (!socket) return;
    const { length, read } = writeArgs(types, args);
    addBytes(connOf(socket, true), length, read);
  });
}

const writeOverloads = (types: string[]): boolean =>
  (types.length === 1 && types[0] === 'int') || (types.length === 3 && types[0] === '[B');

function hookTlsSockets(): void {
  for (const cls of SSL_STREAMS) hook(cls, 'write', sslWriteHook, writeOverloads);
  for (const cls of APP_SSL_STREAMS) hookLater(cls, 'write', sslWriteHook, writeOverloads);
}

function hookUdp(): void {
  hook('java.net.DatagramSocket', 'send', (self, args, original) => outermost('udp.send', original, () => {
    const packet = args[0] as Wrapper | null;
    if (packet === null) return;
    const id = identity(self);
    let addr = packet.getAddress() as Wrapper | null;
    let port = Number(packet.getPort());
    if (addr === null) {
      addr = self.getInetAddress();
      port = Number(self.getPort());
    }
    const { host, ip } = splitInet(addr);
    const c = rememberConn(id, { host, ip, port: port > 0 ? port : undefined, tls: false, udp: true, conn: `u${id.toString(16)}` });
    const length = Number(packet.getLength());
    const off = Number(packet.getOffset());
    addBytes(c, length, (max) => readJavaBytes(packet.getData(), off, length, max));
  }));
}

/** OkHttp 3/4 calls and URL.openConnection: hints only (the socket layer emits net.send). */
function hookHttpHints(): void {
  const onCall = (self: Wrapper): void => {
    safe('OkHttp request', () => {
      const req = self.request();
      const url = req.url();
      addHint(String(url.host()), { method: String(req.method()), path: String(url.encodedPath()), ts: Date.now() });
    });
  };
  for (const cls of ['okhttp3.internal.connection.RealCall', 'okhttp3.RealCall']) {
    for (const m of ['execute', 'enqueue']) {
      hookLater(cls, m, (self, _args, original) => {
        onCall(self);
        return original();
      });
    }
  }
  hook('java.net.URL', 'openConnection', (self, _args, original) => {
    safe('URL.openConnection', () => {
      const protocol = String(self.getProtocol());
      if (protocol === 'http' || protocol === 'https') addHint(String(self.getHost()), { path: String(self.getPath() || '/'), ts: Date.now() });
    });
    return original();
  });
}

export function installNetHooks(): void {
  hookPlainSockets();
  hookTlsSockets();
  hookUdp();
  hookHttpHints();
}

export function flushNet(): void {
  bursts.flushAll();
}
