// What a suite needs from outside the repository: ../shared (real data, the alert checker), dist/
// (the built CLI), a system binary (nats-server, Chromium). Under CI a missing need fails the suite
// at once, so CI never passes by skipping; elsewhere the suite skips and the reason is written to
// the run's skip log, which test/skip-summary.ts prints as "skipped: …" at the end of the run.
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

const onCi = (): boolean => !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/** the test file that asked (from the call stack), for the summary */
function askingSuite(): string {
  const frames = (new Error().stack ?? '').split('\n');
  const f = frames.find((l) => /\.test\.ts/.test(l)) ?? frames.find((l) => !/need\.ts|node:|node_modules/.test(l) && /\(|at /.test(l) && /\.ts/.test(l));
  const m = f ? /([^/\\\s(]+\.ts)/.exec(f) : null;
  return m ? basename(m[1]) : 'a suite';
}

/** true when `present`; otherwise throws under CI, or logs "`what` missing (`fix`)" and returns
 *  false so the caller can skip (describe.skipIf(!need(...))) */
export function need(what: string, present: boolean, fix: string): boolean {
  if (present) return true;
  if (onCi()) throw new Error(`CI: ${what} is missing; ${fix}`);
  const log = process.env.CIPHERTRAIL_SKIP_LOG;
  if (log) appendFileSync(log, `${askingSuite()}: ${what} missing (${fix})\n`);
  return false;
}
