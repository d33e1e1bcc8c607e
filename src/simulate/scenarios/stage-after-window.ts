// Staged now, sent after the time window, and its twin. The shape: a job encrypts what it
// collected into one file at night; a second job uploads the file 24 minutes later, longer than the
// default 10-minute window, then deletes it. The link is the staged file itself (staging_horizon).
import { approvedApp, approvedInfo, generatedKey, lock, sideloadInfo, PERM } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair, type BuildEnv } from '../scenario.js';

/** the device's store app checking for updates every ~2 minutes: the sensor shows the network
 *  throughout (and the scenario is more than its two jobs) */
function storeChecks(env: BuildEnv, from: number, minutes: number): void {
  const s = env.stream(env.device(0), 'com.android.vending', from);
  s.appState('service');
  for (let m = 0; m < minutes; m += 2) {
    s.send({ host: 'play.googleapis.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/fdfe/bulkDetails', bytes: s.rng.int(600, 1400), bytesIn: s.rng.int(2000, 9000), payload: { format: 'protobuf' } });
    s.wait(2 * MIN, 0.1);
  }
}

const MAL = 'com.system.cleaner.boost';
const twinApp = approvedApp('com.example.archiver', 'backup', ['*.examplearchiver.com'], true);

export const [stageAfterWindow, stageAfterWindowTwin] = twinPair({
  name: 'stage-then-send-after-window',
  app: MAL, devices: 1, startHour: 2, inventory: [], allowedCrypto: [],
  grounding: 'ATT&CK Mobile T1532 (Archive Collected Data) with T1521.001: spyware decouples collection from upload (the collection job encrypts into app-private storage; an upload job scheduled by WorkManager/JobScheduler sends it later), so the encryption and the send are further apart than a correlation window (modelled timing: 24 minutes).',
  note: 'sideloaded, not in inventory; key from shared preferences (stored); a job reads contacts, SMS and location, encrypts them into one hidden high-entropy file, goes idle; 24 minutes later another job uploads the file to an unknown domain and deletes it; device locked',
  build(env) {
    storeChecks(env, env.t0, 36);
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    lock(s);
    sideloadInfo(s, 'cleaner-release', '2.7', [PERM.contacts, PERM.readSms, PERM.location, PERM.internet]);
    const key = simKey('cleaner-boost/prefs/aes-key', 'AES', 256, 'stored', { mode: 'CBC' });
    s.appState('job').key(key);
    s.access('contacts', 380, 57_000);
    s.access('sms', 220, 41_000);
    s.access('location', 1, 150);
    const out = s.encrypt(key, 98_150);
    const path = `/data/user/0/${MAL}/files/.cache/${s.rng.hex(12)}.dat`;
    s.fileWrite(path, out, r2(s.rng.float(7.96, 7.99)));
    s.appState('cached');
    s.wait(24 * MIN, 0.02);
    s.appState('job');
    s.send({ host: 'sync.boost-cdn-api.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/u', bytes: out + 510, bytesIn: 90, payload: { format: 'multipart', entropy: r2(s.rng.float(7.94, 7.98)), size: out } });
    s.fileDelete(path);
    s.appState('cached');
  },
}, {
  name: 'stage-after-window-twin-archive',
  app: twinApp.package, devices: 1, startHour: 2, inventory: [twinApp], allowedCrypto: [twinApp.package],
  note: 'an approved backup app (AllowedCryptoApps, background_network declared) encrypts the user\'s files into a local archive with a generated key and keeps it: the archive is never sent; 24 minutes later it only checks its plan with its declared cloud',
  build(env) {
    storeChecks(env, env.t0, 36);
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    lock(s);
    approvedInfo(s, twinApp, '5.1.0');
    const key = generatedKey(s);
    s.appState('job').key(key);
    s.access('files', 40, 2_400_000);
    const out = s.encrypt(key, 2_400_000);
    s.fileWrite(`/data/user/0/${twinApp.package}/files/archive/${s.rng.hex(8)}.tar.enc`, out, r2(s.rng.float(7.97, 7.99)));
    s.appState('cached');
    s.wait(24 * MIN, 0.02);
    s.appState('job');
    s.send({ host: 'api.examplearchiver.com', port: 443, proto: 'https', tls: true, method: 'GET', path: '/v2/plan', bytes: 380, bytesIn: 900 });
    s.appState('cached');
  },
});
