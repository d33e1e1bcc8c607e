// "Apps to review" in a real Chromium against a real server (as test/dashboard.test.ts): the
// rolling baseline's diff, the proposed entry, Accept as admin (written to the policy, audited),
// refused for a read-only token; no CSP violation, no dialog, no page error.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, needChromium, signedInDashboard } from './chromium.js';
import { startServer, type RunningServer } from '../src/server/start.js';
import { createToken } from '../src/store/tokens.js';
import { ct, tmp, ROOT } from './helpers.js';

const SKIP = !needChromium();

const ARTIFACTS = join(ROOT, 'test/artifacts');

let server: RunningServer;
let browser: Browser;
let admin: string, reader: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = tmp('ct-dash-rev-');
  expect(ct(['simulate', '--out', dir, '--seed', '1']).status).toBe(0);
  const db = join(dir, 'ct.db');
  admin = createToken(db, ['admin'], 'alice');
  reader = createToken(db, ['read'], 'viewer');
  server = await startServer({ port: 0, db, policyPath: join(dir, 'policy.yaml'), log: () => {} });
  const body = ['repackaged-clone-twin-genuine', 'repackaged-clone', 'anubis-rc4-b64'].map((s) => readFileSync(join(dir, `${s}.ndjson`), 'utf8')).join('');
  const r = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${admin}` }, body });
  expect(r.status).toBe(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => { await browser?.close(); await server?.close(); });

async function open(token: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await signedInDashboard(browser, server.url, token);
  await page.locator('#nav-review').click();
  await page.locator('#review h2').first().waitFor();
  return { page, errors };
}

describe.skipIf(SKIP)('Apps to review (Chromium)', () => {
  test('lists the unlisted app by risk and the clone outside its expectations; an admin accepts a proposal', async () => {
    const { page, errors } = await open(admin);
    const row = page.locator('#unlisted tr[data-package="com.flash.tools"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/encrypts/);
    const clone = page.locator('#deviating tr[data-package="com.example.notes"]');
    expect(await clone.textContent()).toMatch(/second_signer.*repackaged clone/s);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-review.png'), fullPage: true });
    await row.locator('button.accept').click();
    await expect.poll(() => row.locator('p.accept-msg').textContent()).toMatch(/Accepted into the policy by alice/);
    // reloaded: the app is now in the inventory, so no longer unlisted
    await expect.poll(() => page.locator('#unlisted tr[data-package="com.flash.tools"]').count(), { timeout: 10_000 }).toBe(0);
    const pol = await (await fetch(`${server.url}/v1/policy`, { headers: { Authorization: `Bearer ${reader}` } })).json() as { policy: { apps: { package: string; approved?: boolean }[] } };
    const entry = pol.policy.apps.find((a) => a.package === 'com.flash.tools');
    expect(entry).toBeDefined();
    expect(entry!.approved).toBeUndefined(); // accepted, never auto-approved
    expect(errors).toEqual([]);
  });

  test('a read-only token sees the review but cannot accept', async () => {
    const { page, errors } = await open(reader);
    const row = page.locator('#deviating tr[data-package="com.example.notes"]');
    await row.waitFor();
    await row.locator('button.accept').click();
    await expect.poll(() => row.locator('p.accept-msg').textContent()).toMatch(/needs an admin token/);
    expect(errors).toEqual([]);
  });
});
