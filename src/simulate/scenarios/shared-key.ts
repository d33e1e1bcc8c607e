// One hard-coded key across a fleet, and its twin with per-device keys. The shape: a live-wallpaper
// service on three devices syncing to its server.
import { PERM, approvedApp, approvedInfo, generatedKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.wallpaper.hd.live';
const twinApp = approvedApp('com.example.wallpapers', 'personalization', ['*.examplewallpapers.com'], true);
const DEVICES = 3;

export const [sharedKey, sharedKeyTwin] = twinPair({
  name: 'shared-key-fleet',
  app: MAL, devices: DEVICES, inventory: [], allowedCrypto: [],
  grounding: 'A key hard-coded in an APK is byte-identical in every installed copy: public analyses of Anubis, SharkBot and EventBot each extract one key per build from the sample, so every infected device uses the same key fingerprint (the basis of the fleet-wide key aggregate).',
  note: 'sideloaded, not in inventory, on 3 devices with the same literal AES key fingerprint (origin literal on one, unknown to the sensor on one, no crypto.key on the third); device info/location/contacts encrypted and posted as base64 JSON from a background service',
  build(env) {
    for (let d = 0; d < DEVICES; d++) {
      const s = env.stream(env.device(d), MAL, env.t0 + d * 2 * MIN + env.rng.int(0, 60) * SEC);
      unlock(s);
      sideloadInfo(s, 'hdwall-signer', '5.0.1', [PERM.contacts, PERM.location, PERM.phone, PERM.internet]);
      s.appState('foreground').touches(5, 2000);
      s.appState('service');
      lock(s);
      const key = simKey('hdwallpaper/aes/hardcoded', 'AES', 128, 'literal', { mode: 'ECB' });
      if (d === 0) s.key(key);
      else if (d === 1) s.key({ ...key, origin: 'unknown' });
      const api = { host: 'api.livewallpaper-hd.com', port: 443, proto: 'https' as const, tls: true, method: 'POST', path: '/w/sync' };
      const post = (plain: number) => {
        const out = s.encrypt(key, plain);
        s.send({ ...api, bytes: b64Len(out) + 260, bytesIn: 80, payload: { format: 'json', entropy: r2(s.rng.float(5.8, 6.0)), b64_fields: 1 } });
      };
      s.access('device_info', 1, 1500);
      post(1600);
      const end = s.t + 16 * MIN;
      let contacts = true;
      while (s.t < end) {
        s.wait(s.rng.int(70, 110) * SEC);
        s.access('location', 1, 120);
        let plain = 140;
        if (contacts && s.rng.chance(0.3)) { contacts = false; s.access('contacts', 180, 22_000); plain += 22_000; }
        post(plain);
      }
    }
  },
}, {
  name: 'shared-key-twin-per-device',
  app: twinApp.package, devices: DEVICES, inventory: [twinApp], allowedCrypto: [],
  note: 'same live-wallpaper service syncing from 3 devices, but approved with background_network, a generated key per device (no fingerprint shared), only its own wallpaper preferences, TLS to its expected domain',
  build(env) {
    for (let d = 0; d < DEVICES; d++) {
      const s = env.stream(env.device(d), twinApp.package, env.t0 + d * 2 * MIN + env.rng.int(0, 60) * SEC);
      unlock(s);
      approvedInfo(s, twinApp, '2.2.0');
      s.appState('foreground').touches(5, 2000);
      s.appState('service');
      lock(s);
      const key = generatedKey(s);
      s.key(key);
      const end = s.t + 16 * MIN;
      while (s.t < end) {
        s.wait(s.rng.int(70, 110) * SEC);
        const b = s.rng.int(100, 400);
        s.access('other', 1, b);
        const out = s.encrypt(key, b);
        s.send({ host: 'api.examplewallpapers.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/v1/prefs', bytes: b64Len(out) + 260, bytesIn: s.rng.int(200, 90_000), payload: { format: 'json', entropy: r2(s.rng.float(5.6, 6.0)), b64_fields: 1 } });
      }
    }
  },
});
