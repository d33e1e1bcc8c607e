// Inventory routes: the diff between the rolling baseline and the policy in force ("apps to
// review"), the drafted proposal, and POST accept, which writes one proposed entry into the
// policy (through the same path as PUT /v1/policy: validated, engine rebuilt, re-scored) and
// records who accepted what, when (the injected clock) and the entry before and after. A proposed
// destination that an open alert of the app sent to is withheld unless the admin asks for it
// (`include_alerted`): the baseline learnt it from the very traffic the alert is about.
import type { Hono, MiddlewareHandler } from 'hono';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import type { Alert, AppEntry, Issue, Policy } from '../model/index.js';
import { HostMatcher } from '../policy/host-pattern.js';
import { splitDestination } from '../report/format.js';
import type { TokenInfo } from '../store/tokens.js';
import type { BaselineStore } from '../store/baseline-store.js';
import { diffInventory, proposeEntries, proposeYaml } from '../inventory/index.js';
import { appSummary } from '../baseline/index.js';
import { HttpError } from './http-error.js';
import type { RollingBaseline } from './rolling-baseline.js';

type Env = { Variables: { token: TokenInfo } };

export interface InventoryDeps {
  baseline: RollingBaseline;
  store: BaselineStore;
  policy: () => Policy;
  /** the policy text in force (null: defaults) */
  policyText: () => string | null;
  applyPolicy: (text: string, source: 'api', path: null) => { ok: boolean; issues: Issue[] };
  now: () => number;
  /** the app's open (and acknowledged) alerts */
  openAlerts: (pkg: string) => Pick<Alert, 'id' | 'severity' | 'exposure'>[];
  readJson: (req: Request) => Promise<unknown>;
  auth: (scope: 'read' | 'admin') => MiddlewareHandler<Env>;
}

/** the policy text with `entry` replacing (or appended to) the apps list; comments are kept */
export function withEntry(text: string | null, entry: AppEntry): string {
  const doc = parseDocument(text && text.trim() ? text : 'version: 1\n');
  if (!doc.has('apps') || !isSeq(doc.get('apps', true))) doc.set('apps', doc.createNode([]));
  const apps = doc.get('apps', true);
  if (!isSeq(apps)) throw new Error('apps is not a list');
  const node = doc.createNode(entry);
  const i = apps.items.findIndex((it) => isMap(it) && (it as YAMLMap).get('package') === entry.package);
  if (i >= 0) apps.items[i] = node; else apps.items.push(node);
  return doc.toString({ lineWidth: 0 });
}

export interface Withheld { domain: string; alert_id: string; severity: string; destination: string }

/** the entry's expected domains that an open alert's destination falls under, with that alert */
export function alertedDomains(entry: AppEntry, open: readonly Pick<Alert, 'id' | 'severity' | 'exposure'>[]): Withheld[] {
  const out: Withheld[] = [];
  for (const domain of entry.expected_domains ?? []) {
    const m = new HostMatcher([domain]);
    for (const a of open) {
      const hit = (a.exposure?.destinations ?? []).find((d) => m.matches(splitDestination(d).host));
      if (hit) { out.push({ domain, alert_id: a.id, severity: a.severity, destination: hit }); break; }
    }
  }
  return out;
}

export function registerInventoryRoutes(app: Hono<Env>, d: InventoryDeps): void {
  app.get('/v1/inventory/diff', d.auth('read'), (c) => {
    const b = d.baseline.current();
    return c.json({ ...diffInventory(b, d.policy()), baseline: { apps: Object.keys(b.apps).length, events: b.events, first_ts: b.first_ts ?? null, last_ts: b.last_ts ?? null, days: d.baseline.dayCount } });
  });

  app.get('/v1/inventory/proposal', d.auth('read'), (c) => {
    const b = d.baseline.current();
    const entries = proposeEntries(b, d.policy()).map((e) => ({ ...e, ...(b.apps[e.entry.package] ? { devices: appSummary(b.apps[e.entry.package]).devices } : {}) }));
    return c.json({ yaml: proposeYaml(b, d.policy()), entries });
  });

  app.get('/v1/inventory/audit', d.auth('read'), (c) => c.json({ audit: d.store.auditLog() }));

  app.post('/v1/inventory/accept', d.auth('admin'), async (c) => {
    const body = (await d.readJson(c.req.raw)) as { package?: unknown; approved?: unknown; label?: unknown; include_alerted?: unknown } | null;
    if (!body || typeof body !== 'object' || typeof body.package !== 'string' || body.package === '') {
      throw new HttpError(400, 'bad_request', 'body must be JSON: {"package": "com.example.app", "approved"?: true|false, "label"?: "...", "include_alerted"?: true|false}');
    }
    if (body.approved !== undefined && typeof body.approved !== 'boolean') throw new HttpError(400, 'bad_request', 'approved: want true or false');
    if (body.include_alerted !== undefined && typeof body.include_alerted !== 'boolean') throw new HttpError(400, 'bad_request', 'include_alerted: want true or false');
    if (body.label !== undefined && (typeof body.label !== 'string' || body.label.length > 200)) throw new HttpError(400, 'bad_request', 'label: want a string');
    const proposed = proposeEntries(d.baseline.current(), d.policy()).find((e) => e.entry.package === body.package);
    if (!proposed) throw new HttpError(404, 'not_found', `no proposal for ${body.package}: the app was not seen in the rolling baseline`);
    // destinations an open alert names stay out unless the admin includes them knowingly
    const alerted = alertedDomains(proposed.entry, d.openAlerts(body.package));
    const withheld = body.include_alerted === true ? [] : alerted;
    const drop = new Set(withheld.map((w) => w.domain));
    const entry: AppEntry = { ...proposed.entry };
    if (entry.expected_domains && drop.size) entry.expected_domains = entry.expected_domains.filter((x) => !drop.has(x));
    // approving is the admin's explicit decision, never the proposal's
    const after: AppEntry = { ...entry, ...(body.approved !== undefined ? { approved: body.approved } : {}), ...(body.label !== undefined ? { label: body.label } : {}) };
    const before = d.policy().apps.find((a) => a.package === body.package);
    const r = d.applyPolicy(withEntry(d.policyText(), after), 'api', null);
    if (!r.ok) throw new HttpError(400, 'invalid_policy', `the policy with this entry is invalid (${r.issues.length} problem(s)); nothing changed`, { issues: r.issues });
    const token = c.get('token');
    const at = d.now();
    const n = d.store.audit({ package: body.package, token_id: token.id, actor: token.name ?? token.id, at, before: before ?? null, after });
    return c.json({ accepted: after, before: before ?? null, by: token.name ?? token.id, at, audit: n, withheld, included_alerted: body.include_alerted === true ? alerted : [] });
  });
}
