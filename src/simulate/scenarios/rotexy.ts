// Rotexy and its twin. The shape: JSON posted to the app's server with an AES-encrypted field.
import { PERM, approvedApp, approvedInfo, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.avitopay.app';
const twinApp = approvedApp('com.example.carrier', 'telecom', ['*.examplecarrier.com'], false);

export const [rotexy, rotexyTwin] = twinPair({
  name: 'rotexy-aes-derived-http',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'Rotexy, SMS spyware turned banker/ransomware spread as AvitoPay.apk (Kaspersky, Securelist 2018): takes commands from GCM, its C&C and SMS; since 2017 exchanges AES-encrypted JSON with the C&C over HTTP and uploads SMS, contacts, the app list and device data; the key is modelled as derived from device identifiers.',
  note: 'sideloaded, not in inventory; AES key derived from the IMEI (locally accessible) reused; device info/app list/SMS/contacts encrypted into JSON with a base64 field, plain HTTP to generated subdomains, regular poll from a background service',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'rotexy-2018', '1.7', [PERM.readSms, PERM.receiveSms, PERM.contacts, PERM.phone, 'android.permission.BIND_DEVICE_ADMIN']);
    s.appState('foreground').touches(3, 1500); // grants device admin
    s.appState('service');
    lock(s);
    const key = simKey(`rotexy/${s.device}/imei`, 'AES', 128, 'derived', { kdf: 'MD5(IMEI)', mode: 'CBC' });
    s.key(key);
    const post = (plain: number) => {
      const out = s.encrypt(key, plain);
      s.send({ host: `${s.rng.hex(6)}.prodam-pay.tk`, port: 80, proto: 'http', tls: false, method: 'POST', path: '/', bytes: b64Len(out) + 240, bytesIn: 120, payload: { format: 'json', entropy: r2(s.rng.float(5.8, 6.0)), b64_fields: 1 } });
    };
    s.access('device_info', 1, 1300);
    s.access('app_list', 98, 7800);
    post(9200);
    const queue: ['sms' | 'contacts', number, number][] = [['sms', 410, 96_000], ['contacts', 230, 27_000]];
    const end = s.t + 24 * MIN;
    while (s.t < end) {
      s.wait(60 * SEC, 0.12);
      post(s.rng.int(100, 180)); // poll
      if (queue.length && s.rng.chance(0.2)) { const [c, n, b] = queue.shift()!; s.access(c, n, b); post(b); }
      if (s.rng.chance(0.15)) { // GCM push command or intercepted SMS
        s.appState('receiver');
        s.access('sms', 1, 150);
        post(220);
        s.appState('service');
      }
    }
  },
}, {
  name: 'rotexy-twin-carrier-https',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'same JSON-with-encrypted-field shape and a key used several times, but approved, the key generated inside the hardware-backed Keystore, only the account data the user enters, foreground, TLS to its expected domain',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '9.0.4');
    const key = simKey(`${s.device}/carrier/keystore`, 'AES', 128, 'keystore', { hw_backed: true, mode: 'CBC' });
    const api = { host: 'my.examplecarrier.com', port: 443, proto: 'https' as const, tls: true, method: 'POST', path: '/api/account' };
    for (let session = 0; session < 3; session++) {
      s.appState('foreground').touches(4, 1000);
      s.key(key);
      for (let i = s.rng.int(3, 6); i > 0; i--) {
        s.touches(s.rng.int(2, 6), 1500);
        const b = s.rng.int(100, 600);
        s.access('other', 1, b);
        const out = s.encrypt(key, b);
        s.send({ ...api, bytes: b64Len(out) + 300, bytesIn: 900, payload: { format: 'json', entropy: r2(s.rng.float(5.5, 5.9)), b64_fields: 1 } });
        s.wait(s.rng.int(15, 60) * SEC);
      }
      s.appState('background');
      lock(s);
      s.wait(s.rng.int(3, 6) * MIN);
      unlock(s);
    }
    lock(s);
  },
});
