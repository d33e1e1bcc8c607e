// ERMAC and its twin. The shape: AES-CBC ciphertext in a base64 JSON field posted to a server.
import { PERM, approvedApp, approvedInfo, keystoreKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, docIp, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.update.chromeplus';
const twinApp = approvedApp('com.example.loyalty', 'shopping', ['*.exampleloyalty.com'], false);

export const [ermac, ermacTwin] = twinPair({
  name: 'ermac-aes-cbc-ip',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'ERMAC, Cerberus-derived Android banker (ThreatFabric, 2021; later ERMAC 2.0 analyses): C2 data AES-CBC encrypted with a key hard-coded in the sample and carried base64-encoded in a JSON field over HTTP to C2 servers often addressed by bare IP; steals SMS, contacts, accounts, installed-app lists and overlay-captured credentials via Accessibility.',
  note: 'sideloaded, not in inventory; hard-coded AES-CBC key and IV reused; SMS/contacts/accounts/app list/credentials encrypted and posted as JSON with a base64 field over plain HTTP to a bare IP; 45 s heartbeat in background',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'ermac-panel-build', '1.0.3', [PERM.accessibility, PERM.readSms, PERM.contacts, PERM.overlay, PERM.queryAll]);
    s.appState('foreground').touches(5, 1200);
    s.appState('service');
    s.wait(50 * SEC);
    lock(s);
    const key = simKey('ermac/aes-256/hardcoded', 'AES', 256, 'literal', { mode: 'CBC' });
    s.key(key);
    const c2 = { ip: docIp(2, 77), port: 80, proto: 'http' as const, tls: false, method: 'POST', path: '/api/v1/' };
    const post = (plain: number) => {
      const out = s.encrypt(key, plain, { iv: 'ermac/static-iv' });
      s.send({ ...c2, bytes: b64Len(out) + 260, bytesIn: 60, payload: { format: 'json', entropy: r2(s.rng.float(5.8, 6.0)), b64_fields: 1, size: b64Len(out) + 40 } });
    };
    const queue: ['app_list' | 'accounts' | 'sms' | 'contacts', number, number][] = [
      ['app_list', 143, 11_200], ['accounts', 3, 610], ['sms', 260, 71_000], ['contacts', 290, 36_000]];
    const end = s.t + 22 * MIN;
    let overlay = false;
    while (s.t < end) {
      post(s.rng.int(80, 150)); // heartbeat
      if (queue.length && s.rng.chance(0.45)) { const [c, n, b] = queue.shift()!; s.access(c, n, b); post(b); }
      if (!overlay && s.t > end - 9 * MIN) {
        // the victim opens a bank app; ERMAC draws its phishing overlay on top and captures the login
        overlay = true;
        unlock(s);
        s.appState('foreground').touches(14, 350);
        s.access('credentials', 1, 240);
        post(240);
        s.appState('service');
        lock(s);
      }
      s.wait(45 * SEC, 0.08);
    }
  },
}, {
  name: 'ermac-twin-keystore-tls',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'same AES-CBC and JSON-with-base64-field shape, but approved, Keystore key with a fresh IV per message, no collected data, sent on user actions in foreground over TLS to its expected domain',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '8.2.0');
    const key = { ...keystoreKey(s.device, s.app), mode: 'CBC' };
    const api = { host: 'api.exampleloyalty.com', port: 443, proto: 'https' as const, tls: true, method: 'POST', path: '/v3/receipts' };
    for (let session = 0; session < 3; session++) {
      s.appState('foreground').touches(3, 1500);
      s.key(key);
      for (let i = s.rng.int(3, 6); i > 0; i--) {
        s.touches(s.rng.int(2, 5), 2500);
        s.access('other', 1, s.rng.int(300, 2500)); // a scanned receipt
        const out = s.encrypt(key, s.rng.int(300, 2500), { iv: `${s.device}/${s.t}` });
        s.send({ ...api, bytes: b64Len(out) + 300, bytesIn: 180, payload: { format: 'json', entropy: r2(s.rng.float(5.7, 6.0)), b64_fields: 1, size: b64Len(out) + 40 } });
        s.wait(s.rng.int(20, 60) * SEC);
      }
      s.appState('background');
      lock(s);
      s.wait(s.rng.int(3, 6) * MIN);
      unlock(s);
    }
    lock(s);
  },
});
