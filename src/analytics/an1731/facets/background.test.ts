// Facet 4, background, driven through a real Window: each moment (an encrypt op, a send counted
// after it) judged on entry, 0.6 out of the foreground, +0.3 locked or dark, +0.1 idle; halved
// when hidden moments are under half; user-driven when every moment was foreground with a touch.
import { describe, expect, it } from 'vitest';
import { checkRow, type Ex, FG, HOUR, MIN, op, prune, read, Rig, send, type Row } from '../facet-rig.test-util.js';
import type { BackgroundFigures } from './background.js';

const T = 10 * HOUR;
const HIDDEN: Ex = { state: 'service', locked: true, screenOff: true, idle: 10 * MIN };
const BG: Ex = { state: 'background', locked: false, screenOff: false, idle: 10_000 };

const rows: Row<BackgroundFigures>[] = [
  { name: 'absent: no moment (reads only)', recs: [read(T, 'contacts')], strength: 0, flags: { userDriven: false } },
  {
    name: 'service, locked, screen off, idle: 1', recs: [op(T, { ex: HIDDEN }), send(T + 1_000, 100, { ex: HIDDEN })], strength: 1, flags: { userDriven: false },
    figures: { app_states: ['service'], hidden_moments: 2, moments: 2, locked: true, screen: 'off', seconds_since_interaction: 600 },
    why: ['2/2 encrypt/send moments out of the foreground', 'app state service at encrypt', 'device locked', 'screen off', 'last user interaction 10 min before'],
  },
  { name: 'service, locked, idle (screen on): 1', recs: [op(T, { ex: { ...HIDDEN, screenOff: false } })], strength: 1, figures: { screen: 'on', locked: true }, notWhy: ['screen off'] },
  { name: 'background, unlocked, touched 10 s before: 0.6', recs: [op(T, { ex: BG }), send(T + 1_000, 100, { ex: BG })], strength: 0.6, figures: { seconds_since_interaction: 10 }, notWhy: ['device locked', 'screen off'] },
  { name: 'background, screen off: 0.9', recs: [op(T, { ex: { ...BG, screenOff: true } })], strength: 0.9, why: ['screen off'] },
  { name: 'job, idle 5 min: 0.7', recs: [op(T, { ex: { state: 'job', locked: false, screenOff: false, idle: 5 * MIN } })], strength: 0.7, figures: { app_states: ['job'] } },
  { name: 'foreground, locked: 0.3 halved (no hidden moment) = 0.15', recs: [op(T, { ex: { ...FG, locked: true } })], strength: 0.15, figures: { hidden_moments: 0, moments: 1 }, why: ['0/1 encrypt/send moments out of the foreground', 'device locked'] },
  { name: 'foreground, idle 10 min: 0.1 halved = 0.05', recs: [op(T, { ex: { ...FG, idle: 10 * MIN } })], strength: 0.05, flags: { userDriven: false } },
  {
    name: 'no state and no interaction ever seen: 0.1 halved = 0.05', recs: [op(T, { ex: {} })], strength: 0.05,
    figures: { app_states: [], locked: null, screen: null, seconds_since_interaction: null }, why: ['last user interaction never seen'], notWhy: ['app state'],
  },
  {
    name: 'one hidden moment among many foreground ones: halved (0.5)', recs: [op(T), send(T + 1_000, 10), send(T + 2_000, 10), send(T + 3_000, 10, { ex: HIDDEN }), send(T + 4_000, 10), send(T + 5_000, 10)],
    strength: 0.5, flags: { userDriven: false }, figures: { hidden_moments: 1, moments: 6, app_states: ['foreground', 'service'] },
    why: ['1/6 encrypt/send moments out of the foreground', 'app state service at send'],
  },
  { name: 'hidden moments exactly half: not halved (1)', recs: [op(T), send(T + 1_000, 10, { ex: HIDDEN })], strength: 1, figures: { hidden_moments: 1, moments: 2 } },
  { name: 'foreground with recent interaction throughout: 0 and userDriven', recs: [op(T), send(T + 1_000, 10), op(T + 2_000), send(T + 3_000, 10)], strength: 0, flags: { userDriven: true } },
  { name: 'foreground, last touch 61 s before one send: not user-driven', recs: [op(T), send(T + 1_000, 10, { ex: { ...FG, idle: 61_000 } })], strength: 0, flags: { userDriven: false } },
  { name: 'sends before the first op are not moments', recs: [send(T, 10, { ex: HIDDEN }), send(T + 1_000, 10, { ex: HIDDEN }), op(T + 2_000)], strength: 0, flags: { userDriven: true } },
  { name: 'a hidden op pruned out of the window: foreground again', recs: [op(T, { ex: HIDDEN }), op(T + 5 * MIN), send(T + 5 * MIN + 1, 10), prune(T + MIN)], strength: 0, flags: { userDriven: true } },
  { name: 'the foreground ops pruned, the hidden send stays: 1', recs: [op(T), op(T + 4 * MIN, { ex: BG }), send(T + 5 * MIN, 10, { ex: HIDDEN }), prune(T + MIN)], strength: 1, figures: { moments: 2, hidden_moments: 2 } },
];

describe('background facet', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => { checkRow('background', row); });

  it('names the first moment at the top level, encrypt ops before sends', () => {
    const rig = new Rig();
    rig.feed([op(T, { ex: BG }), send(T + 1_000, 10, { ex: HIDDEN }), op(T + 2_000, { ex: { ...BG, locked: true } })]);
    const s = rig.say<BackgroundFigures>('background');
    expect(s.strength).toBeCloseTo(1, 9);
    // the send is at level 1.0, the second op at 0.9: the send is named
    expect(s.figures).toMatchObject({ kind: 'send', state: 'service', hidden_moments: 3, moments: 3 });
  });
});
