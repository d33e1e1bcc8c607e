// Assurance routes: GET /v1/coverage (of the stored telemetry) and GET /v1/export (the AN1731
// correlation for other engines, with the policy in force). See docs/api.md.
import type { Env, Hono, MiddlewareHandler } from 'hono';
import type { Policy } from '../model/index.js';
import { buildCoverage, formatCoverageHtml, navigatorLayer, type CoverageAccumulator, type CoverageReport } from '../coverage/index.js';
import { CONTENT_TYPES, exportRules, TARGETS, type Target } from '../export/index.js';
import { HttpError } from './http-error.js';

export interface AssuranceDeps {
  /** the stored telemetry's coverage accumulator (recomputed only when the store grew) */
  storedCoverage: () => CoverageAccumulator;
  storedEvents: () => number;
  policy: () => Policy;
}

export function registerAssuranceRoutes<E extends Env>(app: Hono<E>, deps: AssuranceDeps, read: MiddlewareHandler<E>): void {
  let cache: { events: number; policy: Policy; report: CoverageReport } | undefined;
  const coverage = (): CoverageReport => {
    const events = deps.storedEvents();
    const policy = deps.policy();
    if (!cache || cache.events !== events || cache.policy !== policy) cache = { events, policy, report: buildCoverage(deps.storedCoverage(), policy) };
    return cache.report;
  };

  app.get('/v1/coverage', read, (c) => {
    const format = c.req.query('format') ?? 'json';
    const report = coverage();
    if (format === 'json') return c.json(report);
    if (format === 'navigator') return c.json(navigatorLayer(report));
    if (format === 'html') {
      // a standalone file (inline style): a download, not a page of this origin
      return c.body(formatCoverageHtml(report), 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Disposition': 'attachment; filename="ciphertrail-coverage.html"' });
    }
    throw new HttpError(400, 'bad_query', `format: want json, navigator or html, got '${format}'`);
  });

  app.get('/v1/export', read, (c) => {
    const to = c.req.query('to');
    if (!to || !TARGETS.includes(to as Target)) throw new HttpError(400, 'bad_query', `to: want one of ${TARGETS.join(', ')}, got '${to ?? ''}'`);
    return c.body(exportRules(to as Target, deps.policy()), 200, { 'Content-Type': CONTENT_TYPES[to as Target] });
  });
}
