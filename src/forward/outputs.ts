// Outputs as running forwarders: reads each output's secret, Authorization and CA files, builds its
// transport, and starts one forwarder per output on the queue the host gives it. Also the
// Prometheus lines of their figures.
import { hostname as osHostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import type { Clock, Backoff } from './clock.js';
import { Forwarder, type ForwardStats } from './forwarder.js';
import type { ForwardQueue } from './queue.js';
import { CONTENT_TYPE } from './render.js';
import { readSecretFile, SecretFileError } from './sign.js';
import type { OutputSpec } from './spec.js';
import { SyslogTransport } from './syslog.js';
import type { Transport } from './transport.js';
import { WebhookTransport } from './webhook.js';

export interface ForwardSetup {
  outputs: OutputSpec[];
  /** --forward-secret-file: signs every webhook that has no secret_file of its own */
  secretFile?: string;
}

export interface ForwardHost {
  /** the queue of one output (named by spec.name) */
  queue(spec: OutputSpec): ForwardQueue | Promise<ForwardQueue>;
  clock: Clock;
  log: (line: string) => void;
  backoff?: Backoff;
  /** syslog HOSTNAME (default the machine's name) */
  hostname?: string;
  /** TCP syslog: how long the connection must stay up after a batch (default 50 ms) */
  settleMs?: number;
}

async function readFileOrThrow(path: string, what: string): Promise<string> {
  try { return (await readFile(path, 'utf8')).trim(); } catch (e) {
    throw new SecretFileError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

async function transportOf(spec: OutputSpec, setup: ForwardSetup, host: ForwardHost): Promise<Transport> {
  const t = spec.target;
  if (t.kind === 'webhook') {
    const secretFile = spec.secretFile ?? setup.secretFile;
    return new WebhookTransport({
      url: t.url, contentType: CONTENT_TYPE[spec.format], clock: host.clock,
      ...(secretFile ? { secret: await readSecretFile(secretFile) } : {}),
      ...(spec.authFile ? { authorization: await readFileOrThrow(spec.authFile, 'Authorization file') } : {}),
    });
  }
  return new SyslogTransport({
    transport: t.transport, host: t.host, port: t.port, facility: spec.facility, hostname: host.hostname ?? osHostname(), clock: host.clock,
    ...(spec.caFile ? { ca: await readFile(spec.caFile).catch(() => { throw new SecretFileError(`cannot read CA file ${spec.caFile}`); }) } : {}),
    ...(host.settleMs !== undefined ? { settleMs: host.settleMs } : {}),
  });
}

export class ForwardSet {
  private constructor(readonly forwarders: Forwarder[]) {}

  /** reads every file first: a missing secret stops the start, nothing half-configured runs */
  static async open(setup: ForwardSetup, host: ForwardHost): Promise<ForwardSet> {
    const transports = await Promise.all(setup.outputs.map((o) => transportOf(o, setup, host)));
    const queues: ForwardQueue[] = [];
    for (const o of setup.outputs) queues.push(await host.queue(o));
    const set = new ForwardSet(setup.outputs.map((o, i) => new Forwarder(o, queues[i], transports[i], host.clock, host.backoff, host.log)));
    if (setup.secretFile && !setup.outputs.some((o) => o.target.kind === 'webhook')) host.log('forward: --forward-secret-file given but no webhook output to sign');
    return set;
  }

  start(): void { for (const f of this.forwarders) f.start(); }

  /** delivers what is queued; false when some output still holds versions when `signal` aborts */
  async drain(signal: AbortSignal): Promise<boolean> {
    const r = await Promise.all(this.forwarders.map((f) => f.drain(signal)));
    return r.every(Boolean);
  }

  async close(): Promise<void> { await Promise.all(this.forwarders.map((f) => f.close())); }

  status(): (ForwardStats & { pending: number; dead: number; format: string; versions: string; min_severity: string })[] {
    return this.forwarders.map((f) => ({
      ...f.stats, pending: f.queue.pending(), dead: f.queue.deadCount(), format: f.spec.format, versions: f.spec.versions, min_severity: f.spec.minSeverity,
    }));
  }
}

const label = (s: string) => s.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c));

/** Prometheus text lines (format 0.0.4) of every output's figures */
export function forwardMetrics(set: ForwardSet): string[] {
  const st = set.status();
  if (st.length === 0) return [];
  const out: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge', help: string, v: (s: (typeof st)[number]) => number) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const s of st) out.push(`${name}{output="${label(s.name)}"} ${v(s)}`);
  };
  family('ciphertrail_forward_sent_total', 'counter', 'Alert versions an output delivered (since start).', (s) => s.sent);
  family('ciphertrail_forward_retried_total', 'counter', 'Alert versions sent again after a failed send (since start).', (s) => s.retried);
  family('ciphertrail_forward_failures_total', 'counter', 'Failed sends: outages and rejections (since start).', (s) => s.failures);
  family('ciphertrail_forward_filtered_total', 'counter', 'Alert versions an output filter left out (since start).', (s) => s.filtered);
  family('ciphertrail_forward_pending', 'gauge', 'Alert versions waiting for delivery.', (s) => s.pending);
  family('ciphertrail_forward_dead_letters', 'gauge', 'Alert versions in the dead letters after max_attempts rejections.', (s) => s.dead);
  family('ciphertrail_forward_up', 'gauge', '1 while the last send of an output succeeded or none failed.', (s) => (s.state === 'retrying' ? 0 : 1));
  return out;
}
