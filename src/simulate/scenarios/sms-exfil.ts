// SMS as the channel out, and its twin. The spyware encrypts what it collected and sends the
// base64 ciphertext as text messages to a phone number, no Internet needed: a send like any other
// (`proto: sms`, destination `sms:<number>`). The twin is the approved SMS app sending what the
// user types, in foreground, with no cipher.
import { approvedApp, approvedInfo, lock, sideloadInfo, unlock, PERM } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.flashlight.pro.free';
const twinApp = approvedApp('com.example.messages', 'messaging', undefined, false);
/** one SMS carries 160 GSM-7 characters; base64 fits 153 per part of a multipart message */
const SMS_CHARS = 153;

export const [smsExfil, smsTwin] = twinPair({
  name: 'sms-exfil-encrypted',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'ATT&CK Mobile T1582 (SMS Control) and T1639 (Exfiltration Over Alternative Protocol): banking trojans and spyware send collected data by SMS where the network is watched or absent (e.g. Kaspersky, 2018: Rotexy falls back to SMS for its commands and replies; ATT&CK S0411).',
  note: 'sideloaded, not in inventory; while the device is locked, a receiver reads SMS and contacts, encrypts them with a literal RC4 key and sends the base64 ciphertext as multipart text messages to a phone number (proto sms, no TLS)',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'flashlight-pro', '1.9', [PERM.readSms, PERM.contacts, 'android.permission.SEND_SMS', PERM.receiveSms]);
    s.appState('foreground').touches(3, 1500);
    s.appState('background');
    lock(s);
    s.wait(3 * MIN);
    const key = simKey('flashlight-pro/const/rc4', 'RC4', 128, 'literal', { mode: 'stream' });
    s.appState('receiver').key(key);
    for (let round = 0; round < 3; round++) {
      s.access('sms', s.rng.int(3, 12), s.rng.int(400, 1_400));
      if (round === 0) s.access('contacts', 20, 1_900);
      const out = s.encrypt(key, s.rng.int(500, 2_600));
      const parts = Math.ceil(b64Len(out) / SMS_CHARS);
      for (let p = 0; p < parts; p++) {
        const chars = Math.min(SMS_CHARS, b64Len(out) - p * SMS_CHARS);
        s.send({ host: 'sms:+37255501234', proto: 'sms', tls: false, bytes: chars, payload: { format: 'base64', entropy: r2(s.rng.float(5.6, 5.95)), size: chars } });
      }
      s.appState('cached');
      s.wait(s.rng.int(5, 8) * MIN);
      s.appState('receiver');
    }
    s.appState('cached');
  },
}, {
  name: 'sms-twin-user-messages',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [],
  note: 'the approved SMS app: shows the conversations (reads SMS and contacts) and sends the messages the user types, in foreground right after typing, as plain text; no cipher',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '11.2.0', [PERM.readSms, 'android.permission.SEND_SMS', PERM.contacts]);
    for (let round = 0; round < 3; round++) {
      s.appState('foreground');
      s.access('sms', s.rng.int(20, 60), s.rng.int(3_000, 9_000));
      s.access('contacts', 30, 2_800);
      for (let m = 0; m < 3; m++) {
        s.touches(s.rng.int(8, 20), 400);
        const chars = s.rng.int(20, 150);
        s.send({ host: 'sms:+37255507788', proto: 'sms', tls: false, bytes: chars, payload: { format: 'text', entropy: r2(s.rng.float(4.0, 4.6)), size: chars } });
        s.wait(s.rng.int(20, 60) * SEC);
      }
      s.appState('background');
      lock(s);
      s.wait(s.rng.int(4, 7) * MIN);
      unlock(s);
    }
  },
});
