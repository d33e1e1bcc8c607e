// LightSpy and its twin. The shape: data encrypted into local files, uploaded in batches, then
// the files are removed.
import { PERM, approvedApp, approvedInfo, keystoreKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, docIp, r2 } from '../material.js';
import { simKey, type AppStream, type SimKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.news.hkdaily';
const twinApp = approvedApp('com.example.fieldnotes', 'productivity', ['*.examplefieldnotes.com'], false);

interface Staged { path: string; bytes: number }

function stage(s: AppStream, key: SimKey, dir: string, name: string, plain: number, files: Staged[]): void {
  const out = s.encrypt(key, plain);
  const path = `/data/user/0/${s.app}/${dir}/${name}`;
  s.fileWrite(path, out, r2(s.rng.float(7.95, 7.99)));
  files.push({ path, bytes: out });
}

export const [lightspy, lightspyTwin] = twinPair({
  name: 'lightspy-aes-ecb-staged',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'LightSpy, modular surveillance implant for Android and iOS (Kaspersky "TwoSail Junk", 2020; ThreatFabric, 2024): plugins collect location, contacts, SMS and call history, keep the results locally and upload them to C2 servers addressed by IP; the store is modelled here as files encrypted with a key hard-coded in the implant (AES-ECB).',
  note: 'sideloaded, not in inventory; literal AES-ECB key reused per plugin; location/contacts/SMS/call log encrypted into hidden files, uploaded minutes later as high-entropy binary over plain HTTP to a bare IP, files deleted; background service, device locked',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'lightspy-core', '7.9.1', [PERM.location, PERM.contacts, PERM.readSms, PERM.callLog, PERM.internet]);
    s.appState('foreground').touches(6, 3000); // reading the lure news article
    s.appState('service');
    lock(s);
    const key = simKey('lightspy/aes-ecb/plugin-key', 'AES', 128, 'literal', { mode: 'ECB' });
    s.key(key);
    const c2 = { ip: docIp(0, 23), port: 52_202, proto: 'http' as const, tls: false, method: 'POST', path: '/api/upload' };
    const plugins: ['contacts' | 'sms' | 'call_log', number, number][] = [['contacts', 300, 45_000], ['sms', 520, 118_000], ['call_log', 210, 18_500]];
    let files: Staged[] = [];
    for (let cycle = 0; cycle < 4; cycle++) {
      for (let i = 0; i < 3; i++) { // location plugin every ~80 s
        s.access('location', 1, 120);
        stage(s, key, 'files/.lsdb', `loc-${cycle}-${i}.db`, 120, files);
        s.wait(80 * SEC, 0.15);
      }
      if (cycle < plugins.length) {
        const [cat, n, b] = plugins[cycle];
        s.access(cat, n, b);
        stage(s, key, 'files/.lsdb', `${cat}.db`, b, files);
      }
      s.wait(s.rng.int(60, 150) * SEC);
      let total = 0;
      for (const f of files) total += f.bytes;
      s.send({ ...c2, bytes: total + 520, bytesIn: 64, payload: { format: 'binary', entropy: r2(s.rng.float(7.95, 7.99)), size: total } });
      for (const f of files) s.fileDelete(f.path);
      files = [];
    }
  },
}, {
  name: 'lightspy-twin-offline-notes',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'same encrypt-to-file, upload-later, delete shape, but approved, drafts the user types (no collected data) under a Keystore AES-GCM key, synced over TLS to its expected domain in foreground',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '2.4.0');
    s.appState('foreground');
    const key = keystoreKey(s.device, s.app);
    s.key(key);
    const api = { host: 'sync.examplefieldnotes.com', port: 443, proto: 'https' as const, tls: true, method: 'PUT', path: '/v1/drafts' };
    for (let cycle = 0; cycle < 4; cycle++) {
      const files: Staged[] = [];
      for (let i = 0; i < 3; i++) {
        s.touches(s.rng.int(6, 20), 600);
        const b = s.rng.int(400, 6000);
        s.access('other', 1, b);
        stage(s, key, 'files/drafts', `draft-${cycle}-${i}.enc`, b, files);
        s.wait(s.rng.int(40, 90) * SEC);
      }
      s.interaction();
      for (const f of files) {
        s.send({ ...api, bytes: f.bytes + 450, bytesIn: 200, payload: { format: 'binary', entropy: r2(s.rng.float(7.9, 7.99)), size: f.bytes } });
        s.fileDelete(f.path);
      }
      if (cycle === 1) { s.appState('background'); lock(s); s.wait(4 * MIN); unlock(s); s.appState('foreground'); }
    }
    s.appState('background');
    lock(s);
  },
});
