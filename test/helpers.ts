// Runs the built CLI as users do: a real process, real files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { need } from './need.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist/cli/main.js');
/** ../shared sits beside the project (and in CI); a clone elsewhere points to it with CIPHERTRAIL_SHARED */
export const SHARED = process.env.CIPHERTRAIL_SHARED ?? join(ROOT, '../shared');

/** whether ../shared/`rel` is here: false (skipped, or a failure under CI) when it is missing */
export const needShared = (rel: string): boolean =>
  need(`../shared/${rel}`, existsSync(join(SHARED, rel)), 'the shared folder beside the repository (or CIPHERTRAIL_SHARED)');

export interface Run { status: number; stdout: string; stderr: string }

export function ct(args: string[], input?: string): Run {
  // dist/ is built by npm test (and npm ci): a missing build fails, it never skips
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28, env: { ...process.env, CI: 'true' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** the shared alert-contract checker on `file`; without ../shared (outside CI) a skipped pass */
export function checkAlerts(file: string): Run {
  if (!needShared('tools/check-alerts.mjs')) return { status: 0, stdout: 'skipped: ../shared/tools/check-alerts.mjs missing', stderr: '' };
  const r = spawnSync(process.execPath, [join(SHARED, 'tools/check-alerts.mjs'), file], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export const tmp = (prefix = 'ct-'): string => mkdtempSync(join(tmpdir(), prefix));

export const ndjson = (xs: object[]): string => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';

export const alertsOf = (stdout: string): Record<string, unknown>[] =>
  stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

/** `simulate --managed-fleet` converted to telemetry: the EMM's view (usage logs, DPC export) of
 *  every device and the Frida sensor's of the first one only, as a fleet part-way through adding
 *  the sensor; `dir` holds the simulation */
export function managedFleetLines(prefix: string): { dir: string; lines: string[] } {
  const dir = tmp(prefix);
  const sim = ct(['simulate', '--out', dir, '--managed-fleet']);
  if (sim.status !== 0) throw new Error(sim.stderr);
  const conv = ct(['convert', '--from', 'auto', join(dir, 'usage-logs.ndjson'), join(dir, 'dpc-logs.ndjson'), join(dir, 'sensor.ndjson')]);
  if (conv.status !== 0) throw new Error(conv.stderr);
  const all = conv.stdout.trim().split('\n');
  const first = (JSON.parse(all[0]) as { device: string }).device;
  return { dir, lines: all.filter((l) => { const e = JSON.parse(l) as { src?: string; device: string }; return e.src !== 'frida' || e.device === first; }) };
}
