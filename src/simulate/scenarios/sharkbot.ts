// SharkBot and its twin. The shape: a "security" app woken by broadcasts that reports to its server.
import { PERM, approvedApp, approvedInfo, generatedKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.cleaner.supermaster';
const twinApp = approvedApp('com.example.antivirus', 'security', ['*.examplesecurity.com'], true);

export const [sharkbot, sharkbotTwin] = twinPair({
  name: 'sharkbot-rc4-literal',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'SharkBot, Android banker posing as antivirus/cleaner apps (Cleafy, 2021; NCC Group, 2022): C2 requests RC4-encrypted with a key hard-coded in the sample and base64-encoded, sent to DGA-style domains; intercepts SMS via a broadcast receiver, keylogs via Accessibility and runs ATS fraud.',
  note: 'sideloaded, not in inventory; literal RC4 key; each intercepted SMS (receiver) and keylog batch encrypted and posted as base64 over plain HTTP to a DGA-style domain, plus a regular C2 poll, device locked',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'sharkbot-signer', '2.8', [PERM.accessibility, PERM.receiveSms, PERM.readSms, PERM.overlay]);
    s.appState('foreground').touches(3, 1500);
    s.appState('service');
    lock(s);
    const key = simKey('sharkbot/rc4/literal', 'RC4', 128, 'literal', { mode: 'stream' });
    s.key(key);
    const c2 = { host: 'k3x9qpw1sd.xyz', port: 80, proto: 'http' as const, tls: false, method: 'POST', path: '/' };
    const post = (plain: number) => {
      const out = s.encrypt(key, plain);
      s.send({ ...c2, bytes: b64Len(out) + 190, bytesIn: 50, payload: { format: 'base64', entropy: r2(s.rng.float(5.9, 6.0)), size: b64Len(out) } });
    };
    s.access('sms', 180, 44_000);
    post(44_000);
    const end = s.t + 25 * MIN;
    let i = 0;
    while (s.t < end) {
      post(s.rng.int(90, 160)); // bot poll
      if (s.rng.chance(0.25)) { // an SMS arrives (bank OTP)
        s.appState('receiver');
        s.access('sms', 1, s.rng.int(120, 180));
        post(200);
        s.appState('service');
      }
      if (i % 4 === 3) { const b = s.rng.int(400, 2000); s.access('keystrokes', s.rng.int(10, 60), b); post(b); }
      s.wait(70 * SEC, 0.06);
      i++;
    }
  },
}, {
  name: 'sharkbot-twin-antivirus',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'same broadcast-driven security app reporting to its server, but approved with background_network, a generated key, only package hashes of newly installed apps (no SMS, no keystrokes), JSON over TLS to its expected domain',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '6.60.1');
    s.appState('foreground').touches(3, 1500);
    s.appState('service');
    lock(s);
    const key = generatedKey(s);
    s.key(key);
    const api = { host: 'cloud.examplesecurity.com', port: 443, proto: 'https' as const, tls: true, method: 'POST' };
    const end = s.t + 25 * MIN;
    while (s.t < end) {
      s.send({ ...api, method: 'GET', path: '/v1/signatures/delta', bytes: 380, bytesIn: s.rng.int(200, 30_000) });
      if (s.rng.chance(0.3)) { // PACKAGE_ADDED: look up the new app's hash
        s.appState('receiver');
        s.access('other', 1, 96);
        const out = s.encrypt(key, 96);
        s.send({ ...api, path: '/v1/lookup', bytes: out + 420, bytesIn: 300, payload: { format: 'json', entropy: r2(s.rng.float(4.9, 5.3)), b64_fields: 0 } });
        s.appState('service');
      }
      s.wait(s.rng.int(2, 6) * MIN, 0.3);
    }
  },
});
