// `ciphertrail serve` as a function: opens the store, rebuilds the engine from the stored recent
// events, listens. Used by the CLI and by the tests (port 0 = a random free port).
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { DEFAULT_POLICY, type Issue, type Policy } from '../model/index.js';
import { parsePolicy } from '../policy/index.js';
import { openDb } from '../store/db.js';
import { EventsStore } from '../store/events-store.js';
import { AlertsStore, type StoredVersion } from '../store/alerts-store.js';
import { TokenVerifier } from '../store/tokens.js';
import { latestApiPolicy, latestPolicy, recordPolicy } from '../store/policy-store.js';
import { buildApp, type PolicyState } from './app.js';
import { LiveEngine } from './live-engine.js';
import { keyHorizonsOf, type EngineHost } from '../analytics/index.js';
import { NatsBridge } from '../nats/server-bridge.js';
import { NatsOutboxStore } from '../store/nats-outbox-store.js';
import { Metrics } from './metrics.js';
import { TokenBuckets, type RateLimit } from './rate-limit.js';
import { SseHub } from './sse.js';
import { DASHBOARD_DIR } from './static-files.js';
import { storedCoverage } from '../store/coverage-query.js';
import { pruneEvents } from '../store/maintenance.js';
import { BaselineStore } from '../store/baseline-store.js';
import { RollingBaseline } from './rolling-baseline.js';
import { ForwardStore } from '../store/forward-store.js';
import { ForwardSet, forwardMetrics, type ForwardSetup } from '../forward/outputs.js';
import { systemClock, type Clock, type Backoff } from '../forward/clock.js';

export interface StartOptions {
  /** 0 = a random free port; default 8731 */
  port?: number;
  db: string;
  policyPath?: string;
  /** default 127.0.0.1 */
  host?: string;
  /** ms of event time an event may arrive late and still be ordered (default 30 s) */
  lateness?: number;
  /** wall ms without ingest after which buffered events are released (default 1000) */
  idleFlushMs?: number;
  /** default 16 MiB, before and after gunzip */
  maxBodyBytes?: number;
  /** longest event line of a request body, in characters (default MAX_LINE_LENGTH, 1 MiB) */
  maxLineLength?: number;
  /** adapters of ?from= bodies: fingerprint secret and URL path segments (app.ts) */
  adapterOptions?: { fpSecret?: string; pathSegments?: number };
  /** per-token ingest bucket in events; null turns it off */
  rateLimit?: RateLimit | null;
  /** SSE heartbeat period (default 15 s) */
  heartbeatMs?: number;
  dashboardDir?: string;
  log?: (line: string) => void;
  /** wall clock for audit records (tests inject one); default Date.now */
  clock?: () => number;
  /** NATS JetStream URL: ingest publishes to the stream and the workers' alerts are stored here,
   *  instead of the embedded engine (src/nats/server-bridge.ts) */
  nats?: string;
  /** with `nats`: publish the key uses ahead of the batches (exact cross-partition key counts,
   *  `publish --exact-keys`) */
  natsExactKeys?: boolean;
  /** keep this much event time of stored events before the newest one (serve --retain 30d); older
   *  events are pruned at start and every `retainEveryMs` (default 1 h); alerts are kept */
  retainMs?: number;
  retainEveryMs?: number;
  /** outputs every stored alert version is forwarded to (src/forward), queued in the database */
  forward?: ForwardSetup & { clock?: Clock; backoff?: Backoff; maxPending?: number };
}

export interface RunningServer {
  url: string;
  /** every route the app registered (method, Hono path), middleware included: what the OpenAPI test holds the document to */
  routes: readonly { method: string; path: string }[];
  /** re-reads the --policy file (SIGHUP); an invalid file keeps the policy in force */
  reloadPolicy(): Promise<{ ok: boolean; issues: Issue[] }>;
  /** stops listening, lets the requests in flight finish, closes the engine host (with --nats:
   *  every accepted event published; rejects naming what was not), then the store */
  close(): Promise<void>;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { eventsPerSecond: 50_000, burst: 200_000 };

export class PolicyError extends Error {
  constructor(message: string, readonly issues: Issue[]) { super(message); this.name = 'PolicyError'; }
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const now0 = opts.clock ?? Date.now;
  const lateness = opts.lateness ?? 30_000;
  const db = openDb(opts.db);
  const events = new EventsStore(db);
  const alerts = new AlertsStore(db);
  const verifier = new TokenVerifier(db);
  const hub = new SseHub(opts.heartbeatMs ?? 15_000, (id) => verifier.isActive(id));
  const metrics = new Metrics();

