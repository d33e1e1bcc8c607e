// When a dense-mix device is busy: two blocks a day, one at night (charging on Wi-Fi: the backup
// runs, chats sync) and one in the afternoon or evening (the same, with the user chatting). In a
// block most of the device's apps encrypt and send at once; between blocks only the usual trickle.
// Blocks never cross midnight, so each day's blocks come from that day's own random stream.
import { BASE_EPOCH, HOUR, MIN } from '../material.js';
import { Rng } from '../prng.js';
import type { BusyBlock } from '../profiles/index.js';

export interface DenseBlock extends BusyBlock {
  /** the user is on the device (the afternoon/evening block) */
  user: boolean;
}

export const BLOCK_MIN_MS = 25 * MIN;
export const BLOCK_MAX_MS = 40 * MIN;
const DAY = 24 * HOUR;
/** midnight UTC before the fleet's first hour */
const MIDNIGHT0 = BASE_EPOCH - 8 * HOUR;

export function dayBlocks(seed: number, device: number, day: number): DenseBlock[] {
  const rng = new Rng(seed, 'dense-busy', device, day);
  const midnight = MIDNIGHT0 + day * DAY;
  const block = (earliest: number, latest: number, user: boolean): DenseBlock => {
    const start = midnight + rng.int(earliest, latest) * MIN;
    return { start, end: start + rng.int(BLOCK_MIN_MS / MIN, BLOCK_MAX_MS / MIN) * MIN, user };
  };
  return [block(30, 4 * 60, false), block(12 * 60, 21 * 60, true)];
}

/** the device's blocks overlapping [from, to) (an hour: within one day) */
export function busyIn(seed: number, device: number, from: number, to: number): DenseBlock[] {
  return dayBlocks(seed, device, Math.floor((from - MIDNIGHT0) / DAY)).filter((b) => b.start < to && b.end > from);
}
