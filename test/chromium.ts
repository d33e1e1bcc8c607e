// The Debian Chromium every browser test drives through playwright-core (scripts/ensure-chromium.sh
// installs it; CHROMIUM_PATH points elsewhere), launched one way for all of them.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { need } from './need.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (npm test runs it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** whether this run can drive Chromium: false (skipped, or a failure under CI) when it is missing */
export const needChromium = (): boolean =>
  need(`Chromium (${CHROMIUM})`, existsSync(CHROMIUM), 'sh scripts/ensure-chromium.sh installs it; npm test runs it');

/** a dashboard page signed in with `token`, on the alert list; `errors` collects dialogs, page
 *  errors and CSP violations (a test expects it empty) */
export async function signedInDashboard(browser: Browser, url: string, token: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  const errors: string[] = [];
  page.on('dialog', (d) => { errors.push(`dialog ${d.message()}`); void d.dismiss(); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => { throw new Error(`csp ${e.violatedDirective}`); }));
  await page.goto(`${url}/`);
  await page.locator('#token').fill(token);
  await page.locator('#login').click();
  await page.locator('#alerts').waitFor();
  return { page, errors };
}
