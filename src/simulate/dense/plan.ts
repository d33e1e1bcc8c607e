// Who runs what in the dense mix: every device has the apps that encrypt and send together while
// it is busy (chunked backup, two messengers, photo upload, the MDM agent), some of the library's
// foreground apps by their share, and ~10% of devices (at least one) a beaconing RAT.
import { Rng } from '../prng.js';
import { fleetDeviceName, infectedOrder, type FleetDevice } from '../fleet-plan.js';
import { mdm } from '../profiles/mdm.js';
import { browser } from '../profiles/browser.js';
import { banking } from '../profiles/banking.js';
import { passwordManager } from '../profiles/password-manager.js';
import { adsdkWeather } from '../profiles/adsdk.js';
import { packer } from '../profiles/packer.js';
import type { BenignProfile } from '../profiles/index.js';
import { chunkedBackup } from './chunked-backup.js';
import { teamChat } from './team-chat.js';
import { busyPhotos, busySignal } from './busy-profiles.js';
import { ratBeacon } from './rat-beacon.js';

export const RAT_SHARE = 0.1;

/** on every device */
export const DENSE_CORE: readonly BenignProfile[] = [mdm, busySignal, teamChat, chunkedBackup, busyPhotos];
/** by their share, for the user's sessions between busy blocks */
const DENSE_EXTRA: readonly BenignProfile[] = [browser, banking, passwordManager, adsdkWeather, packer];

export function planDenseFleet(devices: number, seed: number): FleetDevice[] {
  const { order, infected } = infectedOrder(new Rng(seed, 'dense-plan'), devices, RAT_SHARE);
  const rats = new Set(order.slice(0, infected));
  const plan: FleetDevice[] = [];
  for (let i = 0; i < devices; i++) {
    const r = new Rng(seed, 'dense-apps', i);
    const profiles = [...DENSE_CORE, ...DENSE_EXTRA.filter((p) => r.chance(p.share))];
    plan.push({ index: i, name: fleetDeviceName(i), profiles, ...(rats.has(i) ? { malicious: ratBeacon } : {}), mem: new Map(), freeAt: 0, seq: 0 });
  }
  return plan;
}
