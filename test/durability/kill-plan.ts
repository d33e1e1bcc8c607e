// Where a try kills what, drawn up front from the try's seed so a seed names the same plan: batch
// sizes and kill positions do not depend on timing (what a kill interrupts does).
import { Rng } from '../../src/simulate/index.js';

export type KillKind = 'SIGKILL' | 'SIGTERM';

export interface Kill {
  /** fired once this many input lines are acknowledged (server) or processed (NATS) */
  at: number;
  kind: KillKind;
  /** ms between reaching `at` and the signal: the client goes on meanwhile, so a kill lands
   *  during a request, a commit, an engine step or a checkpoint as often as between them */
  delayMs: number;
  /** NATS: which process (index into the try's roles) */
  target: number;
}

export interface Plan { seed: number; batches: number[]; kills: Kill[] }

/** `lines` input lines cut into batches of 1..maxBatch; `kills` kills at random positions among the
 *  first `killWithin` lines (default all), over `targets` processes */
export function planTry(what: string, seed: number, lines: number, o: { kills: [number, number]; maxBatch: number; targets?: number; maxDelayMs?: number; killWithin?: number }): Plan {
  const r = new Rng('durability', what, seed);
  const batches: number[] = [];
  for (let n = 0; n < lines;) { const b = Math.min(lines - n, r.int(1, o.maxBatch)); batches.push(b); n += b; }
  const count = r.int(o.kills[0], o.kills[1]);
  const kills: Kill[] = [];
  for (let k = 0; k < count; k++) {
    kills.push({ at: r.int(1, (o.killWithin ?? lines) - 3), kind: r.chance(0.5) ? 'SIGKILL' : 'SIGTERM', delayMs: r.int(0, o.maxDelayMs ?? 40), target: r.int(0, (o.targets ?? 1) - 1) });
  }
  kills.sort((a, b) => a.at - b.at);
  return { seed, batches, kills };
}

export interface Tally { tries: number; kills: Record<KillKind, number>; acked: number; stored: number; alertsEqual: number; alertsCompared: number }

export const newTally = (): Tally => ({ tries: 0, kills: { SIGKILL: 0, SIGTERM: 0 }, acked: 0, stored: 0, alertsEqual: 0, alertsCompared: 0 });

export function figures(what: string, t: Tally, seconds: number): string {
  return `durability ${what}: ${t.tries} tries, kills ${t.kills.SIGKILL + t.kills.SIGTERM} (kill -9 ${t.kills.SIGKILL}, SIGTERM ${t.kills.SIGTERM}), ` +
    `events acked ${t.acked}, stored ${t.stored}, final alerts equal to detect's ${t.alertsEqual}/${t.alertsCompared}, ${seconds.toFixed(1)} s`;
}
