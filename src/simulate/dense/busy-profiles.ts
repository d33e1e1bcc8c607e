// Library profiles with extra work while a dense-mix device is busy: the messenger receives a push
// every minute or two (decrypt, often an encrypted receipt back), the photo app uploads a batch.
import { MIN, SEC } from '../material.js';
import { signal, pushReceive } from '../profiles/signal.js';
import { photoBackup, upload } from '../profiles/photo-backup.js';
import type { BenignProfile, HourEnv } from '../profiles/index.js';

/** the part of each busy block that lies in this hour, with whether the block starts in it */
function busyParts(env: HourEnv): { lo: number; hi: number; starts: boolean }[] {
  return (env.busy ?? []).map((b) => ({ lo: Math.max(b.start, env.from), hi: Math.min(b.end, env.to), starts: b.start >= env.from }));
}

export const busySignal: BenignProfile = {
  ...signal,
  background(env) { // outside busy blocks only the user's sessions: the blocks hold the device's traffic
    for (const { lo, hi } of busyParts(env)) {
      for (let t = lo + env.rng.int(10, 60) * SEC; t < hi; t += env.rng.int(40, 120) * SEC) {
        if (!env.screenOn(t)) pushReceive(env.stream(t)); // the open app handles it in foreground
      }
    }
  },
};

export const busyPhotos: BenignProfile = {
  ...photoBackup,
  background(env) {
    photoBackup.background!(env);
    for (const { lo, starts } of busyParts(env)) {
      if (starts) upload(env.stream(lo + env.rng.int(1, 8) * MIN), env.rng.int(6, 14)); // blocks last ≥ 20 min
    }
  },
};
