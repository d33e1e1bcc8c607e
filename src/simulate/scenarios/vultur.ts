// Vultur and its twin. The shape: screen content captured and streamed out, encrypted.
import { PERM, approvedApp, approvedInfo, generatedKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.appsecurity.guard';
const twinApp = approvedApp('com.example.remotesupport', 'remote_support', ['*.examplesupport.com'], false);

export const [vultur, vulturTwin] = twinPair({
  name: 'vultur-aes-screenrec',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'Vultur, Android banker (ThreatFabric, 2021: screen recording via AlphaVNC tunnelled through ngrok, keylogging via Accessibility; NCC Group, 2024: C2 communication now protected with AES encryption and Base64 encoding), distributed as fake security apps.',
  note: 'sideloaded, not in inventory; hard-coded AES key reused; keystrokes and screen frames read from the foreground bank session, encrypted by a background service and sent as base64 JSON to an unknown host plus raw ciphertext over a cleartext ngrok TCP tunnel',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'vultur-dropper', '1.9', [PERM.accessibility, PERM.foregroundService, PERM.internet]);
    s.appState('foreground').touches(3, 1500);
    s.appState('service');
    const key = simKey('vultur/aes/c2-key', 'AES', 128, 'literal', { mode: 'CBC' });
    s.key(key);
    const c2 = { host: 'safetyguard-cloud.net', port: 443, proto: 'https' as const, tls: true, method: 'POST', path: '/api/v2/logs' };
    const tunnel = { host: '0.tcp.eu.ngrok.io', port: 14_000 + s.rng.int(0, 999), proto: 'tcp' as const, tls: false, conn: `${s.device}-vnc` };
    // the victim uses the phone (device interactions) while Vultur records from its service
    const end = s.t + 18 * MIN;
    let i = 0;
    while (s.t < end) {
      s.deviceInteraction();
      if (i % 2 === 0) {
        const frame = s.rng.int(250_000, 800_000);
        s.access('media', 1, frame);
        const out = s.encrypt(key, frame);
        s.send({ ...tunnel, bytes: out + 40, bytesIn: 200, payload: { format: 'binary', entropy: r2(s.rng.float(7.97, 8.0)), size: out } });
      }
      if (i % 3 === 1) {
        const keys = s.rng.int(600, 2400);
        s.access('keystrokes', s.rng.int(20, 90), keys);
        const out = s.encrypt(key, keys);
        s.send({ ...c2, bytes: b64Len(out) + 240, bytesIn: 90, payload: { format: 'json', entropy: r2(s.rng.float(5.8, 6.0)), b64_fields: 1 } });
      }
      s.wait(30 * SEC, 0.3);
      if (i === 20) { lock(s); s.wait(3 * MIN); unlock(s); }
      i++;
    }
    lock(s);
  },
}, {
  name: 'vultur-twin-remote-support',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'same screen capture encrypted and streamed, but an approved remote-support app started by the user in foreground, a generated per-session key, no keystrokes, TLS to its expected relay',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '15.2.1');
    for (let session = 0; session < 2; session++) {
      s.appState('foreground').touches(4, 1500); // the user reads out the session code and accepts
      const key = generatedKey(s);
      s.key(key);
      const relay = { host: 'relay.examplesupport.com', port: 443, proto: 'wss' as const, tls: true, conn: `${s.device}-rs-${session}` };
      const end = s.t + 8 * MIN;
      while (s.t < end) {
        s.interaction();
        const frame = s.rng.int(250_000, 800_000);
        s.access('media', 1, frame);
        const out = s.encrypt(key, frame);
        s.send({ ...relay, bytes: out + 40, bytesIn: 300, payload: { format: 'binary', entropy: r2(s.rng.float(7.97, 8.0)), size: out } });
        s.wait(30 * SEC, 0.3);
      }
      s.touches(2, 800).appState('background');
      lock(s);
      s.wait(5 * MIN);
      unlock(s);
    }
    lock(s);
  },
});
