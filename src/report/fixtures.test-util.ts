// Alerts for the unit tests: the scenario library's golden alerts (test/golden, seed 1).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportAlert } from './model.js';

const GOLDEN = fileURLToPath(new URL('../../test/golden/', import.meta.url));

export function goldenAlerts(scenario: string): ReportAlert[] {
  return readFileSync(`${GOLDEN}${scenario}.alerts.ndjson`, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ReportAlert);
}

export const goldenAlert = (scenario: string): ReportAlert => goldenAlerts(scenario)[0];
