// A `:remote` secondary process doing the collection, and its twin. The shape: a scanner app whose
// UI runs in the main process while a `:remote` service process talks to a server.
import { PERM, approvedApp, approvedInfo, keystoreKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, docIp, r2 } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.qr.scanner.free';
const twinApp = approvedApp('com.example.scanner', 'utility', ['*.examplescanner.com'], true);

/** the visible part: the user scans codes in the main process */
function scanning(s: AppStream, until: number, adHost: string): void {
  s.appState('foreground');
  while (s.t < until) {
    s.touches(s.rng.int(2, 5), 1200);
    s.send({ host: adHost, port: 443, proto: 'https', tls: true, method: 'GET', path: '/ad', bytes: 600, bytesIn: 12_000 });
    s.wait(s.rng.int(20, 50) * SEC);
  }
  s.appState('background');
}

export const [remoteProcess, remoteProcessTwin] = twinPair({
  name: 'remote-process-exfil',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'Android runs components declared with android:process=":name" in a private secondary process of the same app (same UID); droppers disguised as working QR-code scanners on Google Play were reported for Anatsa/TeaBot (ThreatFabric, 2021). This variant keeps a working scanner UI and puts the collection service in a `:remote` process (modelled).',
  note: 'sideloaded, not in inventory; the scanner UI is benign while the com.qr.scanner.free:remote service reads contacts/SMS/location, encrypts them with a literal AES-ECB key and posts base64 JSON over plain HTTP to a bare IP, regularly, with the device locked',
  build(env) {
    const main = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(main);
    sideloadInfo(main, 'qrscan-dev', '1.4.2', [PERM.camera, PERM.contacts, PERM.readSms, PERM.location, PERM.internet]);
    const remote = main.process(`${MAL}:remote`);
    scanning(main, main.t + 5 * MIN, 'ads.qrfree-cdn.com');
    lock(main);
    remote.at(env.t0 + 3 * MIN).appState('service');
    const key = simKey('qrscanner/remote/aes-ecb', 'AES', 128, 'literal', { mode: 'ECB' });
    remote.key(key);
    const c2 = { ip: docIp(1, 145), port: 8081, proto: 'http' as const, tls: false, method: 'POST', path: '/r' };
    const queue: ['contacts' | 'sms', number, number][] = [['contacts', 260, 31_000], ['sms', 330, 80_000]];
    const end = remote.t + 22 * MIN;
    while (remote.t < end) {
      let plain = remote.rng.int(60, 120);
      if (remote.rng.chance(0.35)) { remote.access('location', 1, 110); plain += 110; }
      if (queue.length && remote.rng.chance(0.3)) { const [c, n, b] = queue.shift()!; remote.access(c, n, b); plain += b; }
      const out = remote.encrypt(key, plain);
      remote.send({ ...c2, bytes: b64Len(out) + 220, bytesIn: 40, payload: { format: 'json', entropy: r2(remote.rng.float(5.8, 6.0)), b64_fields: 1 } });
      remote.wait(90 * SEC, 0.05);
    }
    main.at(end - 6 * MIN);
    unlock(main);
    scanning(main, main.t + 3 * MIN, 'ads.qrfree-cdn.com');
    lock(main);
  },
}, {
  name: 'remote-process-twin-sync',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'same main UI plus :remote service process talking to a server, but approved with background_network, the :remote process only syncs the user\'s scan history under a Keystore key over TLS to its expected domain',
  build(env) {
    const main = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(main);
    approvedInfo(main, twinApp, '4.0.1', [PERM.camera, PERM.internet]);
    const remote = main.process(`${twinApp.package}:remote`);
    scanning(main, main.t + 5 * MIN, 'cdn.examplescanner.com');
    lock(main);
    remote.at(env.t0 + 3 * MIN).appState('service');
    const key = keystoreKey(remote.device, remote.app, 'history');
    remote.key(key);
    const end = remote.t + 22 * MIN;
    while (remote.t < end) {
      const b = remote.rng.int(200, 1500);
      remote.access('other', 1, b); // the scan history
      const out = remote.encrypt(key, b);
      remote.send({ host: 'sync.examplescanner.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/v1/history', bytes: out + 380, bytesIn: 120, payload: { format: 'json', entropy: r2(remote.rng.float(5.0, 5.4)), b64_fields: 0 } });
      remote.wait(remote.rng.int(3, 7) * MIN, 0.3);
    }
    main.at(end - 6 * MIN);
    unlock(main);
    scanning(main, main.t + 3 * MIN, 'cdn.examplescanner.com');
    lock(main);
  },
});
