// EventBot and its twin. The shape: an app that decrypts its bundled config with a hard-coded key,
// then reports to its server.
import { PERM, approvedApp, approvedInfo, keystoreKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.docs.viewer.lite';
const twinApp = approvedApp('com.example.docviewer', 'productivity', ['*.exampledocs.com'], false);

export const [eventbot, eventbotTwin] = twinPair({
  name: 'eventbot-rc4-config',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'EventBot, Android banker/infostealer first seen March 2020 (Cybereason Nocturnus, 2020): masquerades as Word/Flash/Adobe apps, abuses Accessibility, reads SMS, notifications and the installed-app list; its configuration and the data it sends to the C2 are RC4-encrypted and base64-encoded.',
  note: 'sideloaded, not in inventory; the same literal RC4 key decrypts the bundled config (obfuscation) and then encrypts device info, app list, SMS and notifications posted as base64 over plain HTTP from the background',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'eventbot-cert', '0.0.0.2', [PERM.accessibility, PERM.readSms, PERM.receiveSms, PERM.notifications, PERM.queryAll]);
    s.appState('foreground');
    const key = simKey('eventbot/rc4/config-and-c2', 'RC4', 128, 'literal', { mode: 'stream' });
    s.key(key);
    s.decrypt(key, 1184, { api: 'com.example.rc4.RC4.decrypt' }); // config with the C2 list
    s.decrypt(key, 91_000, { api: 'com.example.rc4.RC4.decrypt' }); // packed module
    s.touches(4, 1200);
    s.appState('service');
    lock(s);
    const c2 = { host: 'rxc-eventcdn.info', port: 80, proto: 'http' as const, tls: false, method: 'POST', path: '/gate_c' };
    const post = (plain: number) => {
      const out = s.encrypt(key, plain, { api: 'com.example.rc4.RC4.encrypt' });
      s.send({ ...c2, bytes: b64Len(out) + 200, bytesIn: 80, payload: { format: 'base64', entropy: r2(s.rng.float(5.9, 6.0)), size: b64Len(out) } });
    };
    s.access('device_info', 1, 1800);
    s.access('app_list', 121, 9700);
    post(11_500);
    const end = s.t + 22 * MIN;
    while (s.t < end) {
      s.wait(s.rng.int(60, 120) * SEC, 0.2);
      const r = s.rng.next();
      if (r < 0.6) { const n = s.rng.int(1, 6); s.access('notifications', n, n * s.rng.int(150, 400)); post(n * 300); }
      else if (r < 0.85) { s.access('sms', 1, 160); post(200); }
      else post(s.rng.int(80, 140));
    }
  },
}, {
  name: 'eventbot-twin-config-sdk',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'same decrypt-config-then-talk-to-server shape (literal key only decrypts its bundled config), but approved, document annotations encrypted under a Keystore key while the user works in foreground, JSON over TLS to its expected domain',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '7.1.2');
    s.appState('foreground');
    const cfg = simKey('exampledocs/bundled-config', 'AES', 128, 'literal', { mode: 'CBC' });
    s.key(cfg);
    s.decrypt(cfg, 1184);
    const key = keystoreKey(s.device, s.app);
    s.key(key);
    const api = { host: 'sync.exampledocs.com', port: 443, proto: 'https' as const, tls: true, method: 'POST', path: '/v2/annotations' };
    const end = s.t + 20 * MIN;
    while (s.t < end) {
      s.touches(s.rng.int(3, 12), 2500);
      if (s.rng.chance(0.5)) {
        const b = s.rng.int(300, 4000);
        s.access('other', 1, b);
        const out = s.encrypt(key, b);
        s.send({ ...api, bytes: out + 400, bytesIn: 160, payload: { format: 'json', entropy: r2(s.rng.float(5.0, 5.4)), b64_fields: 0 } });
      }
      s.wait(s.rng.int(30, 90) * SEC, 0.3);
    }
    s.appState('background');
    lock(s);
  },
});
