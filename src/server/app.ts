// HTTP routes (Hono). The contract: api/openapi.json (served at /v1/openapi.json) and docs/api.md.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { SEVERITIES, type Issue } from '../model/index.js';
import { hasScope, type Scope, type TokenInfo, type TokenVerifier } from '../store/tokens.js';
import { STATUSES, type AlertQuery, type AlertStatus, type AlertsStore } from '../store/alerts-store.js';
import type { EventsStore } from '../store/events-store.js';
import { HttpError } from './http-error.js';
import { parseBatch, readBody } from './ingest.js';
import { adaptBody, bodyHint } from './adapt-body.js';
import type { EngineHost } from '../analytics/index.js';
import { renderMetrics, type Metrics } from './metrics.js';
import type { TokenBuckets } from './rate-limit.js';
import { SseHub } from './sse.js';
import { staticFile } from './static-files.js';
import { registerAssuranceRoutes, type AssuranceDeps } from './assurance-routes.js';
import { reportResponse } from './report-route.js';
import { buildReport, type ReportAlert } from '../report/index.js';
import { registerInventoryRoutes, type InventoryDeps } from './inventory-routes.js';
import { openApiDocument } from './openapi.js';
import { VERSION } from '../version.js';

export { VERSION };

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export interface PolicyState { text: string | null; source: 'default' | 'file' | 'api'; path: string | null; updated_at: number }

export interface AppDeps {
  events: EventsStore;
  alerts: AlertsStore;
  live: EngineHost;
  hub: SseHub;
  verifier: TokenVerifier;
  buckets: TokenBuckets | null;
  metrics: Metrics;
  maxBodyBytes: number;
  /** longest event line of a request body (default MAX_LINE_LENGTH) */
  maxLineLength?: number;
  /** for bodies in a foreign format (?from=): the deployment's fingerprint secret and URL path
   *  segments, as the CLI takes them from the environment */
  adapterOptions?: { fpSecret?: string; pathSegments?: number };
  dashboardDir: string;
  startedAt: number;
  policyState: () => PolicyState;
  applyPolicy: (text: string, source: 'api' | 'file', path: string | null) => { ok: boolean; issues: Issue[] };
  log: (line: string) => void;
  /** coverage of the stored telemetry (GET /v1/coverage); without it the route is absent */
  storedCoverage?: AssuranceDeps['storedCoverage'];
  /** rolling baseline and inventory review (absent: no inventory routes) */
  inventory?: Omit<InventoryDeps, 'auth' | 'readJson' | 'openAlerts'>;
  /** forwarding outputs (absent: no /v1/forward, no forward metrics) */
  forward?: { metrics: () => string[]; status: () => unknown };
}

type Env = { Variables: { token: TokenInfo } };

const MAX_POLICY_BYTES = 1 << 20;
const MAX_COMMENT = 2000;

function bearer(c: Context, allowQuery: boolean): string | undefined {
  const h = c.req.header('authorization');
  if (h) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    return m ? m[1] : undefined;
  }
  return allowQuery ? c.req.query('token') : undefined;
}

