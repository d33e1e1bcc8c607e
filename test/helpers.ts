// Runs the built CLI as users do: a real process, real files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist/cli/main.js');
/** ../shared sits beside the project (and in CI); a clone elsewhere can point to it */
export const SHARED = [process.env.CIPHERTRAIL_SHARED, join(ROOT, '../shared'), '/work/shared']
  .find((d): d is string => !!d && existsSync(join(d, 'tools/check-alerts.mjs'))) ?? join(ROOT, '../shared');

export interface Run { status: number; stdout: string; stderr: string }

export function ct(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28, env: { ...process.env, CI: 'true' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function checkAlerts(file: string): Run {
  const r = spawnSync(process.execPath, [join(SHARED, 'tools/check-alerts.mjs'), file], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export const tmp = (prefix = 'ct-'): string => mkdtempSync(join(tmpdir(), prefix));

export const ndjson = (xs: object[]): string => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';

export const alertsOf = (stdout: string): Record<string, unknown>[] =>
  stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
