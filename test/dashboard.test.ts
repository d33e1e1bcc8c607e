// The dashboard in a real Chromium (Debian `chromium`, headless, driven by playwright-core) against
// a real server on a random port with a temporary SQLite file: sign in with a token, ingest a
// scenario over HTTP, see its alert appear live, open it (timeline, facets, exposure, missing),
// change its status and read it back; hostile package and device names stay inert text.
// Screenshots go to test/artifacts/ (gitignored). `scripts/ensure-chromium.sh` installs Chromium.
import { describe, test, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, needChromium } from './chromium.js';
import { startServer } from '../src/server/start.js';
import { createToken } from '../src/store/tokens.js';
import { ct, tmp, ROOT } from './helpers.js';

const SKIP = !needChromium();

const ARTIFACTS = join(ROOT, 'test/artifacts');
const SCENARIO = 'anubis-rc4-b64';
const APP = 'com.flash.tools';
const HOSTILE_APP = '<img src=x onerror=alert(1)>';
const HOSTILE_DEVICE = '<b id="pwn">dev</b><script>alert(2)</script>"\'&amp;';


interface Server { url: string; close(): Promise<void> }
type RenderTimeline = (alert: object, events: object[], opts: { width: number }) => { svg: SVGSVGElement; legend: HTMLElement };
interface Watch { dialogs: string[]; pageErrors: string[] }

let server: Server;
let browser: Browser;
let dir: string;
let adminToken: string;
let ingestToken: string;
let readToken: string;
let scenarioLines: string[];

async function ingest(body: string): Promise<{ accepted: number; rejected: number; duplicates: number }> {
  const res = await fetch(`${server.url}/v1/events`, {
    method: 'POST', headers: { Authorization: `Bearer ${ingestToken}`, 'Content-Type': 'application/x-ndjson' }, body,
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ accepted: number; rejected: number; duplicates: number }>;
}

async function api<T>(path: string, token = readToken): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return res.json() as Promise<T>;
}

/** A page that records dialogs, uncaught errors and CSP violations. */
async function openPage(context: BrowserContext): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage();
  const watch: Watch = { dialogs: [], pageErrors: [] };
  page.on('dialog', (d) => { watch.dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => watch.pageErrors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[]; alert: unknown };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, watch };
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.locator('#token').fill(token);
  await page.locator('#login').click();
  await page.locator('#alerts').waitFor();
  await page.locator('#live[data-state="live"]').waitFor();
}

