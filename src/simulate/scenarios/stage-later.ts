// Stage now, send later, and its twin. The shape: a night job encrypts data into one file,
// the upload happens ~6 minutes later, then the file is deleted.
import { approvedApp, approvedInfo, generatedKey, lock, sideloadInfo, PERM } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import { simKey, type AppStream, type SimKey } from '../stream.js';
import type { DataCategory } from '../../model/index.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.battery.optimizer.pro';
const twinApp = approvedApp('com.example.cloudbackup', 'backup', ['*.examplecloudbackup.com'], true);

interface Cycle { reads: [DataCategory, number, number][]; host: string; path: string }

function cycle(s: AppStream, key: SimKey, c: Cycle, dir: string): void {
  s.appState('job');
  let plain = 0;
  for (const [cat, n, b] of c.reads) { s.access(cat, n, b); plain += b; }
  const out = s.encrypt(key, plain);
  const path = `/data/user/0/${s.app}/${dir}/${s.rng.hex(12)}.bin`;
  s.fileWrite(path, out, r2(s.rng.float(7.96, 7.99)));
  s.appState('cached');
  s.wait(6 * MIN, 0.05); // e.g. waiting for an unmetered network or to decouple collection from upload
  s.appState('job');
  s.send({ host: c.host, port: 443, proto: 'https', tls: true, method: 'POST', path: c.path, bytes: out + 430, bytesIn: 120, payload: { format: 'multipart', entropy: r2(s.rng.float(7.94, 7.98)), size: out } });
  s.fileDelete(path);
  s.appState('cached');
}

export const [stageLater, stageLaterTwin] = twinPair({
  name: 'stage-then-send-later',
  app: MAL, devices: 1, startHour: 1, inventory: [], allowedCrypto: [],
  grounding: 'ATT&CK Mobile T1532 (Archive Collected Data: collected data compressed and/or encrypted before exfiltration) with T1521.001: spyware keeps the encrypted collection in app-private storage and uploads it later; this variant waits ~6 minutes between staging and upload and removes the file afterwards (modelled timing).',
  note: 'sideloaded, not in inventory; key read from shared preferences (stored); night job encrypts contacts/call log/location into one high-entropy file, uploads it ~6 min later to an unknown domain, deletes it; device locked, no user',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    lock(s);
    sideloadInfo(s, 'optimizer-release', '4.2', [PERM.contacts, PERM.callLog, PERM.location, PERM.internet]);
    const key = simKey('battery-optimizer/prefs/aes-key', 'AES', 128, 'stored', { mode: 'CBC' });
    s.appState('job').key(key);
    s.send({ host: 'cfg.cdn-metrics-stat.com', port: 443, proto: 'https', tls: true, method: 'GET', path: '/v1/cfg', bytes: 360, bytesIn: 700 });
    s.appState('cached');
    for (let i = 0; i < 3; i++) {
      s.wait(s.rng.int(2, 4) * MIN);
      cycle(s, key, {
        reads: i === 0 ? [['contacts', 420, 63_000], ['call_log', 300, 24_000], ['location', 1, 150]] : [['location', 1, 150], ['call_log', 12, 1000]],
        host: 'up.cdn-metrics-stat.com', path: '/v1/upload',
      }, 'cache/.tmp');
    }
  },
}, {
  name: 'stage-later-twin-backup',
  app: twinApp.package, devices: 1, startHour: 1, inventory: [twinApp], allowedCrypto: [twinApp.package],
  note: 'same night job, staged high-entropy file, upload ~6 min later and delete, but an approved backup app in AllowedCryptoApps with background_network, a generated key, the user\'s own files, TLS to its expected domain',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    lock(s);
    approvedInfo(s, twinApp, '3.8.0');
    s.appState('job');
    s.send({ host: 'api.examplecloudbackup.com', port: 443, proto: 'https', tls: true, method: 'GET', path: '/v1/plan', bytes: 360, bytesIn: 900 });
    s.appState('cached');
    for (let i = 0; i < 3; i++) {
      s.wait(s.rng.int(2, 4) * MIN);
      const key = generatedKey(s);
      s.appState('job').key(key);
      cycle(s, key, {
        reads: [['files', s.rng.int(3, 12), s.rng.int(400_000, 4_000_000)]],
        host: 'upload.examplecloudbackup.com', path: '/v1/archives',
      }, 'cache/staging');
    }
  },
});