function auth(deps: AppDeps, scope: Scope, allowQuery = false): MiddlewareHandler<Env> {
  return async (c, next) => {
    const presented = bearer(c, allowQuery);
    const create = `ciphertrail token create --db FILE --scope ${scope}`;
    if (!presented) throw new HttpError(401, 'unauthorized', `this route needs a token with scope ${scope}: send Authorization: Bearer TOKEN (create one with: ${create})`, { scope }, { 'WWW-Authenticate': `Bearer scope="${scope}"` });
    const t = deps.verifier.verify(presented);
    if (!t) throw new HttpError(401, 'unauthorized', `unknown or revoked token; this route needs a token with scope ${scope} (${create})`, { scope }, { 'WWW-Authenticate': `Bearer error="invalid_token", scope="${scope}"` });
    if (!hasScope(t, scope)) throw new HttpError(403, 'forbidden', `this route needs scope ${scope}${scope === 'admin' ? '' : ' (or admin)'}; the token has ${t.scopes.join(', ')} (create one with: ${create})`, { scope }, { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"` });
    c.set('token', t);
    await next();
  };
}

function errorBody(e: HttpError) {
  return { error: e.code, message: e.message, ...e.extra };
}

/** epoch ms or an RFC 3339 date */
function timeParam(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new HttpError(400, 'bad_query', `${name}: want epoch ms or an RFC 3339 date, got '${v}'`);
  return t;
}

function listParam(name: string, v: string | undefined, allowed: readonly string[]): string[] | undefined {
  if (v === undefined || v === '') return undefined;
  const xs = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const x of xs) if (!allowed.includes(x)) throw new HttpError(400, 'bad_query', `${name}: '${x}' is not one of ${allowed.join(', ')}`);
  return xs;
}

export function encodeCursor(c: { last_ts: number; id: string }): string {
  return Buffer.from(JSON.stringify([c.last_ts, c.id])).toString('base64url');
}

function decodeCursor(s: string): { last_ts: number; id: string } {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string') return { last_ts: v[0], id: v[1] };
  } catch { /* fall through */ }
  throw new HttpError(400, 'bad_cursor', 'cursor is not one this server returned');
}

async function readText(c: Context, max: number): Promise<string> {
  const buf = await readBody(c.req.raw, max);
  return buf.toString('utf8');
}

