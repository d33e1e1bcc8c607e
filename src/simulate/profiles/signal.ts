// Signal-like messenger: per-message keys (generated when sending, received from the peer's
// ratchet when receiving), each used once; protobuf over TLS WebSocket to its own domain; reads the
// address book for contact discovery; mostly foreground, with background receive + receipts.
import { approvedApp, approvedInfo, lock, unlock } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('org.thoughtcrime.securesms', 'messaging', ['*.signal.org'], true);

function messageKey(s: AppStream, origin: 'generated' | 'remote') {
  return simKey(`${s.device}/${s.app}/msg/${s.t}/${s.rng.hex(8)}`, 'AES', 256, origin, { mode: 'CBC' });
}

function sendMessage(s: AppStream, minBytes = 60, maxBytes = 900): void {
  const k = messageKey(s, 'generated');
  s.key(k);
  const out = s.encrypt(k, s.rng.int(minBytes, maxBytes));
  s.send({
    host: 'chat.signal.org', port: 443, proto: 'wss', tls: true, bytes: out + 170 + s.rng.int(0, 40), bytesIn: 64,
    payload: { format: 'protobuf', entropy: r2(s.rng.float(6.2, 7.0)), size: out + 120 }, conn: `${s.device}-signal-ws`,
  });
}

function receiveMessage(s: AppStream): void {
  const k = messageKey(s, 'remote');
  s.key(k);
  s.decrypt(k, s.rng.int(96, 1200));
}

function sendAttachment(s: AppStream): void {
  const bytes = s.rng.int(900_000, 3_400_000);
  s.access('photos', 1, bytes);
  const k = simKey(`${s.device}/${s.app}/att/${s.t}/${s.rng.hex(8)}`, 'AES', 256, 'generated', { mode: 'CBC' });
  s.key(k);
  const out = s.encrypt(k, bytes);
  s.wait(400);
  s.send({
    host: 'cdn2.signal.org', port: 443, proto: 'https', tls: true, method: 'PUT', path: '/attachments/',
    bytes: out + 620, bytesIn: 310, payload: { format: 'binary', entropy: r2(s.rng.float(7.97, 8.0)), size: out },
  });
  sendMessage(s, 180, 400); // the pointer message with the attachment key
}

function foreground(s: AppStream, until: number): void {
  s.appState('foreground').interaction();
  while (s.t < until - 5 * SEC) {
    s.wait(s.rng.int(4, 40) * SEC, 0.2);
    if (s.t >= until) break;
    s.interaction();
    const r = s.rng.next();
    if (r < 0.5) { s.touches(s.rng.int(2, 6), 900); sendMessage(s); }
    else if (r < 0.92) receiveMessage(s);
    else if (r < 0.96) { s.touches(2, 1500); sendAttachment(s); }
  }
  s.at(Math.max(s.t, until)).appState('background');
}

/** a push wakes the app, it decrypts the message and sometimes sends a delivery receipt */
export function pushReceive(s: AppStream): void {
  s.appState('receiver');
  receiveMessage(s);
  if (s.rng.chance(0.45)) sendMessage(s, 40, 90);
  s.wait(1500).appState('cached');
}

export const signal: BenignProfile = {
  name: 'signal-messaging',
  note: 'approved messenger in AllowedCryptoApps: per-message generated/remote keys used once, protobuf over TLS to *.signal.org, contact discovery read, background receive + receipts',
  entry, version: '7.23.1', allowedCrypto: true, share: 0.7,
  foreground,
  background(env) {
    const n = env.night ? env.rng.int(0, 2) : env.rng.int(2, 7);
    for (let i = 0; i < n; i++) {
      const t = env.from + env.rng.int(0, env.to - env.from - 5 * SEC);
      if (env.screenOn(t)) continue; // the open app handles it in foreground
      pushReceive(env.stream(t));
    }
  },
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '7.23.1', ['android.permission.READ_CONTACTS', 'android.permission.CAMERA']);
    unlock(s);
    s.appState('foreground').access('contacts', 312, 312 * 140);
    foreground(s, s.t + 9 * MIN);
    lock(s);
    for (let i = 0; i < 4; i++) { s.wait(s.rng.int(90, 200) * SEC); pushReceive(s); }
    s.wait(45 * SEC);
    unlock(s);
    foreground(s, s.t + 6 * MIN);
    lock(s);
  },
};
