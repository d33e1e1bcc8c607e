// App states in which the user cannot see what the app is doing.
export const HIDDEN_STATES: ReadonlySet<string> = new Set(['background', 'service', 'job', 'alarm', 'receiver', 'cached', 'stopped']);

/** no interaction for this long counts as "the user is not there" */
export const IDLE_MS = 5 * 60_000;

/** how hidden a moment was: 0.6 out of the foreground, +0.3 locked or dark, +0.1 idle (rows of
 *  moments judge their columns the same way: MomentRows.hidden) */
export function hiddenScore(e: { state: string | undefined; locked: boolean | undefined; screenOff: boolean | undefined; lastInteraction: number }, ts: number): number {
  let s = 0;
  if (e.state !== undefined && HIDDEN_STATES.has(e.state)) s += 0.6;
  if (e.locked === true || e.screenOff === true) s += 0.3;
  if (ts - e.lastInteraction >= IDLE_MS) s += 0.1;
  return Math.min(1, s);
}
