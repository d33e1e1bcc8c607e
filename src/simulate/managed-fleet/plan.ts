// A managed fleet over one day, as two views of the same behaviour: what the devices' own logs
// record (Acts: lock state, process starts, Keystore keys, DNS and connects, as the Android
// Management API and a DPC report them) and what the Frida sensor records of the same moments
// (telemetry v1). Same seed, same fleet, same device ids in both.
import type { ScenarioLabel } from '../../model/index.js';
import { Rng, hash32 } from '../prng.js';

export type Act =
  | { ts: number; kind: 'lock' | 'unlock' }
  | { ts: number; kind: 'start'; pkg: string; uid: number; pid: number }
  | { ts: number; kind: 'key'; pkg: string; uid: number; alias: string }
  | { ts: number; kind: 'dns'; pkg: string; host: string; ip: string }
  | { ts: number; kind: 'connect'; pkg: string; ip: string; port: number };

export type SensorEvent = Record<string, unknown> & { ts: number };

export interface DevicePlan { device: string; acts: Act[]; sensor: SensorEvent[] }

export interface FleetPlan { devices: DevicePlan[]; labels: ScenarioLabel[] }

/** the day the fleet lives (UTC) */
export const DAY0 = Date.UTC(2026, 2, 2);
const MIN = 60_000;

export const uidOf = (pkg: string) => 10_100 + (hash32('uid', pkg) % 900);
const fp = (...parts: string[]) => (hash32('fp1', ...parts).toString(16).padStart(8, '0') + hash32('fp2', ...parts).toString(16).padStart(8, '0')).repeat(2);

export const APPS = {
  chat: 'org.example.chat', backup: 'com.example.backup', notes: 'com.example.notes', flash: 'com.flash.tools',
} as const;

/** which devices carry the malicious app and which its benign twin */
const MALICIOUS_EVERY = 3, TWIN_OFFSET = 1;

export function planFleet(devices: number, seed: number): FleetPlan {
  const out: FleetPlan = { devices: [], labels: [] };
  for (let d = 0; d < devices; d++) {
    const rng = new Rng(seed, 'managed-fleet', d);
    const device = (hash32(seed, 'dev', d).toString(16).padStart(8, '0') + hash32(seed, 'dev2', d).toString(16).padStart(8, '0'));
    const p: DevicePlan = { device, acts: [], sensor: [] };
    const s = (ts: number, type: string, app: string | undefined, body: Record<string, unknown>) =>
      p.sensor.push({ ts: Math.round(ts), device, ...(app ? { app } : {}), type, ...body });
    // the phone: locked overnight, unlocked at breakfast
    const wake = DAY0 + 7 * 60 * MIN + rng.int(0, 20) * MIN;
    p.acts.push({ ts: DAY0 + 30 * MIN, kind: 'lock' }, { ts: wake, kind: 'unlock' });
    s(DAY0 + 30 * MIN, 'device.state', undefined, { locked: true, screen: 'off' });
    s(wake, 'device.state', undefined, { locked: false, screen: 'on' });

    // the approved backup job at 03:00, behind the keyguard, with a key made long ago
    const bk = DAY0 + 3 * 60 * MIN + rng.int(0, 600) * 1000;
    connects(p, rng, APPS.backup, bk, 'backup.example.com', '203.0.113.40', 3, 40_000, false);
    s(bk - 500, 'app.state', APPS.backup, { state: 'job' });
    for (let i = 0; i < 3; i++) {
      const t = bk + i * 40_000;
      s(t - 200, 'crypto.op', APPS.backup, { alg: 'AES', mode: 'GCM', dir: 'encrypt', key_fp: fp(device, 'backup'), in_bytes: 512_000, out_bytes: 512_016 });
      s(t + 1, 'net.send', APPS.backup, { dst_host: 'backup.example.com', dst_ip: '203.0.113.40', dst_port: 443, proto: 'https', tls: true, bytes_out: 512_400, payload: { format: 'binary', entropy: 7.99 } });
    }
    s(bk - 400, 'crypto.key', APPS.backup, { key_fp: fp(device, 'backup'), alg: 'AES', bits: 256, origin: 'keystore', hw_backed: true });

    // the messenger, used right after unlocking
    const chat = wake + 2 * MIN;
    p.acts.push({ ts: chat - 1000, kind: 'key', pkg: APPS.chat, uid: uidOf(APPS.chat), alias: 'chat_session' });
    connects(p, rng, APPS.chat, chat, 'chat.example.org', '203.0.113.10', 8, 45_000, true);
    userSession(p, s, APPS.chat, chat, 8 * 45_000, fp(device, 'chat'), 'chat.example.org', '203.0.113.10', rng);
    if (d % MALICIOUS_EVERY === 0) {
      malicious(p, s, rng, fp(device, 'flash'));
      out.labels.push({ scenario: 'emm-night-beacon', malicious: true, twin: 'emm-day-sync', device, app: APPS.flash,
        grounding: 'SMS stealers that wake at night and beacon to a fixed C2 (Anubis, EventBot patterns)',
        note: 'at 02:10, device locked: process starts, makes a Keystore key, then connects to a new host every 90 s; the sensor shows SMS read, encrypted with a hard-coded key, staged and sent' });
    }
    if (d % MALICIOUS_EVERY === TWIN_OFFSET) {
      const t = wake + 3 * 60 * MIN;
      p.acts.push({ ts: t - 1000, kind: 'key', pkg: APPS.notes, uid: uidOf(APPS.notes), alias: 'notes_sync' });
      connects(p, rng, APPS.notes, t, 'notes.example.org', '203.0.113.20', 12, 5 * MIN, true);
      userSession(p, s, APPS.notes, t, 12 * 5 * MIN, fp(device, 'notes'), 'notes.example.org', '203.0.113.20', rng);
      out.labels.push({ scenario: 'emm-day-sync', malicious: false, twin: 'emm-night-beacon', device, app: APPS.notes,
        note: 'same key-then-periodic-connects shape, but unlocked, in the foreground, with the user typing: stays quiet' });
    }
    p.acts.sort((a, b) => a.ts - b.ts);
    p.sensor.sort((a, b) => a.ts - b.ts);
    out.devices.push(p);
  }
  return out;
}

