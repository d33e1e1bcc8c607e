// The slice of an app context that one evaluation looks at: the encrypt ops inside the time
// window ending at `t`, and the reads, staged files and sends that can belong to them.
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

export function viewAt(ctx: AppContext, device: DeviceContext, t: number, window: number): ChainView {
  const from = t - window;
  const encrypts = within(ctx.encrypts.items, from, t);
  const firstEnc = encrypts.length > 0 ? encrypts[0].ts : from;
  const allSends = within(ctx.sends.items, from, t);
  return {
    ctx, device, t, encrypts,
    reads: within(ctx.reads.items, from, t),
    files: within(ctx.files.items, from, t),
    sends: allSends.length === 0 || allSends[0].ts >= firstEnc ? allSends : allSends.filter((s) => s.ts >= firstEnc),
    allSends,
  };
}
