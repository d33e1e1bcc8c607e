// The alert page's recommended actions and the app's other open alerts, and "Apps to review"
// showing an app's open alerts beside Accept and flagging a proposed destination that an open
// alert names: in a real Chromium against a real server. Screenshots go to docs/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, signedInDashboard } from './chromium.js';
import { startServer, type RunningServer } from '../src/server/start.js';
import { createToken } from '../src/store/tokens.js';
import { ct, tmp, ROOT } from './helpers.js';

const DOCS = join(ROOT, 'docs');
const RAT = 'com.flash.tools';

let server: RunningServer;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  const dir = tmp('ct-dash-act-');
  expect(ct(['simulate', '--out-dir', dir, '--seed', '1']).status).toBe(0);
  const db = join(dir, 'ct.db');
  admin = createToken(db, ['admin'], 'alice');
  server = await startServer({ port: 0, db, policyPath: join(dir, 'policy.yaml'), idleFlushMs: 50, log: () => {} });
  const body = ['repackaged-clone-twin-genuine', 'repackaged-clone', 'anubis-rc4-b64', 'blind-sensor-exfil'].map((s) => readFileSync(join(dir, `${s}.ndjson`), 'utf8')).join('');
  const r = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${admin}` }, body });
  expect(r.status).toBe(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => { await browser?.close(); await server?.close(); });

const login = (): Promise<{ page: Page; errors: string[] }> => signedInDashboard(browser, server.url, admin);

async function openAlertsOf(app: string): Promise<{ id: string; exposure: { destinations: string[] } }[]> {
  for (let i = 0; i < 100; i++) {
    const r = await (await fetch(`${server.url}/v1/alerts?app=${app}&status=open`, { headers: { Authorization: `Bearer ${admin}` } })).json() as { alerts: { id: string; exposure: { destinations: string[] } }[] };
    if (r.alerts.length) return r.alerts;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`no open alert of ${app}`);
}

describe('dashboard: what to do next (Chromium)', () => {
  test('the alert page lists the playbook\'s recommended actions and the app\'s other open alerts', async () => {
    const [alert] = await openAlertsOf(RAT);
    const { page, errors } = await login();
    await page.evaluate((id) => { location.hash = `#/alert/${encodeURIComponent(id)}`; }, alert.id);
    const actions = page.locator('#playbook ol.playbook li');
    await actions.first().waitFor();
    expect(await actions.count()).toBeGreaterThanOrEqual(3);
    const phases = await actions.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.phase));
    expect(phases[0]).toBe('contain');
    expect(await page.locator('#playbook').textContent()).toMatch(/SOC analyst|MDM admin|network team/);
    await expect.poll(() => page.locator('#other-open').textContent()).toMatch(/Other open alerts of com\.flash\.tools/);
    await page.screenshot({ path: join(DOCS, 'dashboard-alert.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  test('a blind sensor\'s alert: crypto shown as inferred, with what the inference rests on, and still a visibility gap', async () => {
    const [alert] = await openAlertsOf('com.android.battery.saverx');
    const { page, errors } = await login();
    await page.evaluate((id) => { location.hash = `#/alert/${encodeURIComponent(id)}`; }, alert.id);
    const card = page.locator('#facets article.facet[data-facet="crypto"]');
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('inferred');
    expect(await card.locator('.pill.inferred').textContent()).toBe('inferred');
    expect(await card.locator('.why').textContent()).toMatch(/^inferred, not seen .*decode to near-random bytes/);
    expect(await card.locator('.strength').textContent()).toContain('strength 0.40');
    // still a gap: the analyst sees the cipher was not observed
    expect(await page.locator('ul.gaps li[data-facet="crypto"]').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  test('Apps to review shows the open alerts beside Accept and says when a proposed destination is one an alert names', async () => {
    const [alert] = await openAlertsOf(RAT);
    const { page, errors } = await login();
    await page.locator('#nav-review').click();
    const row = page.locator(`#unlisted tr[data-package="${RAT}"]`);
    await row.waitFor();
    await expect.poll(() => row.locator('.open-alerts').textContent()).toMatch(/1 open alert|open alert\(s\)/);
    const link = row.locator('.open-alerts a').first();
    expect(await link.getAttribute('href')).toBe(`#/alert/${encodeURIComponent(alert.id)}`);
    const proposal = await (await fetch(`${server.url}/v1/inventory/proposal`, { headers: { Authorization: `Bearer ${admin}` } })).json() as { entries: { entry: { package: string; expected_domains?: string[] } }[] };
    const domains = proposal.entries.find((e) => e.entry.package === RAT)?.entry.expected_domains ?? [];
    const named = domains.filter((d) => alert.exposure.destinations.some((x) => x.split(':')[0].endsWith(d.replace(/^\*\./, ''))));
    // the simulated RAT's C2 is both in the observed proposal and in the alert: it must be said
    expect(named.length).toBeGreaterThan(0);
    const warning = row.locator('p.conflict');
    expect(await warning.textContent()).toContain(named[0]);
    // Accept leaves the alerted destinations out; including them is a second, separate button
    expect(await row.locator('button.accept').textContent()).toBe('Accept without alerted destinations');
    expect(await row.locator('button.accept-all').textContent()).toBe('Accept, including alerted destinations');
    // the clone's cell says how many open alerts it has, whatever they are
    const cloneOpen = await (await fetch(`${server.url}/v1/alerts?app=com.example.notes&status=open,acknowledged`, { headers: { Authorization: `Bearer ${admin}` } })).json() as { alerts: unknown[] };
    const clone = page.locator('#deviating tr[data-package="com.example.notes"] td:last-child');
    expect(await clone.textContent()).toContain(cloneOpen.alerts.length ? `${cloneOpen.alerts.length} open alert(s)` : 'No open alert.');
    await page.screenshot({ path: join(DOCS, 'dashboard-review.png'), fullPage: true });
    await row.locator('button.accept').click();
    await expect.poll(() => row.locator('p.accept-msg').textContent()).toMatch(new RegExp(`Accepted into the policy by .*, without .*${named[0].replace(/[.*]/g, '\\$&')}.* \\(named by open alerts\\)`));
    const policy = await (await fetch(`${server.url}/v1/policy`, { headers: { Authorization: `Bearer ${admin}` } })).json() as { policy: { apps: { package: string; expected_domains?: string[] }[] } };
    expect(policy.policy.apps.find((a) => a.package === RAT)?.expected_domains ?? []).not.toContain(named[0]);
    expect(errors).toEqual([]);
  });
});
