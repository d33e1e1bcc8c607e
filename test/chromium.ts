// The Debian Chromium every browser test drives through playwright-core (scripts/ensure-chromium.sh
// installs it; CHROMIUM_PATH points elsewhere), launched one way for all of them.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
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
