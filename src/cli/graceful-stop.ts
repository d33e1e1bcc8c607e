// SIGTERM/SIGINT for the long-running commands. The first signal asks the command to finish
// (checkpoint, flush, close); if it has not within the grace period, or a second signal comes,
// the process exits anyway and says what it left: with its NATS server gone a worker's
// checkpoint retries (and the client's reconnects) would otherwise hold it for minutes, and a
// supervisor could only kill -9 it, which says nothing.
import { parseDuration } from '../policy/index.js';
import { UsageError } from './usage-error.js';
import { unfinishedWork } from '../nats/unfinished.js';

export const DEFAULT_GRACE = '5s';
/** exit code when the grace period ran out (or a second signal came) before a clean stop */
export const GRACE_EXPIRED_EXIT = 1;

export function parseGrace(v: string): number {
  const ms = parseDuration(v);
  if (ms === undefined) throw new UsageError(`--grace: want a duration like 5s, got '${v}'`);
  return ms;
}

export class GracefulStop {
  /** the signal that stopped the command (undefined: none yet) */
  signal: NodeJS.Signals | undefined;
  readonly stopped: Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  /** `what`: the command's name in its last line; `extra`: what else it may leave (e.g. stdout) */
  constructor(private readonly what: string, private readonly graceMs: number, private readonly log: (l: string) => void, private readonly extra: () => string[] = () => []) {
    let resolve!: () => void;
    this.stopped = new Promise((r) => { resolve = r; });
    const on = (sig: NodeJS.Signals) => {
      if (this.signal) { this.giveUp(`a second ${sig}`); return; }
      this.signal = sig;
      this.timer = setTimeout(() => this.giveUp(`${sig}; the grace period (${this.graceMs / 1000} s) ran out`), this.graceMs);
      resolve();
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  }

  /** the command finished its stop: its last line. What it closed may still hold the process (a
   *  NATS client reconnecting to a server that is gone): once nothing tracked is left, it exits. */
  done(summary: string): void {
    this.finished = true;
    this.timer?.unref();
    if (!this.signal) return;
    const left = unfinishedWork();
    if (left.length) {
      this.log(`${this.what}: ${this.signal}: ${summary}; finishing: ${left.join('; ')}`);
      const sig = this.signal;
      process.once('exit', () => { if (!unfinishedWork().length) this.log(`${this.what}: stopped on ${sig}; finished`); });
    } else this.log(`${this.what}: stopped on ${this.signal}; ${summary}`);
    setInterval(() => { if (!unfinishedWork().length) process.exit(process.exitCode ?? 0); }, 100).unref();
  }

  private giveUp(why: string): void {
    const left = [...unfinishedWork(), ...this.extra()];
    if (this.finished && !left.length) process.exit(process.exitCode ?? 0);
    this.log(`${this.what}: stopped on ${why}; ${left.length ? 'left unfinished: ' + left.join('; ') : 'nothing known unfinished'}`);
    process.exit(GRACE_EXPIRED_EXIT);
  }
}
