// Facet 4, background context: the encryption and the send happened while the app had no visible
// activity, the device was locked or dark, or nobody had touched it recently.
import type { FacetExplanation } from '../../model/index.js';
import type { ChainView } from './chain-view.js';
import { idleAt, type ExecState } from './app-context.js';
import { fmtDuration } from './units.js';
import { HIDDEN_STATES as HIDDEN, IDLE_MS } from './exec-state.js';

export { IDLE_MS };


/** how hidden one moment was: 0.6 out of the foreground, +0.3 locked or dark, +0.1 idle (the
 *  score gates ask the same of rows: MomentRows.hidden) */
export function judge(e: ExecState, ts: number): number {
  let s = 0;
  if (e.state !== undefined && HIDDEN.has(e.state)) s += 0.6;
  if (e.locked === true || e.screenOff === true) s += 0.3;
  if (idleAt(e, ts) >= IDLE_MS) s += 0.1;
  return Math.min(1, s);
}

export function backgroundFacet(v: ChainView): FacetExplanation | undefined {
  const moments = v.encrypts.length + v.sends.length;
  if (moments === 0) return undefined;
  let hidden = 0, best: ExecState | undefined, bestKind = '', bestS = -1, bestIdle = 0;
  const states = new Set<string>();
  const look = (e: ExecState, ts: number, kind: string) => {
    const s = judge(e, ts);
    if (s >= 0.6) hidden++;
    if (e.state) states.add(e.state);
    if (s > bestS) { bestS = s; best = e; bestKind = kind; bestIdle = idleAt(e, ts); }
  };
  for (const o of v.encrypts) look(o.exec, o.ts, 'encrypt');
  for (const s of v.sends) look(s.exec, s.ts, 'send');
  if (bestS <= 0 || !best) return undefined;
  // the share of the chain that ran hidden: one background send among many foreground ones is weak
  const share = hidden / moments;
  const strength = Math.min(1, bestS * (share >= 0.5 ? 1 : 0.5));
  const e: ExecState = best;
  const why = [`${hidden}/${moments} encrypt/send moments out of the foreground`];
  if (e.state) why.push(`app state ${e.state} at ${bestKind}`);
  if (e.locked === true) why.push('device locked');
  if (e.screenOff === true) why.push('screen off');
  why.push(`last user interaction ${Number.isFinite(bestIdle) ? fmtDuration(bestIdle) + ' before' : 'never seen'}`);
  return {
    strength,
    why: why.join('; '),
    app_states: [...states].sort(),
    hidden_moments: hidden,
    moments,
    locked: e.locked ?? null,
    screen: e.screenOff === undefined ? null : e.screenOff ? 'off' : 'on',
    seconds_since_interaction: Number.isFinite(bestIdle) ? Math.round(bestIdle / 1000) : null,
  };
}
