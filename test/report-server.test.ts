// The incident report over the server's API (same auth as other alert reads) and from the
// dashboard's Report buttons in a real Chromium, against a real server and SQLite file.
import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { launchChromium, needChromium } from './chromium.js';
import { api, scenarioText, startFixture, waitFor, type Fixture } from './server-helpers.js';

const SKIP = !needChromium();

const SCENARIO = 'ermac-aes-cbc-ip';
let fx: Fixture;
let id: string;

beforeAll(async () => {
  fx = await startFixture();
  const r = await api(fx.url, fx.tokens.ingest).post('/v1/events', await scenarioText(SCENARIO));
  expect(r.status).toBe(200);
  id = await waitFor('the alert', async () => {
    const l = await api(fx.url, fx.tokens.read).get('/v1/alerts');
    return l.json.alerts[0]?.id as string | undefined;
  }, 20_000);
  // no more events come: wait until the alert's version settles (the idle flush releases the rest)
  let rev = -1;
  await waitFor('a settled version', async () => {
    await new Promise((r) => setTimeout(r, 400));
    const now = (await api(fx.url, fx.tokens.read).get(`/v1/alerts/${id}`)).json.alert.rev as number;
    const settled = now === rev;
    rev = now;
    return settled;
  }, 20_000);
}, 60_000);

afterAll(async () => { await fx?.close(); });

describe('GET /v1/alerts/:id/report', () => {
  test('auth like other alert reads: 401 without a token, 403 without read, 404 unknown, 400 bad format', async () => {
    expect((await api(fx.url).get(`/v1/alerts/${id}/report`)).status).toBe(401);
    expect((await api(fx.url, fx.tokens.ingest).get(`/v1/alerts/${id}/report`)).status).toBe(403);
    const nf = await api(fx.url, fx.tokens.read).get('/v1/alerts/an1731-nope/report');
    expect(nf.status).toBe(404);
    expect(nf.json.message).toBe('no alert an1731-nope');
    const bf = await api(fx.url, fx.tokens.read).get(`/v1/alerts/${id}/report?format=pdf`);
    expect(bf.status).toBe(400);
    expect(bf.json.message).toMatch(/format: want one of md, html, json, stix/);
  });

  test('html by default: its own strict CSP allowing exactly its inline style; evidence joined from the store', async () => {
    const r = await api(fx.url, fx.tokens.read).get(`/v1/alerts/${id}/report`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(csp).not.toMatch(/unsafe/);
    expect(r.headers.get('content-disposition')).toBe(`inline; filename="${id}.html"`);
    expect(r.text).toContain('<section id="playbook">');
    expect(r.text).toContain('Block by IP at the egress firewall and VPN: 203.0.113.77:80');
    // the dashboard keeps its own policy
    expect((await api(fx.url).get('/')).headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
  });

  test('md, json and stix: the stored events give the timeline its times; stix is a 2.1 bundle', async () => {
    const md = await api(fx.url, fx.tokens.read).get(`/v1/alerts/${id}/report?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.text).toMatch(/^# Incident report: com\.update\.chromeplus on sim-ermac-aes-cbc-ip-d1/);
    const json = (await api(fx.url, fx.tokens.read).get(`/v1/alerts/${id}/report?format=json`)).json;
    expect(json.alert.id).toBe(id);
    expect(json.timeline_from_telemetry).toBe(true);
    expect(json.evidence.unresolved).toEqual([]);
    expect(json.exposure.destinations[0]).toMatchObject({ destination: '203.0.113.77:80', kind: 'ipv4' });
    expect(json.exposure.destinations[0].bytes_sent).toBeGreaterThan(0);
    const stix = await api(fx.url, fx.tokens.read).get(`/v1/alerts/${id}/report?format=stix`);
    expect(stix.headers.get('content-type')).toBe('application/stix+json;version=2.1');
    expect(stix.json.type).toBe('bundle');
    for (const o of stix.json.objects) expect(o.spec_version).toBe('2.1');
    expect(stix.json.objects.map((o: { pattern?: string }) => o.pattern)).toContain("[ipv4-addr:value = '203.0.113.77']");
    // same alert, same bundle
    expect((await api(fx.url, fx.tokens.read).get(`/v1/alerts/${id}/report?format=stix`)).text).toBe(stix.text);
  });
});

describe.skipIf(SKIP)('dashboard Report buttons in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => { await browser?.close(); });

  test('the alert page downloads the HTML and STIX reports with the bearer token', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1300, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${fx.url}/`);
    await page.locator('#token').fill(fx.tokens.read);
    await page.locator('#login').click();
    await page.locator('#alerts').waitFor();
    await page.goto(`${fx.url}/#/alert/${encodeURIComponent(id)}`);
    await page.locator('#report').waitFor();
    for (const [format, name] of [['html', `${id}.html`], ['stix', `${id}.stix.json`]] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#report button[data-format="${format}"]`).click()]);
      expect(download.suggestedFilename()).toBe(name);
      const body = readFileSync((await download.path())!, 'utf8');
      if (format === 'html') expect(body).toContain('<section id="playbook">');
      else expect(JSON.parse(body).type).toBe('bundle');
      await expect.poll(() => page.locator('#report-msg').textContent()).toBe(`Saved ${name}`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the served HTML renders styled under its CSP (the style hash matches), with no violation', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${fx.tokens.read}` } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const res = await page.goto(`${fx.url}/v1/alerts/${id}/report?format=html`);
    expect(res!.status()).toBe(200);
    // the badge gets its severity colour only if the inline stylesheet was allowed
    const colours: Record<string, string> = { low: 'rgb(90, 125, 154)', medium: 'rgb(181, 129, 0)', high: 'rgb(210, 105, 30)', critical: 'rgb(179, 38, 30)' };
    const severity = (await page.locator('#severity').textContent())!;
    expect(await page.locator('#severity').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(colours[severity]);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    await context.close();
  });
});
