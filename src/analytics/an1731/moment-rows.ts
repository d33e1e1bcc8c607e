// Rows of the chain's "moments", encrypt ops and sends: each has its evidence ref and the
// execution state it happened in, kept as columns too (app state, screen, lock, last interaction).
// Why not the shared ExecState object: a new one is made at every state change (user
// interactions are a quarter of all events), and rows holding it kept each one alive for the
// window, past a scavenge; now only a context's current one lives.
import type { AppStateName } from '../../model/index.js';
import type { ExecState } from './types.js';
import { HIDDEN_STATES, IDLE_MS } from './exec-state.js';
import { Rows } from './rows.js';

// numbers 0..2: ts, last user interaction, exec flags; objects 0..1: ref, app state
const N_LAST = 1, N_EXEC = 2;
const O_REF = 0, O_STATE = 1;
/** the first number and object column of a subclass */
export const MOMENT_NS = 3, MOMENT_OS = 2;

const SCREEN_OFF = 1, SCREEN_ON = 2, LOCKED = 4, UNLOCKED = 8;

export class MomentRows extends Rows {
  /** a row at `ts` with its ref and exec state written; the subclass fills its own columns from
   *  MOMENT_NS / MOMENT_OS on, then calls `capped()` */
  protected moment(ts: number, ref: string, exec: ExecState): number {
    const i = this.row(ts);
    const n = i * this.ns, o = i * this.os;
    const nums = this.nums, objs = this.objs;
    nums[n + N_LAST] = exec.lastInteraction;
    nums[n + N_EXEC] = (exec.screenOff === true ? SCREEN_OFF : exec.screenOff === false ? SCREEN_ON : 0) |
      (exec.locked === true ? LOCKED : exec.locked === false ? UNLOCKED : 0);
    objs[o + O_REF] = ref;
    objs[o + O_STATE] = exec.state;
    return i;
  }

  ref(i: number): string { return this.objs[i * this.os + O_REF] as string; }
  state(i: number): AppStateName | undefined { return this.objs[i * this.os + O_STATE] as AppStateName | undefined; }

  /** the app was out of the foreground (a hidden state) */
  hiddenState(i: number): boolean {
    const s = this.objs[i * this.os + O_STATE] as string | undefined;
    return s !== undefined && HIDDEN_STATES.has(s);
  }

  /** ms since the last user interaction at the row's time (Infinity when never seen) */
  idle(i: number): number { const n = i * this.ns; return this.nums[n] - this.nums[n + N_LAST]; }

  /** the device was locked or its screen off */
  lockedOrDark(i: number): boolean { return (this.nums[i * this.ns + N_EXEC] & (LOCKED | SCREEN_OFF)) !== 0; }

  /** how hidden the moment was, as `judge` (background.ts) says of its exec state */
  hidden(i: number): number {
    let s = 0;
    if (this.hiddenState(i)) s += 0.6;
    if (this.lockedOrDark(i)) s += 0.3;
    if (this.idle(i) >= IDLE_MS) s += 0.1;
    return Math.min(1, s);
  }

  /** row i's exec state as an object (explanations only) */
  exec(i: number): ExecState {
    const f = this.nums[i * this.ns + N_EXEC];
    return {
      state: this.state(i),
      screenOff: f & SCREEN_OFF ? true : f & SCREEN_ON ? false : undefined,
      locked: f & LOCKED ? true : f & UNLOCKED ? false : undefined,
      lastInteraction: this.nums[i * this.ns + N_LAST],
    };
  }
}
