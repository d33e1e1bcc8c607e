// MDM agent: a background service checks in every 15 minutes (periodic) with the device
// inventory (device_info, app list) encrypted under a hardware-backed Keystore key, over TLS to the
// MDM server; approved with background_network true.
import { approvedApp, approvedInfo, keystoreKey, lock, unlock } from '../kit.js';
import { MIN, r2 } from '../material.js';
import type { AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('com.example.mdm', 'mdm', ['mdm.example.com'], true);
export const CHECKIN_MS = 15 * MIN;

function checkIn(s: AppStream, withApps: boolean): void {
  const k = keystoreKey(s.device, s.app, 'checkin');
  let bytes = s.rng.int(1500, 2600);
  s.access('device_info', 1, bytes);
  if (withApps) { const apps = s.rng.int(90, 160); s.access('app_list', apps, apps * 70); bytes += apps * 70; }
  const out = s.encrypt(k, bytes);
  s.send({
    host: 'mdm.example.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/api/v1/devices/checkin',
    bytes: Math.round(out * 1.05) + 350, bytesIn: 640, payload: { format: 'json', entropy: r2(s.rng.float(5.2, 5.6)), b64_fields: 0 },
  });
}

export const mdm: BenignProfile = {
  name: 'mdm-agent',
  note: 'approved MDM agent: background service, periodic 15-min check-in with device_info/app_list under a Keystore key, TLS to its server',
  entry, version: '24.3.2', allowedCrypto: false, share: 1,
  background(env) {
    let next = env.mem.next as number | undefined;
    const s = env.stream(env.from);
    if (next === undefined) {
      next = env.from + env.rng.int(0, CHECKIN_MS);
      s.at(Math.max(env.from, next - 1000)).appState('service').key(keystoreKey(env.device, entry.package, 'checkin'));
    }
    while (next < env.to) {
      s.at(next);
      checkIn(s, env.hourOfDay % 4 === 0 && next - env.from < CHECKIN_MS);
      next += Math.round(s.rng.jitter(CHECKIN_MS, 0.01));
    }
    env.mem.next = next;
  },
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '24.3.2', ['android.permission.BIND_DEVICE_ADMIN', 'android.permission.QUERY_ALL_PACKAGES']);
    lock(s);
    s.appState('service').key(keystoreKey(s.device, s.app, 'checkin'));
    let next = s.t + 5000;
    for (let i = 0; i < 3; i++) {
      s.at(next);
      checkIn(s, i === 0);
      if (i === 2) break;
      // between check-ins: policy pushes wake the agent, and once the user opens its compliance page
      for (let j = 0; j < 3; j++) {
        s.wait(s.rng.int(2, 4) * MIN);
        s.appState('receiver');
        s.send({ host: 'mdm.example.com', port: 443, proto: 'https', tls: true, method: 'GET', path: '/api/v1/policies', bytes: 410, bytesIn: s.rng.int(900, 4000) });
        s.appState('service');
      }
      if (i === 1) {
        unlock(s);
        s.appState('foreground').touches(5, 2000);
        s.send({ host: 'mdm.example.com', port: 443, proto: 'https', tls: true, method: 'GET', path: '/api/v1/compliance', bytes: 380, bytesIn: 2200 });
        s.appState('service');
        lock(s);
      }
      next += Math.round(s.rng.jitter(CHECKIN_MS, 0.01));
    }
  },
};