  // the policy at start: --policy FILE, else the last one PUT through the API, else the defaults
  let initial: Policy = DEFAULT_POLICY;
  let state: PolicyState = { text: null, source: 'default', path: null, updated_at: Date.now() };
  const close0 = () => { hub.close(); db.close(); };
  // text of the policy in force before this start ('' = defaults); a different one re-scores
  const previous = latestPolicy(db);
  try {
    if (opts.policyPath) {
      const text = await readPolicyText(opts.policyPath);
      const r = parsePolicy(text, opts.policyPath);
      if (!r.value) throw new PolicyError(`policy ${opts.policyPath} is invalid (${r.issues.length} problem(s))`, r.issues);
      initial = r.value;
      state = { text, source: 'file', path: opts.policyPath, updated_at: Date.now() };
      if (previous?.text !== text || previous.source !== 'file') recordPolicy(db, { source: 'file', path: opts.policyPath, text, at: state.updated_at });
    } else {
      const saved = latestApiPolicy(db);
      const r = saved ? parsePolicy(saved.text, 'stored policy') : undefined;
      if (saved && r?.value) { initial = r.value; state = { text: saved.text, source: 'api', path: null, updated_at: saved.at }; }
      else if (previous && previous.source !== 'default') recordPolicy(db, { source: 'default', path: null, text: '', at: state.updated_at });
    }
  } catch (e) { close0(); throw e; }

  // the forwarders' queues exist before the engine stores anything (a new output starts there)
  const fwdStore = new ForwardStore(db, now0);
  const forward = opts.forward?.outputs.length
    ? await ForwardSet.open(opts.forward, { queue: (o) => fwdStore.queue(o.name, opts.forward?.maxPending), clock: opts.forward.clock ?? systemClock, log, ...(opts.forward.backoff ? { backoff: opts.forward.backoff } : {}) })
      .catch((e: unknown) => { close0(); throw e; })
    : undefined;
  const onStored = (v: StoredVersion) => { hub.publish('alert', v.view, v.seq); fwdStore.notify(); };
  // NATS mode: the bridge hosts the engine's work on the workers instead of in this process
  const live: EngineHost = opts.nats
    ? await NatsBridge.open({ url: opts.nats, policy: initial, alerts, onStored, log, idleMs: opts.idleFlushMs ?? 1000, outbox: new NatsOutboxStore(db), ...(opts.natsExactKeys ? { exactKeys: { ...keyHorizonsOf(initial, lateness), lateness } } : {}) }).catch((e: unknown) => { close0(); throw e; })
    : new LiveEngine({ db, events, alerts, policy: initial, lateness, idleFlushMs: opts.idleFlushMs ?? 1000, log, onStored });
  const policyChanged = (previous?.text ?? '') !== (state.text ?? '');
  if (!opts.nats) new NatsOutboxStore(db).forget();
  const rebuilt = opts.nats ? { replayed: 0, rescored: 0, ms: 0 } : live.rebuild(initial, policyChanged);
  if (rebuilt.replayed > 0) {
    log(`ciphertrail: engine rebuilt from ${rebuilt.replayed} stored event(s)${policyChanged ? ` under a changed policy, ${rebuilt.rescored} alert(s) re-scored` : ''} in ${Math.round(rebuilt.ms)} ms`);
  }

  const applyPolicy = (text: string, source: 'api' | 'file', path: string | null) => {
    const r = parsePolicy(text, path ?? 'policy');
    if (!r.value) { metrics.countReload('invalid'); return { ok: false, issues: r.issues }; }
    const t = live.rebuild(r.value, true);
    const at = Date.now();
    recordPolicy(db, { source, path, text, at });
    state = { text, source, path, updated_at: at };
    metrics.countReload('ok');
    hub.publish('policy', { source, updated_at: at });
    log(`ciphertrail: policy applied from ${source === 'file' ? path : 'the API'}; engine rebuilt from ${t.replayed} stored event(s), ${t.rescored} alert(s) re-scored, in ${Math.round(t.ms)} ms`);
    return { ok: true, issues: [] as Issue[] };
  };

