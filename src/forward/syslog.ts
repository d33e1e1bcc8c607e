// Syslog transports. TCP and TLS keep one connection and send octet-counted RFC 5424 messages;
// UDP sends one datagram per message (no acknowledgement, no retry: at most once).
//
// Syslog over TCP has no application acknowledgement: a message is taken as delivered once the
// kernel accepted it AND the connection stayed up for `settleMs` after the batch (a collector
// that stops closes the connection, which shows here within that time); otherwise the whole
// batch is sent again on a new connection (receivers de-duplicate by id and rev).
import { Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Clock } from './clock.js';
import type { Message, Outcome, Transport } from './transport.js';
import { octetCounted, syslogMessage } from './syslog-frame.js';

export interface SyslogOptions {
  transport: 'tcp' | 'udp' | 'tls';
  host: string;
  port: number;
  facility: number;
  hostname: string;
  ca?: Buffer;
  clock: Clock;
  settleMs?: number;
  connectTimeoutMs?: number;
}

/** UDP over IPv4 carries at most 65507 bytes */
const UDP_MAX = 65_507;

export class SyslogTransport implements Transport {
  readonly batchMax: number;
  private sock?: Socket | TLSSocket;
  private broken?: string;
  private udp?: UdpSocket;

  constructor(private readonly o: SyslogOptions) { this.batchMax = o.transport === 'udp' ? 1 : 100; }

  private frame(m: Message): string { return syslogMessage(m.alert, m.final, m.text, this.o.facility, this.o.hostname); }

  async send(messages: Message[]): Promise<Outcome> {
    if (this.o.transport === 'udp') return this.sendUdp(messages[0]);
    const sock = await this.connect().catch((e: Error) => e);
    if (sock instanceof Error) return { ok: false, kind: 'unavailable', reason: sock.message };
    const data = Buffer.concat(messages.map((m) => octetCounted(this.frame(m))));
    const written = await new Promise<Error | undefined>((resolve) => sock.write(data, (e) => resolve(e ?? undefined)));
    if (!written) await this.o.clock.sleep(this.o.settleMs ?? 50);
    const why = written?.message ?? this.broken;
    if (why) { this.drop(); return { ok: false, kind: 'unavailable', reason: why }; }
    return { ok: true };
  }

  private connect(): Promise<Socket | TLSSocket> {
    if (this.sock && !this.broken) return Promise.resolve(this.sock);
    this.drop();
    return new Promise((resolve, reject) => {
      const { host, port } = this.o;
      const s = this.o.transport === 'tls'
        ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(this.o.ca ? { ca: this.o.ca } : {}) })
        : tcpConnect({ host, port });
      const timer = setTimeout(() => { s.destroy(); reject(new Error('connect timeout')); }, this.o.connectTimeoutMs ?? 5000);
      const fail = (e: Error) => { clearTimeout(timer); s.destroy(); reject(new Error((e as NodeJS.ErrnoException).code ?? e.message)); };
      s.once('error', fail);
      s.once(this.o.transport === 'tls' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        s.off('error', fail);
        this.broken = undefined;
        // end or close mean the collector is going away; a socket replaced since says nothing
        const mark = (why: string) => { if (this.sock === s) this.broken ??= why; };
        s.on('error', (e: NodeJS.ErrnoException) => mark(e.code ?? e.message));
        s.on('end', () => mark('closed by the collector'));
        s.on('close', () => mark('connection closed'));
        s.on('data', () => undefined);
        this.sock = s;
        resolve(s);
      });
    });
  }

  private drop(): void { this.sock?.destroy(); this.sock = undefined; }

  private async sendUdp(m: Message): Promise<Outcome> {
    const b = Buffer.from(this.frame(m), 'utf8');
    if (b.length > UDP_MAX) return { ok: false, kind: 'rejected', reason: `message of ${b.length} bytes is over the UDP limit (${UDP_MAX}); use tcp or format=cef` };
    this.udp ??= createSocket(isIP(this.o.host) === 6 ? 'udp6' : 'udp4');
    const e = await new Promise<Error | null>((resolve) => this.udp!.send(b, this.o.port, this.o.host, (err) => resolve(err)));
    return e ? { ok: false, kind: 'unavailable', reason: (e as NodeJS.ErrnoException).code ?? e.message } : { ok: true };
  }

  async close(): Promise<void> {
    const s = this.sock;
    this.sock = undefined;
    if (s) await new Promise<void>((r) => { s.once('close', () => r()); s.end(); setTimeout(() => { s.destroy(); r(); }, 1000).unref(); });
    this.udp?.close();
  }
}