/** a process start, a DNS lookup and `n` connects `every` ms apart (jittered when `jitter`) */
function connects(p: DevicePlan, rng: Rng, pkg: string, t0: number, host: string, ip: string, n: number, every: number, jitter: boolean): void {
  p.acts.push({ ts: t0 - 2000, kind: 'start', pkg, uid: uidOf(pkg), pid: rng.int(2000, 30000) });
  p.acts.push({ ts: t0 - 500, kind: 'dns', pkg, host, ip });
  for (let i = 0; i < n; i++) p.acts.push({ ts: Math.round(t0 + i * every + (jitter ? rng.int(-every / 3, every / 3) : rng.int(0, 400))), kind: 'connect', pkg, ip, port: 443 });
}

/** the sensor's view of an app the user is using: foreground, touches, Keystore crypto, TLS sends */
function userSession(p: DevicePlan, s: (ts: number, type: string, app: string | undefined, b: Record<string, unknown>) => void,
  app: string, t0: number, span: number, key: string, host: string, ip: string, rng: Rng): void {
  s(t0 - 1500, 'app.state', app, { state: 'foreground' });
  s(t0 - 900, 'crypto.key', app, { key_fp: key, alg: 'AES', bits: 256, origin: 'keystore', hw_backed: true });
  s(t0 - 800, 'data.access', app, { category: 'contacts', items: 40 + rng.int(0, 60) });
  for (let t = t0; t < t0 + span; t += 20_000) s(t - 100, 'user.interaction', app, {});
  for (const a of p.acts) {
    if (a.kind !== 'connect' || a.pkg !== app) continue;
    s(a.ts - 30, 'crypto.op', app, { alg: 'AES', mode: 'GCM', dir: 'encrypt', key_fp: key, in_bytes: 300 + rng.int(0, 200), out_bytes: 516 });
    s(a.ts + 1, 'net.send', app, { dst_host: host, dst_ip: ip, dst_port: 443, proto: 'https', tls: true, bytes_out: 900 + rng.int(0, 300), payload: { format: 'json', entropy: 5.2 } });
  }
}

/** the stealer at 02:10 behind the keyguard: the logs see a key and beacons, the sensor the whole chain */
function malicious(p: DevicePlan, s: (ts: number, type: string, app: string | undefined, b: Record<string, unknown>) => void,
  rng: Rng, key: string): void {
  const t0 = DAY0 + 130 * MIN + rng.int(0, 120) * 1000;
  p.acts.push({ ts: t0 - 1500, kind: 'key', pkg: APPS.flash, uid: uidOf(APPS.flash), alias: 'sync_k' });
  connects(p, rng, APPS.flash, t0, 'c2.flash-tools.example', '198.51.100.9', 20, 90_000, false);
  s(t0 - 1900, 'app.state', APPS.flash, { state: 'service' });
  s(t0 - 1200, 'data.access', APPS.flash, { category: 'sms', items: 212, bytes: 18_340 });
  s(t0 - 1100, 'crypto.key', APPS.flash, { key_fp: key, alg: 'AES', bits: 128, origin: 'literal' });
  s(t0 - 1000, 'crypto.op', APPS.flash, { alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: key, in_bytes: 18_340, out_bytes: 18_352 });
  s(t0 - 900, 'file.write', APPS.flash, { path: `/data/user/0/${APPS.flash}/cache/q.bin`, bytes: 18_352, entropy: 7.98 });
  for (const a of p.acts) {
    if (a.kind !== 'connect' || a.pkg !== APPS.flash) continue;
    s(a.ts - 20, 'crypto.op', APPS.flash, { alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: key, in_bytes: 1_500, out_bytes: 1_504 });
    s(a.ts + 1, 'net.send', APPS.flash, { dst_ip: '198.51.100.9', dst_host: 'c2.flash-tools.example', dst_port: 443, proto: 'https', tls: true, bytes_out: 2_100, payload: { format: 'json', entropy: 5.9, b64_fields: 1 } });
  }
}