export function buildApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    await next();
    const h = c.res.headers;
    // a route may set a stricter policy of its own (the HTML incident report)
    if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  });

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      if (c.req.path === '/v1/events') deps.metrics.countIngest(err.status);
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json(errorBody(err), err.status as 400);
    }
    deps.log(`ciphertrail: ${c.req.method} ${c.req.path} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    if (c.req.path === '/v1/events') deps.metrics.countIngest(500);
    return c.json({ error: 'internal', message: 'internal error; see the server log' }, 500);
  });

  app.get('/healthz', (c) => c.json({
    ok: true, version: VERSION, uptime_s: Math.round((Date.now() - deps.startedAt) / 100) / 10,
    events: deps.events.size(), alerts: deps.alerts.count(),
  }));

  // no token: tools read the API's shape before they hold one
  app.get('/v1/openapi.json', (c) => c.json(openApiDocument()));

  app.post('/v1/events', auth(deps, 'ingest'), async (c) => {
    const t0 = performance.now();
    const token = c.get('token');
    if (deps.buckets) {
      const wait = deps.buckets.retryAfter(token.id);
      if (wait > 0) throw new HttpError(429, 'rate_limited', `ingest rate limit reached for this token; retry in ${wait} s`, { retry_after: wait }, { 'Retry-After': String(wait) });
    }
    const body = await readBody(c.req.raw, deps.maxBodyBytes);
    const from = c.req.query('from');
    const adapted = from && from !== 'ndjson' ? await adaptBody(body, from, deps.adapterOptions) : undefined;
    const batch = parseBatch(adapted ? adapted.ndjson : body.toString('utf8'), 'body', deps.maxLineLength);
    if (batch.lines > 0 && batch.events.length === 0) {
      // nothing stored: the sender must hear it was the wrong format, not read a 200
      throw new HttpError(422, 'nothing_accepted', `none of the body's ${batch.lines} line(s) is a valid telemetry v1 event${adapted ? '' : await bodyHint(body)}`, {
        accepted: 0, rejected: batch.rejected, errors: batch.errors, errors_truncated: batch.errors.length < batch.rejected,
      });
    }
    deps.buckets?.charge(token.id, batch.lines);
    const seqs: number[] = [];
    const fresh = deps.events.insertBatch(batch.events, Date.now(), seqs);
    const duplicates = batch.events.length - fresh.length;
    deps.live.feed(fresh, seqs);
    if (deps.inventory) {
      try { deps.inventory.baseline.feed(fresh); } catch (e) { deps.log(`ciphertrail: baseline update failed: ${(e as Error).message}`); }
    }
    const m = deps.metrics;
    m.eventsReceived += batch.lines;
    m.eventsAccepted += fresh.length;
    m.eventsRejected += batch.rejected;
    m.eventsDuplicates += duplicates;
    m.ingestBatchCount++;
    m.ingestBatchSecondsSum += (performance.now() - t0) / 1000;
    m.countIngest(200);
    return c.json({
      ...(adapted ? { adapter: adapted.adapter, skipped: adapted.skipped } : {}),
      accepted: fresh.length, duplicates, rejected: batch.rejected, errors: batch.errors,
      errors_truncated: batch.errors.length < batch.rejected,
    });
  });

  app.get('/v1/alerts', auth(deps, 'read'), (c) => {
    const q = c.req.query();
    const limitText = q.limit ?? '50';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HttpError(400, 'bad_query', `limit: want an integer 1..500, got '${limitText}'`);
    const minSeverity = q.min_severity ? listParam('min_severity', q.min_severity, SEVERITIES)![0] : undefined;
    const query: AlertQuery = {
      limit,
      ...(listParam('severity', q.severity, SEVERITIES) ? { severity: listParam('severity', q.severity, SEVERITIES) } : {}),
      ...(minSeverity ? { minSeverity } : {}),
      ...(listParam('status', q.status, STATUSES) ? { status: listParam('status', q.status, STATUSES) } : {}),
      ...(q.device ? { device: q.device } : {}),
      ...(q.app ? { app: q.app } : {}),
      ...(q.q ? { q: q.q } : {}),
      ...(timeParam('since', q.since) !== undefined ? { since: timeParam('since', q.since) } : {}),
      ...(timeParam('until', q.until) !== undefined ? { until: timeParam('until', q.until) } : {}),
      ...(q.cursor ? { cursor: decodeCursor(q.cursor) } : {}),
    };
    const r = deps.alerts.list(query);
    return c.json({ alerts: r.alerts, next: r.next ? encodeCursor(r.next) : null });
  });

  app.get('/v1/alerts/:id', auth(deps, 'read'), (c) => {
    const id = c.req.param('id');
    const alert = deps.alerts.view(id);
    if (!alert) throw new HttpError(404, 'not_found', `no alert ${id}`);
    // what to do (the incident report's playbook) and what else this app has open, on the alert page
    const ra = alert as unknown as ReportAlert;
    const others = deps.alerts.list({ app: alert.app, status: ['open', 'acknowledged'], limit: 50 }).alerts.filter((x) => x.id !== id);
    return c.json({
      alert, status: alert.status, history: deps.alerts.history(id), versions: deps.alerts.versions(id),
      evidence: deps.events.byRefs(alert.device, alert.evidence),
      playbook: buildReport(ra).playbook,
      other_open: others.map((x) => ({ id: x.id, device: x.device, severity: x.severity, score: x.score, status: x.status, first_ts: x.first_ts, summary: x.summary })),
    });
  });

  app.get('/v1/alerts/:id/report', auth(deps, 'read'), (c) => reportResponse(c, deps));

  app.post('/v1/alerts/:id/status', auth(deps, 'admin'), async (c) => {
    const id = c.req.param('id');
    let body: unknown;
    try { body = JSON.parse(await readText(c, 64 * 1024)); } catch (e) {
      if (e instanceof HttpError) throw e;
      throw new HttpError(400, 'bad_request', 'body must be JSON: {"status": "...", "comment": "..."}');
    }
    const b = (body ?? {}) as { status?: unknown; comment?: unknown };
    if (typeof b !== 'object' || typeof b.status !== 'string' || !(STATUSES as readonly string[]).includes(b.status)) {
      throw new HttpError(400, 'invalid_status', `status: want one of ${STATUSES.join(', ')}`);
    }
    if (b.comment !== undefined && b.comment !== null && (typeof b.comment !== 'string' || b.comment.length > MAX_COMMENT)) {
      throw new HttpError(400, 'invalid_status', `comment: want a string of at most ${MAX_COMMENT} characters`);
    }
    const token = c.get('token');
    const change = deps.alerts.setStatus(id, b.status as AlertStatus, (b.comment as string | undefined) ?? null, token.id, token.name ?? token.id, Date.now());
    if (!change) throw new HttpError(404, 'not_found', `no alert ${id}`);
    deps.hub.publish('status', change);
    return c.json({ id, status: change.status, previous: change.previous, by: change.by, at: change.at, comment: change.comment });
  });

  app.get('/v1/stream', auth(deps, 'read', true), (c) => {
    const resume = c.req.header('last-event-id') ?? c.req.query('since');
    const first: string[] = [];
    if (resume !== undefined && /^\d+$/.test(resume)) {
      for (const v of deps.alerts.since(Number(resume))) first.push(SseHub.format('alert', v.view, v.seq));
    }
    const body = deps.hub.open(first, c.req.raw.signal, c.get('token').id);
    return new Response(body, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' },
    });
  });

  const policyView = () => {
    const s = deps.policyState();
    return { text: s.text, source: s.source, path: s.path, policy: deps.live.policy, updated_at: s.updated_at };
  };

  app.get('/v1/policy', auth(deps, 'read'), (c) => c.json(policyView()));

  app.put('/v1/policy', auth(deps, 'admin'), async (c) => {
    const text = await readText(c, MAX_POLICY_BYTES);
    const r = deps.applyPolicy(text, 'api', null);
    if (!r.ok) {
      throw new HttpError(400, 'invalid_policy', `policy rejected (${r.issues.length} problem(s)); the previous policy stays in force`, {
        issues: r.issues.map((i) => ({ code: i.code, message: i.message, ...(i.field ? { field: i.field } : {}), ...(i.line !== undefined ? { line: i.line } : {}) })),
      });
    }
    return c.json(policyView());
  });

  app.get('/metrics', auth(deps, 'read'), (c) => {
    const lag = Number.isFinite(deps.live.newestTs) ? (Date.now() - deps.live.newestTs) / 1000 : undefined;
    const text = renderMetrics(deps.metrics, {
      alerts: deps.alerts.count(), alertUpdates: deps.live.alertUpdates, liveContexts: deps.live.liveContexts,
      buffered: deps.live.buffered, lagSeconds: lag, sseClients: deps.hub.size, storedEvents: deps.events.size(),
      uptimeSeconds: (Date.now() - deps.startedAt) / 1000,
    }) + (deps.forward ? deps.forward.metrics().join('\n') + '\n' : '');
    return c.body(text, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  if (deps.forward) {
    const fwd = deps.forward;
    app.get('/v1/forward', auth(deps, 'read'), (c) => c.json(fwd.status()));
  }

  if (deps.storedCoverage) {
    registerAssuranceRoutes(app, { storedCoverage: deps.storedCoverage, storedEvents: () => deps.events.size(), policy: () => deps.live.policy }, auth(deps, 'read'));
  }
  if (deps.inventory) {
    registerInventoryRoutes(app, {
      ...deps.inventory,
      auth: (scope) => auth(deps, scope),
      openAlerts: (pkg) => deps.alerts.list({ app: pkg, status: ['open', 'acknowledged'], limit: 1000 }).alerts,
      readJson: async (req) => {
        const text = (await readBody(req, 64 * 1024)).toString('utf8');
        try { return JSON.parse(text); } catch { throw new HttpError(400, 'bad_request', 'body must be JSON'); }
      },
    });
  }

  app.all('/v1/*', () => { throw new HttpError(404, 'not_found', 'no such API route; the routes are listed at GET /v1/openapi.json (and in docs/api.md)'); });

  app.get('*', async (c) => {
    const f = await staticFile(deps.dashboardDir, c.req.path);
    if (!f) {
      const missingIndex = c.req.path === '/' ? ' (dashboard not built: run npm run build)' : '';
      return c.text(`not found${missingIndex}\n`, 404);
    }
    return c.body(new Uint8Array(f.body), 200, { 'Content-Type': f.type, 'Cache-Control': 'no-cache' });
  });

  app.notFound((c) => c.json({ error: 'not_found', message: 'not found' }, 404));

  return app;
}
