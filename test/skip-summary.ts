// vitest globalSetup: gives the run a skip log (test/need.ts appends to it) and prints what was
// skipped at the end, so a run that skipped suites says so on its last lines.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'ct-skips-'));
  const log = join(dir, 'skips.log');
  writeFileSync(log, '');
  process.env.CIPHERTRAIL_SKIP_LOG = log;
  return () => {
    const lines = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].sort();
    rmSync(dir, { recursive: true, force: true });
    if (lines.length === 0) return;
    process.stdout.write(`\nskipped: ${lines.length} need(s) missing, their suites did not run (under CI=true they fail instead)\n${lines.map((l) => `  skipped: ${l}\n`).join('')}`);
  };
}
