// Real receivers for the forwarding tests: Debian's rsyslogd on loopback ports writing what it
// parsed to a file (one JSON object per message, built by rsyslog's own RFC 5424 parser), and an
// HTTP receiver that checks webhook signatures with its own HMAC code. Both can be stopped and
// started again on the same port (outages).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './nats-helpers.js';
import { tmp } from './helpers.js';
export { parseCef, sdParams } from './syslog-parse.js';

export const RSYSLOGD = ['/usr/sbin/rsyslogd', '/usr/bin/rsyslogd'].find((p) => existsSync(p)) ?? 'rsyslogd';
const TLS_DRIVER = ['/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ossl.so', '/usr/lib/aarch64-linux-gnu/rsyslog/lmnsd_ossl.so', '/usr/lib/rsyslog/lmnsd_ossl.so'];
export const rsyslogInstalled = spawnSync(RSYSLOGD, ['-v']).status === 0
  && TLS_DRIVER.some((p) => existsSync(p)) && spawnSync('openssl', ['version']).status === 0;
if (!rsyslogInstalled && process.env.CI) throw new Error(`CI: rsyslogd (${RSYSLOGD}), its TLS driver (rsyslog-openssl) or openssl is missing; npm test installs them (scripts/ensure-rsyslog.sh)`);
if (!rsyslogInstalled) console.log(`forwarding: rsyslogd, rsyslog-openssl or openssl not found: the syslog receiver tests are skipped (sh scripts/ensure-rsyslog.sh installs them)`);

/** what rsyslog parsed from one message */
export interface SyslogRecord {
  pri: string; version: string; timestamp: string; hostname: string; app: string; procid: string; msgid: string;
  sd: string; msg: string; input: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, f: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export class Rsyslog {
  readonly dir = tmp('ct-rsyslog-');
  readonly out = join(this.dir, 'messages.jsonl');
  private proc?: ChildProcess;
  /** self-signed certificate of the TLS input (CN localhost, SAN 127.0.0.1) */
  readonly cert = join(this.dir, 'cert.pem');
  private constructor(readonly tcpPort: number, readonly udpPort: number, readonly tlsPort: number) {}

  static async start(): Promise<Rsyslog> {
    const r = new Rsyslog(await freePort(), await freePort(), await freePort());
    const key = join(r.dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', r.cert], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl req failed: ${made.stderr}`);
    await r.launch();
    return r;
  }

  async launch(): Promise<void> {
    const conf = join(this.dir, 'rsyslog.conf');
    // maxMessageSize before the inputs load (alert JSON is larger than the 8k default);
    // every field comes from rsyslog's RFC 5424 parser, escaped by rsyslog as JSON
    writeFileSync(conf, `
global(workDirectory="${this.dir}" maxMessageSize="256k" DefaultNetstreamDriverCAFile="${this.cert}"
  DefaultNetstreamDriverCertFile="${this.cert}" DefaultNetstreamDriverKeyFile="${join(this.dir, 'key.pem')}")
module(load="imtcp")
module(load="imudp")
input(type="imtcp" port="${this.tcpPort}" address="127.0.0.1" name="tcp")
input(type="imtcp" port="${this.tlsPort}" address="127.0.0.1" name="tls" streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon")
input(type="imudp" port="${this.udpPort}" address="127.0.0.1" name="udp")
template(name="parsed" type="list") {
  constant(value="{")
  property(name="pri" format="jsonf" outname="pri") constant(value=",")
  property(name="protocol-version" format="jsonf" outname="version") constant(value=",")
  property(name="timereported" dateFormat="rfc3339" format="jsonf" outname="timestamp") constant(value=",")
  property(name="hostname" format="jsonf" outname="hostname") constant(value=",")
  property(name="app-name" format="jsonf" outname="app") constant(value=",")
  property(name="procid" format="jsonf" outname="procid") constant(value=",")
  property(name="msgid" format="jsonf" outname="msgid") constant(value=",")
  property(name="structured-data" format="jsonf" outname="sd") constant(value=",")
  property(name="inputname" format="jsonf" outname="input") constant(value=",")
  property(name="msg" format="jsonf" outname="msg" droplastlf="on")
  constant(value="}\\n")
}
*.* action(type="omfile" file="${this.out}" template="parsed")
`);
    this.proc = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', join(this.dir, 'rsyslogd.pid')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    this.proc.stderr!.on('data', (d) => { err += d; });
    const p = this.proc;
    // listening: a TCP connect succeeds
    await until(`rsyslogd on ${this.tcpPort} (${err})`, async () => p.exitCode === null && await canConnect(this.tcpPort));
  }

  records(): SyslogRecord[] {
    if (!existsSync(this.out)) return [];
    return readFileSync(this.out, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as SyslogRecord);
  }

  async waitRecords(n: number, ms = 20_000): Promise<SyslogRecord[]> {
    await until(`${n} syslog record(s) (have ${this.records().length})`, () => this.records().length >= n, ms);
    return this.records();
  }

  /** stops by pid and waits for the exit */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    process.kill(p.pid!, 'SIGTERM');
    await exited;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => { const c = connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); }); c.once('error', () => resolve(false)); });
}