const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tmp('ct-dash-');
  const sim = ct(['simulate', '--out', dir, '--scenario', SCENARIO]);
  expect(sim.status, sim.stderr).toBe(0);
  scenarioLines = readFileSync(join(dir, `${SCENARIO}.ndjson`), 'utf8').split('\n').filter((l) => l.trim());
  const db = join(dir, 'ct.db');
  adminToken = createToken(db, ['read', 'admin'], 'alice');
  ingestToken = createToken(db, ['ingest'], 'sensor');
  readToken = createToken(db, ['read'], 'viewer');
  server = await startServer({ port: 0, db, log: () => {} });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(SKIP)('dashboard in Chromium', () => {
  test('served with a strict Content-Security-Policy and safe headers', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i); // no inline script
    expect(html).not.toMatch(/\sstyle=|<style/i); // no inline style
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    const js = await fetch(`${server.url}/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });

  test('sign in, alert appears live, timeline and facets, status change persisted', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const { page, watch } = await openPage(context);

    // a wrong token is refused and not kept
    await page.goto(`${server.url}/`);
    await page.locator('#token').fill('ct_00000000_' + 'A'.repeat(43));
    await page.locator('#login').click();
    await expect.poll(() => page.locator('#login-error').textContent()).toMatch(/not valid/);
    expect(await page.evaluate(() => sessionStorage.getItem('ciphertrail.token'))).toBeNull();

    await signIn(page, adminToken);
    expect(await page.evaluate(() => sessionStorage.getItem('ciphertrail.token'))).toBe(adminToken);
    await expect.poll(() => page.locator('#alert-rows').textContent()).toMatch(/No alerts yet/);

    // ingest over HTTP while the page is open: the row must arrive through the stream, no reload
    await page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true; });
    const r = await ingest(scenarioLines.join('\n') + '\n');
    expect(r.accepted).toBe(scenarioLines.length);
    expect(r.rejected).toBe(0);
    const row = page.locator('tr.alert-row', { has: page.locator('td.app a', { hasText: APP }) });
    await row.first().waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await row.count()).toBe(1);
    const id = (await row.getAttribute('data-id'))!;
    expect(id).toMatch(/^an1731-/);
    const stored = await api<{ alerts: { id: string; score: number; severity: string }[] }>('/v1/alerts');
    expect(stored.alerts.map((a) => a.id)).toContain(id);
    // the row settles on the latest version the server holds
    const latest = stored.alerts.find((a) => a.id === id)!;
    await expect.poll(() => row.getAttribute('data-score')).toBe(String(latest.score));
    await expect.poll(() => row.locator('.badge').textContent()).toBe(latest.severity);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-list.png'), fullPage: true });

    // search over app / device / summary, severity filter, sort
    await page.locator('#search').fill('flash.tools');
    expect(await page.locator('tr.alert-row').count()).toBe(1);
    await page.locator('#search').fill('sim-anubis');
    expect(await page.locator('tr.alert-row').count()).toBe(1);
    await page.locator('#search').fill('no such thing');
    expect(await page.locator('tr.alert-row').count()).toBe(0);
    await expect.poll(() => page.locator('#alert-rows').textContent()).toMatch(/No alert matches/);
    await page.locator('#search').fill('');
    const sevBox = page.locator(`label.chip[data-severity="${latest.severity}"] input`);
    await sevBox.uncheck();
    expect(await page.locator('tr.alert-row').count()).toBe(0);
    await sevBox.check();
    expect(await page.locator('tr.alert-row').count()).toBe(1);
    await page.locator('button.sort[data-sort="score"]').click();
    expect(await page.locator('th[aria-sort="descending"] button').getAttribute('data-sort')).toBe('score');

    // alert page
    await row.locator('a.open-alert').click();
    await page.locator('#alert-app').waitFor();
    expect(page.url()).toContain(`#/alert/${id}`);
    expect(await page.locator('#alert-app').textContent()).toBe(APP);
    const svg = page.locator('#timeline svg.timeline');
    await svg.waitFor();
    for (const lane of ['Collected data', 'Crypto ops', 'Key use', 'Staging writes', 'Background state', 'Sends']) {
      expect(await svg.locator('text.lane-label', { hasText: lane }).count(), lane).toBe(1);
    }
    expect(await svg.locator('g.ev.lane-crypto').count()).toBeGreaterThan(0);
    expect(await svg.locator('g.ev.lane-network').count()).toBeGreaterThan(0);
    expect(await svg.locator('g.ev.lane-key').count()).toBeGreaterThan(0);
    expect(await svg.locator('g.ev.lane-data').count()).toBeGreaterThan(0);
    // every facet is explained with its why and figures
    const detail = await api<{
      alert: { facets: Record<string, { why: string }>; missing: string[]; exposure: { data_categories: string[] }; evidence: string[] };
      evidence: { id: string }[];
    }>(`/v1/alerts/${id}`);
    for (const [name, f] of Object.entries(detail.alert.facets)) {
      const art = page.locator(`#facets article[data-facet="${name}"]`);
      expect(await art.locator('.why').textContent(), name).toBe(f.why);
      expect(await art.locator('details.figures dt').count(), name).toBeGreaterThan(0);
    }
    expect(await page.locator('#facets article').count()).toBe(6);
    for (const c of detail.alert.exposure.data_categories) await expect.poll(() => page.locator('#exposure').textContent()).toContain(c);
    expect(await page.locator('#missing').textContent()).toMatch(detail.alert.missing.length ? /could not be observed/ : /None/);
    expect(detail.evidence.length).toBeGreaterThan(5);
    expect(await page.locator('#evidence tbody tr').count()).toBe(detail.evidence.length);
    expect(await svg.locator('g.ev').count()).toBeGreaterThanOrEqual(detail.evidence.length);
    // a click on a timeline mark selects its evidence row
    await svg.locator('g.ev.lane-network').first().click();
    expect(await page.locator('#evidence tr.selected').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-alert.png'), fullPage: true });

    // triage
    expect(await page.locator('#alert-status').textContent()).toBe('Open');
    await page.locator('#triage-comment').fill('looking at it <b>now</b>');
    await page.locator('button.status-btn[data-status="acknowledged"]').click();
    await expect.poll(() => page.locator('#alert-status').textContent()).toBe('Acknowledged');
    await expect.poll(() => page.locator('#history').textContent()).toContain('looking at it <b>now</b>');
    expect(await page.locator('#history').textContent()).toContain('alice');
    const after = await api<{ status: string; alert: { status: string }; history: { status: string; comment: string; by: string }[] }>(`/v1/alerts/${id}`);
    expect(after.status).toBe('acknowledged');
    expect(after.alert.status).toBe('acknowledged');
    expect(after.history.at(-1)).toMatchObject({ status: 'acknowledged', comment: 'looking at it <b>now</b>', by: 'alice' });

    await page.locator('button.status-btn[data-status="resolved"]').click();
    await expect.poll(() => page.locator('#alert-status').textContent()).toBe('Resolved');
    expect(await page.locator('#history li').count()).toBe(2);
    // survives a reload (token kept in sessionStorage, status from the server)
    await page.reload();
    await expect.poll(() => page.locator('#alert-status').textContent()).toBe('Resolved');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-alert-resolved.png'), fullPage: true });

    // device view and app view
    await page.locator('#alert-device').click();
    await page.locator('#alerts').waitFor();
    expect(page.url()).toContain('#/device/sim-anubis-rc4-b64-d1');
    await expect.poll(() => page.locator(`tr.alert-row[data-id="${id}"]`).count()).toBe(1);
    expect(await page.locator('h1').textContent()).toContain('sim-anubis-rc4-b64-d1');
    await page.goto(`${server.url}/#/app/${encodeURIComponent(APP)}`);
    await expect.poll(() => page.locator(`tr.alert-row[data-id="${id}"]`).count()).toBe(1);
    await page.goto(`${server.url}/#/app/com.other.app`);
    await expect.poll(() => page.locator('#alert-rows').textContent()).toMatch(/No alerts yet/);

    expect(watch.dialogs).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    await context.close();
  });

  test('a read-only token can look but not triage', async () => {
    const context = await browser.newContext();
    const { page, watch } = await openPage(context);
    await signIn(page, readToken);
    await page.locator('tr.alert-row a.open-alert').first().click();
    await page.locator('#alert-status').waitFor();
    await page.locator('button.status-btn[data-status="false_positive"]').click();
    await expect.poll(() => page.locator('.triage-msg').textContent()).toMatch(/admin scope/);
    expect(watch.pageErrors).toEqual([]);
    await context.close();
  });

  test('the timeline draws every lane from evidence and context events', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
    const { page, watch } = await openPage(context);
    await page.goto(`${server.url}/`);
    // a string, so that vitest does not rewrite the dynamic import
    await page.evaluate("import('/timeline.js').then((m) => { window.__timeline = m; })");
    const drawn = await page.evaluate(async (hostilePath) => {
      const { renderTimeline } = (window as unknown as { __timeline: { renderTimeline: RenderTimeline } }).__timeline;
      const t0 = 1767600000000;
      const ev = (n: number, type: string, extra: object) => ({ id: `e${n}`, ts: t0 + n * 1000, type, event: { ts: t0 + n * 1000, type, ...extra } });
      const alert = {
        id: 'an1731-x', first_ts: t0 + 2000, last_ts: t0 + 60_000, missing: [],
        facets: { background: { strength: 1, why: 'hidden' } },
      };
      const events = [
        ev(0, 'app.state', { state: 'foreground' }), ev(1, 'device.state', { screen: 'off', locked: true }),
        ev(2, 'user.interaction', {}), ev(3, 'app.state', { state: 'service' }),
        ev(4, 'crypto.key', { key_fp: 'aa', alg: 'AES', origin: 'literal' }),
        ev(5, 'data.access', { category: 'sms', items: 10 }),
        ev(6, 'crypto.op', { dir: 'encrypt', alg: 'AES', key_fp: 'aa', in_bytes: 100 }),
        ev(7, 'crypto.op', { dir: 'decrypt', alg: 'AES', key_fp: 'bb', in_bytes: 100 }),
        ev(8, 'file.write', { path: hostilePath, bytes: 112, entropy: 7.9 }),
        ev(9, 'net.send', { dst_ip: '203.0.113.9', dst_port: 80, bytes_out: 150, tls: false }),
        ev(60, 'file.delete', { path: hostilePath }),
      ];
      const { svg, legend } = renderTimeline(alert, events, { width: 1000 });
      document.body.append(svg, legend);
      const q = (sel: string) => svg.querySelectorAll(sel).length;
      return {
        appStates: q('rect.state.fg') + q('rect.state.hidden:not(.summary)'), deviceStates: q('rect.state.device'),
        touches: q('line.touch'), keyLoads: q('path.key-load'), keyUses: q('line.key-use'), keyColours: new Set([...svg.querySelectorAll('line.key-use')].map((l) => l.getAttribute('class'))).size,
        encrypt: q('rect.op.encrypt'), decrypt: q('rect.op.decrypt'), writes: q('rect.write.hi'), deletes: q('path.delete'),
        sends: q('circle.send.cleartext'), data: q('circle.data'), ticks: q('.axis text'),
        title: [...svg.querySelectorAll('g.ev title')].map((t) => t.textContent).join('\n'),
      };
    }, '/sdcard/<img src=x onerror=alert(3)>.bin');
    expect(drawn).toMatchObject({ appStates: 2, deviceStates: 1, touches: 1, keyLoads: 1, keyUses: 2, keyColours: 2, encrypt: 1, decrypt: 1, writes: 1, deletes: 1, sends: 1, data: 1 });
    expect(drawn.ticks).toBeGreaterThan(3);
    expect(drawn.title).toContain('wrote /sdcard/<img src=x onerror=alert(3)>.bin');
    expect(await page.locator('img').count()).toBe(0);
    expect(watch.dialogs).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await context.close();
  });

  test('hostile package and device names are shown as text, never run', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const { page, watch } = await openPage(context);
    await signIn(page, adminToken);
    const hostile = scenarioLines.map((l) => {
      const e = JSON.parse(l);
      e.device = HOSTILE_DEVICE;
      if (e.app !== undefined) e.app = HOSTILE_APP;
      if (e.id) e.id = `xss-${e.id}`;
      return JSON.stringify(e);
    });
    const r = await ingest(hostile.join('\n') + '\n');
    expect(r.accepted).toBe(hostile.length);
    const row = page.locator('tr.alert-row', { has: page.locator('td.app a', { hasText: HOSTILE_APP }) });
    await row.first().waitFor({ timeout: 15_000 });
    expect(await row.locator('td.app a').textContent()).toBe(HOSTILE_APP);
    expect(await row.locator('td.device a').textContent()).toBe(HOSTILE_DEVICE);
    expect(await row.locator('td.summary').textContent()).toContain(HOSTILE_APP);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-xss-list.png'), fullPage: true });

    await row.locator('a.open-alert').click();
    await page.locator('#alert-app').waitFor();
    expect(await page.locator('#alert-app').textContent()).toBe(HOSTILE_APP);
    expect(await page.locator('#alert-device').textContent()).toBe(HOSTILE_DEVICE);
    await page.locator('#timeline svg.timeline').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-xss-alert.png'), fullPage: true });

    await page.locator('#alert-app').click();
    await page.locator('#alerts').waitFor();
    expect(await page.locator('h1 code').textContent()).toBe(HOSTILE_APP);
    await page.locator('a.pill').first().click(); // the hostile device, via the app view
    // (#alerts is already there from the app view, so waiting for it read the app view's heading
    // once in a CI run: poll the heading itself)
    await expect.poll(() => page.locator('h1 code').textContent()).toBe(HOSTILE_DEVICE);

    // nothing was parsed as markup anywhere, nothing ran
    expect(await page.locator('img[src="x"], #pwn, main script').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(watch.dialogs).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    await context.close();
  });
});
