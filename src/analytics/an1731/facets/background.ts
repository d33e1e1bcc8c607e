// Facet 4, background context: the encryption and the send happened while the app had no visible
// activity, the device was locked or dark, or nobody had touched it recently. Each moment (an
// encrypt op, a send after it) is judged once when it enters: 0.6 out of the foreground, +0.3
// locked or dark, +0.1 idle; the facet keeps how many moments sit at each level.
import type { FacetExplanation } from '../../../model/index.js';
import { bump, newCounts, type Counts, sortedKeys, type Facet, type Sign } from '../facet.js';
import type { MomentRows } from '../moment-rows.js';
import type { ExecState } from '../types.js';
import { hiddenScore, IDLE_MS } from '../exec-state.js';
import { fmtDuration } from '../units.js';

/** "interacting": a touch, key or focus event within this long before the moment */
export const USER_DRIVEN_IDLE_MS = 60_000;

export interface BackgroundState {
  moments: number;
  /** moments judged 0.6 or more */
  hidden: number;
  /** moments by level (tenths), and the strength each level stands for */
  levels: number[];
  states: Counts;
  /** moments not in the foreground with the user interacting */
  notDriven: number;
}

export interface BackgroundFigures {
  app_states: string[]; hidden_moments: number; moments: number; locked: boolean | null; screen: 'on' | 'off' | null;
  seconds_since_interaction: number | null;
  /** for the sentence only */
  state: string | undefined; kind: string; idle_ms: number;
}

function moment(s: BackgroundState, rows: MomentRows, i: number, sign: Sign): void {
  const v = rows.hidden(i), level = Math.round(v * 10);
  s.moments += sign;
  if (v >= 0.6) s.hidden += sign;
  s.levels[level] += sign;
  const state = rows.state(i);
  if (state) bump(s.states, state, sign);
  if (!(state === 'foreground' && rows.idle(i) <= USER_DRIVEN_IDLE_MS)) s.notDriven += sign;
}

/** the strength each level stands for, summed as hiddenScore sums it (0.6 + 0.3 + 0.1 is not 1.0) */
const LEVEL_VALUE: number[] = [];
for (const st of [undefined, 'service'] as const) for (const locked of [false, true]) for (const idle of [0, IDLE_MS]) {
  const v = hiddenScore({ state: st, locked, screenOff: false, lastInteraction: 0 }, idle);
  LEVEL_VALUE[Math.round(v * 10)] = v;
}

function top(s: BackgroundState): number {
  let l = 10;
  while (l > 0 && s.levels[l] === 0) l--;
  return l;
}

export const backgroundFacet: Facet<BackgroundState, BackgroundFigures> = {
  name: 'background',
  init: () => ({ moments: 0, hidden: 0, levels: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], states: newCounts(), notDriven: 0 }),
  op(s, rows, i, sign) { moment(s, rows, i, sign); },
  counted(s, rows, i, sign) { moment(s, rows, i, sign); },
  strength(s, _x, flags) {
    flags.userDriven = s.moments > 0 && s.notDriven === 0;
    if (s.moments === 0) return 0;
    const l = top(s);
    if (l === 0) return 0;
    // the share of the chain that ran hidden: one background send among many foreground ones is weak
    return Math.min(1, LEVEL_VALUE[l] * (s.hidden / s.moments >= 0.5 ? 1 : 0.5));
  },
  figures(s, x) {
    // the first moment at the top level, encrypt ops first, as the sentence names it
    const l = top(s);
    const enc = x.w.encrypts, sends = x.w.sends;
    let rows: MomentRows = enc, row = -1, kind = 'encrypt';
    for (let i = enc.start; i < enc.end && row < 0; i++) if (Math.round(enc.hidden(i) * 10) === l) row = i;
    if (row < 0) { rows = sends; kind = 'send'; for (let i = x.w.countedFrom(); i < sends.end && row < 0; i++) if (Math.round(sends.hidden(i) * 10) === l) row = i; }
    const e: ExecState = rows.exec(row);
    const idle = rows.idle(row);
    return {
      app_states: sortedKeys(s.states), hidden_moments: s.hidden, moments: s.moments,
      locked: e.locked ?? null, screen: e.screenOff === undefined ? null : e.screenOff ? 'off' : 'on',
      seconds_since_interaction: Number.isFinite(idle) ? Math.round(idle / 1000) : null,
      state: e.state, kind, idle_ms: idle,
    };
  },
  explain(f, strength): FacetExplanation {
    const { state, kind, idle_ms, ...shown } = f;
    const why = [`${f.hidden_moments}/${f.moments} encrypt/send moments out of the foreground`];
    if (state) why.push(`app state ${state} at ${kind}`);
    if (f.locked === true) why.push('device locked');
    if (f.screen === 'off') why.push('screen off');
    why.push(`last user interaction ${Number.isFinite(idle_ms) ? fmtDuration(idle_ms) + ' before' : 'never seen'}`);
    return { strength, why: why.join('; '), ...shown };
  },
};