export interface Delivery { id: string; rev: number; final: boolean; body: string; json: any; signed: boolean; headers: Record<string, string> }

/** HTTP receiver on 127.0.0.1: checks X-Ciphertrail-Signature (its own HMAC, not ciphertrail's
 *  code), keeps every delivery; `status` answers something else than 200 (outage, rejection) */
export class HttpReceiver {
  readonly deliveries: Delivery[] = [];
  readonly refused: { status: number; reason: string }[] = [];
  status = 200;
  private server?: Server;
  private constructor(readonly port: number, private readonly secret?: Buffer) {}

  /** listening on `port` (default a free one); `listen: false` keeps it closed until up() */
  static async start(secret?: Buffer, o: { port?: number; listen?: boolean } = {}): Promise<HttpReceiver> {
    const r = new HttpReceiver(o.port ?? await freePort(), secret);
    if (o.listen !== false) await r.up();
    return r;
  }
  get url(): string { return `http://127.0.0.1:${this.port}/x`; }

  private verify(req: IncomingMessage, body: string): string | undefined {
    if (!this.secret) return undefined;
    const ts = String(req.headers['x-ciphertrail-timestamp'] ?? '');
    const sig = String(req.headers['x-ciphertrail-signature'] ?? '');
    if (!/^\d+$/.test(ts)) return 'no timestamp';
    if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return 'stale timestamp';
    const want = Buffer.from('v1=' + createHmac('sha256', this.secret).update(ts + '.' + body).digest('hex'));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got) ? undefined : 'bad signature';
  }

  up(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const bad = this.verify(req, body);
        if (bad) { this.refused.push({ status: 401, reason: bad }); res.writeHead(401).end(bad); return; }
        if (this.status !== 200) { this.refused.push({ status: this.status, reason: 'told to' }); res.writeHead(this.status).end(); return; }
        this.deliveries.push({
          id: String(req.headers['x-ciphertrail-alert-id']), rev: Number(req.headers['x-ciphertrail-alert-rev']),
          final: req.headers['x-ciphertrail-final'] === 'true', body, json: JSON.parse(body), signed: !!this.secret,
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        });
        res.writeHead(200).end('ok');
      });
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
  }

  /** closes the port (connections refused) until up() */
  down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return Promise.resolve();
    s.closeAllConnections();
    return new Promise((resolve) => s.close(() => resolve()));
  }
}

/** de-duplication as a receiver does it: the first delivery of each id + rev */
export function dedup<T extends { id: string; rev: number }>(xs: T[]): { unique: Map<string, T>; duplicates: number } {
  const unique = new Map<string, T>();
  for (const x of xs) if (!unique.has(`${x.id}#${x.rev}`)) unique.set(`${x.id}#${x.rev}`, x);
  return { unique, duplicates: xs.length - unique.size };
}
