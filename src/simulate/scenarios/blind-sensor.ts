// Encryption the sensor cannot see, and its twin. Both devices run an MDM / network sensor only:
// app state, device state, data access, file writes and payload features of each send, but no
// crypto hook at all. The spyware reads text records and then posts JSON whose hex field decodes
// to near-random bytes of about the size it read (AES-CBC: block-rounded, plus a 16-byte IV). The
// photo backup reads a few contacts to suggest sharing, then uploads already-compressed JPEGs:
// high entropy too, but of nothing it read as text and of no size it read.
import { approvedApp, approvedInfo, lock, sideloadInfo, unlock, PERM } from '../kit.js';
import { MIN, SEC, cipherOut, r2 } from '../material.js';
import type { AppStream } from '../stream.js';
import { PAYLOAD_SAMPLE_BYTES } from '../../payload/features.js';
import { twinPair, type BuildEnv } from '../scenario.js';

const MAL = 'com.android.battery.saverx';
const twinApp = approvedApp('com.example.gallerysync', 'photo_backup', ['*.examplegallery.com'], true);

/** a device browser session: the sensor shows the network (and other apps) throughout */
function browsing(env: BuildEnv, from: number, minutes: number): void {
  const s = env.stream(env.device(0), 'com.android.chrome', from);
  s.appState('foreground');
  for (let m = 0; m < minutes; m += 3) {
    s.send({ host: 'www.example.org', port: 443, proto: 'https', tls: true, method: 'GET', path: '/', bytes: s.rng.int(400, 900), bytesIn: s.rng.int(20_000, 90_000) });
    s.wait(3 * MIN, 0.2);
  }
}

/** one hex-encoded ciphertext post: the IV and the AES-CBC output of `plain` bytes, as hex text in
 *  a JSON body, with the features the payload module gives (it decodes the body's first 4 KB) */
function postHex(s: AppStream, plain: number): void {
  const enc = 16 + cipherOut('CBC', plain);
  const body = enc * 2 + 180;
  const sampled = Math.floor(Math.min(enc * 2, PAYLOAD_SAMPLE_BYTES - 120) / 2);
  s.send({
    host: 'api.battery-cloud-stats.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/v3/telemetry',
    bytes: body, bytesIn: 64,
    payload: { format: 'json', entropy: r2(s.rng.float(3.9, 4.1)), b64_fields: 0, hex_fields: 1, enc_entropy: r2(s.rng.float(7.88, 7.93)), enc_bytes: sampled, size: body },
  });
}

export const [blindSensor, blindSensorTwin] = twinPair({
  name: 'blind-sensor-exfil',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'ATT&CK Mobile T1521.001 procedure examples encrypt what they collect and carry the ciphertext as text inside HTTP requests (e.g. Anubis: RC4 then base64; Rotexy: AES in JSON); hex encoding serves the same purpose. Fleets watched by an MDM or Mobile Threat Defense agent, or by a network sensor, see data access and traffic but no cipher call.',
  note: 'sideloaded, not in inventory; the device\'s sensor has no crypto hooks; while locked, a service reads contacts, SMS and call log, then posts JSON whose hex field decodes to near-random bytes of the size it read (block-rounded, +16-byte IV) to an unknown domain, in four chunks',
  build(env) {
    browsing(env, env.t0, 30);
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'saverx-release', '3.4.1', [PERM.contacts, PERM.readSms, PERM.callLog, PERM.internet, PERM.foregroundService]);
    s.appState('foreground').touches(4, 2000);
    s.appState('background');
    lock(s);
    s.wait(4 * MIN);
    s.appState('service');
    const reads: [Parameters<AppStream['access']>[0], number, number][] = [['contacts', 310, 46_000], ['sms', 180, 29_000], ['call_log', 240, 17_500]];
    for (const [category, items, bytes] of reads) {
      s.access(category, items, bytes);
      s.wait(s.rng.int(2, 6) * SEC);
    }
    const total = reads.reduce((t, r) => t + r[2], 0);
    const chunk = Math.ceil(total / 4);
    for (let i = 0; i < 4; i++) {
      postHex(s, Math.min(chunk, total - i * chunk));
      s.wait(s.rng.int(20, 40) * SEC);
    }
    s.appState('cached');
    s.wait(12 * MIN);
    s.appState('service');
    s.access('sms', 3, 420);
    postHex(s, 420);
    s.appState('cached');
  },
}, {
  name: 'blind-sensor-twin-photo-backup',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'an approved photo backup on a device whose sensor has no crypto hooks: reads a few contacts (share suggestions), then in background uploads already-compressed JPEGs (entropy ~7.9, multipart) of megabytes to its declared domain: high entropy, but of photos, not of the text it read, and of no size it read',
  build(env) {
    browsing(env, env.t0, 30);
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '2.9.0');
    s.appState('foreground').touches(6, 2000);
    s.access('contacts', 12, 1_800);
    s.appState('background');
    lock(s);
    s.wait(4 * MIN);
    s.appState('job');
    for (let round = 0; round < 2; round++) {
      const photos = s.rng.int(4, 7);
      s.access('photos', photos, undefined);
      for (let i = 0; i < photos; i++) {
        const bytes = s.rng.int(1_400_000, 4_800_000);
        s.send({ host: 'upload.examplegallery.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/v2/media', bytes: bytes + 900, bytesIn: 300, payload: { format: 'multipart', entropy: r2(s.rng.float(7.86, 7.95)), size: bytes } });
        s.wait(s.rng.int(4, 12) * SEC);
      }
      s.appState('cached');
      s.wait(10 * MIN);
      s.appState('job');
    }
    s.appState('cached');
  },
});
