// The dense mix's malicious app: a sideloaded RAT running as a background service that beacons to
// a bare IP every 30–60 s (fixed per device, ±1.5 % jitter). Every beacon is sealed with a key
// hard-coded in the APK; about every fourth carries freshly read collected data. Not in any library
// list (the scenario library and the sparse fleet stay as they are); the fleet labels it.
import { PERM, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, docIp, r2 } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import type { DataCategory } from '../../model/index.js';
import type { ScenarioDef } from '../scenario.js';

const APP = 'com.android.systemfont.helper';
const VERSION = '1.4';
export const RAT_KEY = simKey('rat-beacon/aes-128-cbc/hardcoded', 'AES', 128, 'literal', { mode: 'CBC' });
const C2 = { ip: docIp(2, 77), port: 7771, proto: 'tcp' as const, tls: false };
const PERMISSIONS = [PERM.accessibility, PERM.contacts, PERM.readSms, PERM.location, PERM.notifications, PERM.internet];
/** what a data beacon carries: category, items, bytes */
const LOOT: [DataCategory, number, number][] = [
  ['location', 1, 96], ['sms', 40, 9_000], ['contacts', 120, 16_000], ['notifications', 6, 2_400], ['keystrokes', 1, 1_800],
];
const DATA_SHARE = 0.25;

export interface Beacon { period: number; next: number }

function install(s: AppStream): void {
  sideloadInfo(s, 'rat-beacon-builder', VERSION, PERMISSIONS);
  s.appState('service').key(RAT_KEY);
}

/** beacons from `b.next` until `until` */
function beacons(s: AppStream, b: Beacon, until: number): void {
  while (b.next < until) {
    s.at(b.next);
    let plain = s.rng.int(48, 160); // status: battery, network, foreground app
    if (s.rng.chance(DATA_SHARE)) {
      const [category, items, bytes] = s.rng.pick(LOOT);
      const n = Math.round(s.rng.jitter(bytes, 0.3));
      s.access(category, items, n);
      plain += n;
    }
    const out = s.encrypt(RAT_KEY, plain);
    s.send({ ...C2, bytes: out + 24, bytesIn: s.rng.int(16, 64), payload: { format: 'binary', entropy: r2(s.rng.float(7.6, 7.95)), size: out } });
    b.next += Math.round(s.rng.jitter(b.period, 0.015));
  }
}

/** one fleet hour of an infected device (installed in its first); `mem` keeps the beacon clock */
export function ratHour(s: AppStream, mem: Record<string, unknown>, to: number): void {
  let b = mem.beacon as Beacon | undefined;
  if (!b) {
    install(s.wait(s.rng.int(0, 5000)));
    mem.beacon = b = { period: s.rng.int(30, 60) * SEC, next: s.t + s.rng.int(5, 60) * SEC };
  }
  beacons(s, b, to);
}

export const ratBeacon: ScenarioDef = {
  name: 'rat-beacon-ip',
  malicious: true,
  app: APP, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'A composite of commodity Android RATs rather than one family: a background service with a heartbeat to a hard-coded C2 IP and port every 30-60 s, C2 traffic encrypted with a symmetric key embedded in the APK (MITRE ATT&CK Mobile T1521.001), stolen SMS, contacts, notifications, location and keystrokes (via Accessibility) sent along.',
  note: 'sideloaded, not in inventory; hard-coded AES-CBC key reused for every beacon; periodic beacon (30-60 s, low jitter) as binary over plain TCP to a bare IP; collected data read before every fourth beacon; background service',
  build(env) {
    const s = env.stream(env.device(0), APP, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    install(s);
    lock(s);
    const b: Beacon = { period: env.rng.int(30, 60) * SEC, next: s.t + 5 * SEC };
    beacons(s, b, b.next + 20 * MIN);
  },
};
