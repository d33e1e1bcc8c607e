// Banking app: hardware-backed Keystore key, foreground with the user typing, device fingerprint
// read by its fraud SDK, JSON (no base64 fields) over TLS to the bank's own domain.
import { approvedApp, approvedInfo, keystoreKey, lock, unlock } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import type { AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('com.example.bank', 'banking', ['*.examplebank.com'], false);
const API = { host: 'api.examplebank.com', port: 443, proto: 'https' as const, tls: true };

function foreground(s: AppStream, until: number): void {
  s.appState('foreground').touches(s.rng.int(4, 6), 450); // PIN pad
  const k = keystoreKey(s.device, s.app);
  s.key(k);
  s.access('device_info', 1, s.rng.int(900, 1400));
  const out = s.encrypt(k, s.rng.int(256, 512));
  s.send({ ...API, method: 'POST', path: '/v2/auth/session', bytes: out * 2 + 380, bytesIn: 2100, payload: { format: 'json', entropy: r2(s.rng.float(4.9, 5.4)), b64_fields: 0 } });
  while (s.t < until) {
    s.wait(s.rng.int(5, 25) * SEC, 0.3).interaction();
    if (s.rng.chance(0.2)) {
      s.touches(s.rng.int(3, 8), 700);
      const o = s.encrypt(k, s.rng.int(300, 700)); // transaction signing blob
      s.send({ ...API, method: 'POST', path: '/v2/transfers', bytes: o * 2 + 420, bytesIn: 900, payload: { format: 'json', entropy: r2(s.rng.float(5.0, 5.5)), b64_fields: 0 } });
    } else {
      s.send({ ...API, method: 'GET', path: s.rng.pick(['/v2/accounts', '/v2/accounts/tx', '/v2/cards', '/v2/messages']), bytes: s.rng.int(300, 700), bytesIn: s.rng.int(2000, 40_000) });
    }
  }
  s.appState('background');
}

export const banking: BenignProfile = {
  name: 'banking-keystore',
  note: 'approved banking app: hardware-backed Keystore key, foreground with user input, JSON without base64 over TLS to its own domain',
  entry, version: '12.4.0', allowedCrypto: false, share: 0.5,
  foreground,
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '12.4.0');
    unlock(s);
    foreground(s, s.t + 6 * MIN);
    lock(s);
    s.wait(7 * MIN, 0.2);
    unlock(s);
    foreground(s, s.t + 4 * MIN);
    lock(s);
  },
};
