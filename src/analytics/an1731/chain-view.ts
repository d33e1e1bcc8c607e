// The slice of an app context that one evaluation looks at: the encrypt ops inside the time
// window ending at `t`, and the reads, staged files and sends that can belong to them. The score
// gates read a `WindowView` (sends as row ranges of the context's send columns); the evaluations
// that pass them build a `ChainView`, with a record per send, for the facets and the chain.
import type { AppContext, DataRead, EncryptOp, Send, StagedFile } from './app-context.js';
import type { DeviceContext } from '../device-context.js';
import type { Policy } from '../../model/index.js';
import type { Inventory } from '../../policy/inventory.js';
import type { FleetKeys } from './fleet-keys.js';
import type { BaselineIndex } from './baseline-deviation.js';

export interface Analysis {
  policy: Policy;
  inventory: Inventory;
  fleetKeys: FleetKeys;
  /** the fleet baseline (detect --baseline), when given */
  baseline?: BaselineIndex;
}

/** The window as the score gates read it: encrypt ops and sends stay in their columns
 *  (`ctx.encrypts`, `ctx.sends`), as row ranges */
export interface WindowView {
  ctx: AppContext;
  device: DeviceContext;
  t: number;
  /** rows of ctx.encrypts: the window's encrypt ops are [encFrom, encEnd) */
  encFrom: number;
  encEnd: number;
  reads: DataRead[];
  files: StagedFile[];
  /** rows of ctx.sends: the window's sends are [allFrom, sendEnd), those at or after the first
   *  encrypt op of the window (all of them when crypto is invisible) [sendFrom, sendEnd) */
  allFrom: number;
  sendFrom: number;
  sendEnd: number;
}

export interface ChainView {
  ctx: AppContext;
  device: DeviceContext;
  t: number;
  encrypts: EncryptOp[];
  reads: DataRead[];
  files: StagedFile[];
  /** sends at or after the first encrypt op of the window (all sends when crypto is invisible) */
  sends: Send[];
  /** every send of the window, for periodicity */
  allSends: Send[];
}

function within<T extends { ts: number }>(xs: T[], from: number, to: number): T[] {
  // rings are pruned to the window and evaluated at their newest event: usually no copy needed
  if (xs.length === 0 || (xs[0].ts >= from && xs[xs.length - 1].ts <= to)) return xs;
  const out: T[] = [];
  for (const x of xs) if (x.ts >= from && x.ts <= to) out.push(x);
  return out;
}

export function windowAt(ctx: AppContext, device: DeviceContext, t: number, window: number): WindowView {
  const from = t - window;
  const enc = ctx.encrypts;
  const encFrom = enc.firstAtOrAfter(from), encEnd = enc.endAtOrBefore(t);
  const firstEnc = encEnd > encFrom ? enc.ts(encFrom) : from;
  const s = ctx.sends;
  // (rows are in ts order and from <= t: the window is one range, and so are the sends after the
  // first encrypt op)
  const allFrom = s.firstAtOrAfter(from), sendEnd = s.endAtOrBefore(t);
  let sendFrom = allFrom;
  while (sendFrom < sendEnd && s.ts(sendFrom) < firstEnc) sendFrom++;
  return {
    ctx, device, t, encFrom, encEnd,
    reads: within(ctx.reads.items, from, t),
    files: within(ctx.files.items, from, t),
    allFrom, sendFrom, sendEnd,
  };
}

/** the window with a record per send, for explanations and chains (which keep it) */
export function chainViewOf(w: WindowView): ChainView {
  const allSends = w.ctx.sends.sends(w.allFrom, w.sendEnd);
  return {
    ctx: w.ctx, device: w.device, t: w.t, encrypts: w.ctx.encrypts.ops(w.encFrom, w.encEnd), reads: w.reads, files: w.files,
    sends: w.sendFrom === w.allFrom ? allSends : allSends.slice(w.sendFrom - w.allFrom),
    allSends,
  };
}

export function viewAt(ctx: AppContext, device: DeviceContext, t: number, window: number): ChainView {
  return chainViewOf(windowAt(ctx, device, t, window));
}
