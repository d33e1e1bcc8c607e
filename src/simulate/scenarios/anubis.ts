// Anubis (BankBot Anubis) and its twin. The shape: a utility app that, once granted its service,
// polls its server every minute and posts collected data.
import { PERM, approvedApp, approvedInfo, keystoreKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.flash.tools';
const twinApp = approvedApp('com.example.assistant', 'productivity', ['*.exampleassistant.com'], false);

export const [anubis, anubisTwin] = twinPair({
  name: 'anubis-rc4-b64',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'Anubis (BankBot Anubis), Android banking trojan active since 2017: public analyses (e.g. Trend Micro 2019, ThreatFabric) describe C2 traffic RC4-encrypted with a key embedded in the APK and base64-encoded in HTTP POST bodies, and theft of SMS, contacts and keystrokes through an abused Accessibility service running in the background.',
  note: 'sideloaded, not in inventory; literal RC4 key reused for every message; reads keystrokes/SMS/contacts then encrypts comparable bytes; accessibility service with the device locked; base64 POST over plain HTTP; 60 s beacon',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'anubis-builder', '2.1', [PERM.accessibility, PERM.readSms, PERM.receiveSms, PERM.contacts, PERM.overlay, PERM.internet]);
    s.appState('foreground').touches(4, 1500); // the victim enables the accessibility service
    s.appState('service').wait(40 * SEC);
    lock(s);
    const key = simKey('anubis/rc4/embedded-key', 'RC4', 128, 'literal', { mode: 'stream' });
    s.key(key);
    const c2 = { host: 'twit-sync-cdn.top', port: 80, proto: 'http' as const, tls: false, method: 'POST', path: '/o1o/a3.php' };
    const end = s.t + 24 * MIN;
    const dumps: ['sms' | 'contacts', number, number][] = [['sms', 212, 58_000], ['contacts', 348, 41_000]];
    let nextExfil = s.t + 90 * SEC;
    while (s.t < end) {
      const out = s.encrypt(key, s.rng.int(60, 140)); // bot id + status poll
      s.send({ ...c2, bytes: b64Len(out) + 210, bytesIn: 40, payload: { format: 'base64', entropy: r2(s.rng.float(5.9, 6.0)), size: b64Len(out) } });
      if (s.t >= nextExfil) {
        const dump = dumps.shift();
        const [cat, items, bytes] = dump ?? ['keystrokes', s.rng.int(40, 200), s.rng.int(1500, 6000)];
        s.access(cat, items, bytes);
        const o = s.encrypt(key, bytes + 120);
        s.send({ ...c2, path: '/o1o/a6.php', bytes: b64Len(o) + 230, bytesIn: 40, payload: { format: 'base64', entropy: r2(s.rng.float(5.9, 6.0)), size: b64Len(o) } });
        nextExfil = s.t + s.rng.int(120, 220) * SEC;
      }
      s.wait(60 * SEC, 0.04);
    }
  },
}, {
  name: 'anubis-twin-foreground-sync',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'same shape (utility app posting encrypted sync data every minute or two) but approved, hardware-backed Keystore AES-GCM key, no collected data, foreground with the user, JSON over TLS to its expected domain',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '3.4.0');
    s.appState('foreground').touches(4, 1500);
    const key = keystoreKey(s.device, s.app);
    s.key(key);
    const api = { host: 'api.exampleassistant.com', port: 443, proto: 'https' as const, tls: true, method: 'POST', path: '/v1/sync' };
    const end = s.t + 24 * MIN;
    let away = false;
    while (s.t < end) {
      s.touches(s.rng.int(1, 4), 4000);
      s.access('other', 1, s.rng.int(200, 900)); // the user's own reminders
      const out = s.encrypt(key, s.rng.int(200, 900));
      s.send({ ...api, bytes: out + 380, bytesIn: 220, payload: { format: 'json', entropy: r2(s.rng.float(5.0, 5.5)), b64_fields: 0 } });
      s.wait(s.rng.int(50, 180) * SEC, 0.3);
      if (!away && s.t > end - 12 * MIN) { // the user puts the phone away for a while, the app stays quiet
        away = true;
        s.appState('background');
        lock(s);
        s.wait(3 * MIN);
        unlock(s);
        s.appState('foreground');
      }
    }
    s.appState('background');
    lock(s);
  },
});
