// A repackaged clone of an approved app, and its twin: the genuine app. Same package name; the
// clone carries the attacker's signing certificate and an extra collection service.
import { PERM, approvedApp, approvedInfo, keystoreKey, lock, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2, signerOf } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import { twinPair } from '../scenario.js';

/** the genuine app, as the inventory pins it */
export const NOTES = approvedApp('com.example.notes', 'notes', ['*.examplenotes.com'], false);

/** the genuine behaviour: notes encrypted under a Keystore key and synced while the user edits */
function editNotes(s: AppStream, until: number): void {
  s.appState('foreground');
  const key = keystoreKey(s.device, s.app);
  s.key(key);
  while (s.t < until) {
    s.touches(s.rng.int(5, 20), 500);
    const b = s.rng.int(200, 3000);
    const out = s.encrypt(key, b);
    s.send({ host: 'sync.examplenotes.com', port: 443, proto: 'https', tls: true, method: 'PUT', path: '/v1/notes', bytes: out + 350, bytesIn: 140, payload: { format: 'json', entropy: r2(s.rng.float(5.0, 5.4)), b64_fields: 0 } });
    s.wait(s.rng.int(30, 80) * SEC, 0.3);
  }
  s.appState('background');
}

export const [clone, cloneTwin] = twinPair({
  name: 'repackaged-clone',
  app: NOTES.package, devices: 1, inventory: [NOTES], allowedCrypto: [],
  grounding: 'Trojanized copies of legitimate apps keep the original features, add spying code and are signed with the attacker\'s certificate (e.g. ESET, 2023: BadBazaar in trojanized Signal and Telegram builds "Signal Plus Messenger" and "FlyGram"); a sideloaded copy can reuse the original package name, which leaves the signing certificate as the distinguishing fact.',
  note: 'package name of the approved notes app but signed with another certificate (sideloaded); works as a notes app in foreground while an added service encrypts contacts/clipboard/accounts with a literal AES key and posts base64 JSON to a domain outside expected_domains, in background',
  build(env) {
    const s = env.stream(env.device(0), NOTES.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    // the MDM matches by package name, so it reports the clone as approved: only the signer differs
    s.appInfo({ version: '4.12.0', installer: 'sideload', signer: signerOf('repackager-cert'), approved: true, label: NOTES.label, permissions: [PERM.contacts, 'android.permission.GET_ACCOUNTS', PERM.internet] });
    editNotes(s, s.t + 6 * MIN);
    lock(s);
    s.appState('service');
    const key = simKey('notes-clone/injected/aes', 'AES', 128, 'literal', { mode: 'CBC' });
    s.key(key);
    const post = (plain: number) => {
      const out = s.encrypt(key, plain);
      s.send({ host: 'notes-cdn-sync.top', port: 443, proto: 'https', tls: true, method: 'POST', path: '/c', bytes: b64Len(out) + 250, bytesIn: 60, payload: { format: 'json', entropy: r2(s.rng.float(5.8, 6.0)), b64_fields: 1 } });
    };
    s.access('accounts', 2, 400);
    s.access('contacts', 275, 33_000);
    post(33_400);
    const end = s.t + 14 * MIN;
    while (s.t < end) {
      s.wait(s.rng.int(100, 160) * SEC);
      s.access('clipboard', 1, s.rng.int(20, 400));
      post(s.rng.int(100, 500));
    }
    s.appState('cached');
    s.wait(MIN);
    unlock(s);
    editNotes(s, s.t + 4 * MIN);
    lock(s);
  },
}, {
  name: 'repackaged-clone-twin-genuine',
  app: NOTES.package, devices: 1, inventory: [NOTES], allowedCrypto: [],
  note: 'the genuine approved notes app: pinned signer, Play installer, notes encrypted under a Keystore key and synced in foreground to its expected domain, nothing in background',
  build(env) {
    const s = env.stream(env.device(0), NOTES.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, NOTES, '4.12.0', [PERM.internet]);
    editNotes(s, s.t + 6 * MIN);
    lock(s);
    s.wait(14 * MIN);
    unlock(s);
    editNotes(s, s.t + 4 * MIN);
    lock(s);
  },
});
