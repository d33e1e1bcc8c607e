// The dashboard's coverage panel in a real Chromium (as test/dashboard.test.ts) against a real
// server and SQLite file: a fleet where one device sends network telemetry only; the panel shows
// the API's score, the blind facets of that device, and the exported rules; hostile device names
// stay text. Screenshot: test/artifacts/dashboard-coverage.png.
import { describe, test, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { launchChromium, needChromium } from './chromium.js';
import { startServer } from '../src/server/start.js';
import { createToken } from '../src/store/tokens.js';
import { ct, managedFleetLines, tmp, ROOT } from './helpers.js';

const SKIP = !needChromium();

const ARTIFACTS = join(ROOT, 'test/artifacts');
const HOSTILE_DEVICE = '<img src=x onerror=alert(1)>';

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let token: string;
let ingestToken: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = tmp('ct-dash-cov-');
  expect(ct(['simulate', '--out', dir, '--scenario', 'all', '--seed', '1']).status).toBe(0);
  const db = join(dir, 'ct.db');
  token = createToken(db, ['read'], 'viewer');
  ingestToken = createToken(db, ['ingest'], 'sensor');
  server = await startServer({ port: 0, db, log: () => {} });
  const lines = readFileSync(join(dir, 'hook-aes-ws-beacon.ndjson'), 'utf8').trim().split('\n');
  // the same app seen by a capture only (network), on a device with a hostile name
  const captureOnly = lines.map((l) => JSON.parse(l)).filter((e) => e.type === 'net.send')
    .map((e) => JSON.stringify({ ...e, device: HOSTILE_DEVICE, id: `cap-${e.id}` }));
  const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${ingestToken}` }, body: [...lines, ...captureOnly].join('\n') + '\n' });
  expect(res.status).toBe(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(SKIP)('coverage panel in Chromium', () => {
  test('score, blind facets and exported rules as the API gives them', async () => {
    const api = await (await fetch(`${server.url}/v1/coverage`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(api.summary.devices).toBe(2);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${server.url}/`);
    await page.locator('#token').fill(token);
    await page.locator('#login').click();
    await page.locator('#alerts').waitFor();
    await page.locator('#nav-coverage').click();
    await page.locator('#coverage-score').waitFor();
    expect(await page.locator('#coverage-score').textContent()).toBe(`${api.summary.coverage_score}%`);
    expect(await page.locator('#coverage-findings li').allTextContents()).toEqual(api.summary.findings);
    const blindRow = page.locator('#coverage-devices tr.blind');
    expect(await blindRow.count()).toBe(1);
    expect(await blindRow.locator('td a').textContent()).toBe(HOSTILE_DEVICE);
    expect(await blindRow.locator('.blind-cell .facet-chip').allTextContents()).toEqual(['crypto', 'key_reuse', 'staging', 'background', 'inconsistency']);
    await page.locator('#export-text', { hasText: 'temporal_ordered' }).waitFor();
    await page.locator('#export-to').selectOption('eql');
    await page.locator('#export-text', { hasText: 'sequence by device, app with maxspan=10m' }).waitFor();
    await page.locator('#export-to').selectOption('sigma');
    await page.locator('#export-text', { hasText: 'temporal_ordered' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-coverage.png'), fullPage: true });
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    await context.close();
  });

  test('a managed fleet (EMM logs, the sensor on one device): partly visible facets per device, and what closes each gap', async () => {
    const { dir, lines } = managedFleetLines('ct-dash-managed-');
    const db = join(dir, 'ct.db');
    const read = createToken(db, ['read'], 'viewer');
    const ingest = createToken(db, ['ingest'], 'emm');
    const managed = await startServer({ port: 0, db, log: () => {} });
    try {
      expect((await fetch(`${managed.url}/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${ingest}` }, body: lines.join('\n') + '\n' })).status).toBe(200);
      const api = await (await fetch(`${managed.url}/v1/coverage`, { headers: { Authorization: `Bearer ${read}` } })).json();
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${managed.url}/`);
      await page.locator('#token').fill(read);
      await page.locator('#login').click();
      await page.locator('#alerts').waitFor();
      await page.locator('#nav-coverage').click();
      await page.locator('#coverage-score').waitFor();
      // every device's partly visible facets as the API gives them
      for (const d of api.devices as { device: string; partly_facets: string[] }[]) {
        const row = page.locator(`#coverage-devices tr[data-device="${d.device}"]`);
        expect(await row.locator('.partly-cell .facet-chip').allTextContents(), d.device).toEqual(d.partly_facets);
      }
      expect((api.devices as { partly_facets: string[] }[]).filter((d) => d.partly_facets.length > 0).length).toBeGreaterThanOrEqual(4);
      expect(await page.locator('#coverage-devices .partly-cell .facet-chip').count()).toBeGreaterThan(0);
      // per facet: counts and the sensor that would close the gap
      for (const f of api.summary.facets as { facet: string; blind_devices: number; partly_devices: number; closed_by: string }[]) {
        const row = page.locator(`#coverage-facets tr[data-facet="${f.facet}"]`);
        const cells = await row.locator('td').allTextContents();
        expect(cells[1]).toMatch(new RegExp(`^${f.blind_devices} device`));
        expect(cells[2]).toMatch(new RegExp(`^${f.partly_devices} device`));
        expect(cells[3]).toBe(f.blind_devices + f.partly_devices > 0 ? f.closed_by : '—');
      }
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-coverage-managed.png'), fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    } finally { await managed.close(); }
  });
});