  const now = opts.clock ?? Date.now;
  const baselineStore = new BaselineStore(db);
  const baseline = new RollingBaseline(baselineStore, now, undefined, log);
  const rate = opts.rateLimit === undefined ? DEFAULT_RATE_LIMIT : opts.rateLimit;
  const app = buildApp({
    events, alerts, live, hub, verifier, buckets: rate ? new TokenBuckets(rate) : null, metrics,
    maxBodyBytes: opts.maxBodyBytes ?? 16 * 1024 * 1024, ...(opts.maxLineLength ? { maxLineLength: opts.maxLineLength } : {}), ...(opts.adapterOptions ? { adapterOptions: opts.adapterOptions } : {}), dashboardDir: opts.dashboardDir ?? DASHBOARD_DIR,
    startedAt: Date.now(), policyState: () => state, applyPolicy, log,
    storedCoverage: () => storedCoverage(db),
    inventory: { baseline, store: baselineStore, policy: () => live.policy, policyText: () => state.text, applyPolicy, now },
    ...(forward ? { forward: { metrics: () => forwardMetrics(forward), status: () => ({ outputs: forward.status(), dead_letters: fwdStore.deadLetters() }) } } : {}),
  });

  const host = opts.host ?? '127.0.0.1';
  let server: Server;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve({ fetch: app.fetch, port: opts.port ?? 8731, hostname: host }, (info) => resolve(info)) as Server;
    server.once('error', reject);
  }).catch(async (e: unknown) => { await live.close().catch(() => undefined); await forward?.close().catch(() => undefined); close0(); throw e; });
  forward?.start();
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;

  // retention by event time: the cut-off follows the newest stored event, not the wall clock
  const retain = () => {
    const newest = events.newestTs();
    if (opts.retainMs === undefined || newest === undefined) return;
    const r = pruneEvents(db, newest - opts.retainMs, live.policy, lateness);
    if (r.deleted > 0) log(`ciphertrail: retention pruned ${r.deleted} event(s) before ${new Date(r.before).toISOString()}; ${r.kept} kept`);
  };
  retain();
  const retainTimer = opts.retainMs === undefined ? undefined : setInterval(retain, opts.retainEveryMs ?? 3_600_000);
  retainTimer?.unref();

  let closing: Promise<void> | undefined;
  return {
    routes: app.routes.map((r) => ({ method: r.method, path: r.path })),
    url,
    async reloadPolicy() {
      if (!opts.policyPath) return { ok: false, issues: [{ code: 'no_policy_file', message: 'the server was started without --policy FILE' }] };
      let text: string;
      try { text = await readPolicyText(opts.policyPath); } catch (e) {
        metrics.countReload('invalid');
        return { ok: false, issues: [{ code: 'read_error', message: (e as Error).message, file: opts.policyPath }] };
      }
      return applyPolicy(text, 'file', opts.policyPath);
    },
    close() {
      closing ??= (async () => {
        clearInterval(retainTimer);
        hub.close();
        // in-flight requests finish (their store work is synchronous); idle keep-alive sockets go now
        // forwarders stop between batches: what they did not deliver stays queued for the next start
        const stopped = forward ? forward.close() : Promise.resolve();
        await new Promise<void>((resolve) => {
          const idle = setInterval(() => server.closeIdleConnections?.(), 50);
          const force = setTimeout(() => server.closeAllConnections?.(), 1000);
          server.close(() => { clearInterval(idle); clearTimeout(force); resolve(); });
          server.closeIdleConnections?.();
        });
        // then the engine host, which has had its last feed: with --nats it publishes what the
        // last requests accepted (the store stays open for the alerts it consumes meanwhile)
        try { await live.close(); } finally { await stopped.catch(() => undefined); db.close(); }
      })();
      return closing;
    },
  };
}

async function readPolicyText(path: string): Promise<string> {
  try { return await readFile(path, 'utf8'); } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new PolicyError(`cannot read policy file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`, [
      { code: 'read_error', message: `cannot read policy file: ${err.message}`, file: path },
    ]);
  }
}
