// An approved app doing what it declared, and the same app drifting from it. The inventory
// approves a field-sales CRM: pinned signer, its own cloud, background sync declared, and the data
// it needs (contacts, calendar, location). It encrypts those with a key kept in its preferences,
// stages them in a hidden file and uploads them in background: every facet is there, and it is its
// job. The drifting build (same package, same signer: an SDK update compromised upstream) also
// reads SMS and clipboard and posts them to a domain the app never declared.
import { approvedApp, approvedInfo, lock, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import { twinPair } from '../scenario.js';
import type { AppEntry } from '../../model/index.js';

const CRM: AppEntry & { signer: string; label: string } = {
  ...approvedApp('com.example.fieldcrm', 'crm', ['*.examplecrm.com'], true),
  data_categories: ['contacts', 'calendar', 'location'],
};

/** the declared work: a background sync job encrypting contacts, calendar and location into a
 *  hidden file, uploaded to the app's own cloud */
function sync(s: AppStream, key: ReturnType<typeof simKey>): void {
  s.appState('job');
  s.access('contacts', s.rng.int(300, 500), s.rng.int(40_000, 60_000));
  s.access('calendar', s.rng.int(40, 90), s.rng.int(8_000, 16_000));
  s.access('location', 1, 160);
  const out = s.encrypt(key, s.rng.int(50_000, 70_000));
  const path = `/data/user/0/${CRM.package}/files/.sync/${s.rng.hex(10)}.bin`;
  s.fileWrite(path, out, r2(s.rng.float(7.96, 7.99)));
  s.wait(s.rng.int(5, 20) * SEC);
  s.send({ host: 'sync.examplecrm.com', port: 443, proto: 'https', tls: true, method: 'PUT', path: '/v4/sync', bytes: out + 620, bytesIn: 240, payload: { format: 'binary', entropy: r2(s.rng.float(7.95, 7.99)), size: out } });
  s.fileDelete(path);
  s.appState('cached');
}

function start(s: AppStream): ReturnType<typeof simKey> {
  unlock(s);
  approvedInfo(s, CRM, '8.2.0');
  s.appState('foreground').touches(5, 2500);
  s.appState('background');
  lock(s);
  // (one key per install, kept in the app's preferences)
  const key = simKey(`fieldcrm/${s.device}/prefs/sync-key`, 'AES', 256, 'stored', { mode: 'CBC' });
  s.key(key);
  return key;
}

export const [approvedDrift, approvedDriftTwin] = twinPair({
  name: 'approved-drift-exfil',
  app: CRM.package, devices: 1, inventory: [CRM], allowedCrypto: [],
  grounding: 'Supply-chain compromise of an approved app: an SDK inside legitimate apps starts collecting and uploading data the app never needed (Dr.Web, 2023: the SpinOk module in 101 Google Play apps, 421 million downloads, collected files and clipboard content and sent them to its own servers), signed with the genuine developer\'s key.',
  note: 'the approved CRM with its pinned signer and declared sync, plus an SDK that reads SMS and clipboard (outside the declared data_categories), encrypts them and posts base64 JSON to a domain outside expected_domains, in background',
  build(env) {
    const s = env.stream(env.device(0), CRM.package, env.t0 + env.rng.int(0, 60) * SEC);
    const key = start(s);
    s.wait(2 * MIN);
    sync(s, key);
    s.wait(3 * MIN);
    s.appState('service');
    const sdkKey = simKey('fieldcrm/sdk/analytics-key', 'AES', 128, 'literal', { mode: 'ECB' });
    s.key(sdkKey);
    for (let i = 0; i < 4; i++) {
      s.access('sms', s.rng.int(40, 120), s.rng.int(6_000, 18_000));
      s.access('clipboard', 1, s.rng.int(40, 400));
      const out = s.encrypt(sdkKey, s.rng.int(6_000, 18_000));
      s.send({ host: 'cfg.metrics-sdk-cdn.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/api/ev', bytes: b64Len(out) + 280, bytesIn: 80, payload: { format: 'json', entropy: r2(s.rng.float(5.8, 6.0)), b64_fields: 1 } });
      s.wait(s.rng.int(60, 110) * SEC);
    }
    s.appState('cached');
    s.wait(4 * MIN);
    sync(s, key);
  },
}, {
  name: 'approved-declared-sync',
  app: CRM.package, devices: 1, inventory: [CRM], allowedCrypto: [],
  note: 'the approved CRM doing what it declared: pinned signer, Play installer; background jobs encrypt contacts, calendar and location (its declared data_categories) with a key from its preferences, stage them in a hidden file and upload them to its expected domain (background_network declared) three times',
  build(env) {
    const s = env.stream(env.device(0), CRM.package, env.t0 + env.rng.int(0, 60) * SEC);
    const key = start(s);
    for (let i = 0; i < 3; i++) {
      s.wait(s.rng.int(4, 7) * MIN);
      sync(s, key);
    }
  },
});
