// Password manager: vault key derived from the master password (PBKDF2, origin `derived`, reused
// for every field), unlocked in foreground, vault items (credentials) encrypted field by field and
// synced as JSON with base64 cipher strings to its own domain.
import { approvedApp, approvedInfo, lock, unlock } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('com.x8bit.bitwarden', 'password_manager', ['*.bitwarden.com'], false);
const API = { host: 'api.bitwarden.com', port: 443, proto: 'https' as const, tls: true };

const vaultKey = (device: string) =>
  simKey(`${device}/bitwarden/master-password`, 'AES', 256, 'derived', { kdf: 'PBKDF2WithHmacSHA256', mode: 'CBC' });

function foreground(s: AppStream, until: number): void {
  s.appState('foreground').touches(s.rng.int(10, 16), 220); // master password
  const k = vaultKey(s.device);
  s.key(k);
  const vault = s.rng.int(30_000, 90_000);
  s.send({ ...API, method: 'GET', path: '/api/sync', bytes: 420, bytesIn: vault, payload: { format: 'json', entropy: 4.8, b64_fields: 0 } });
  s.decrypt(k, vault);
  while (s.t < until) {
    s.wait(s.rng.int(8, 40) * SEC, 0.3).interaction();
    if (s.rng.chance(0.4)) {
      s.touches(s.rng.int(4, 12), 300);
      s.access('credentials', 1, s.rng.int(180, 420));
      let out = 0;
      for (let f = 0; f < 4; f++) out += s.encrypt(k, s.rng.int(12, 120));
      s.send({ ...API, method: 'PUT', path: `/api/ciphers/${s.rng.hex(8)}`, bytes: Math.round(out * 1.37) + 520, bytesIn: 1400, payload: { format: 'json', entropy: r2(s.rng.float(5.6, 6.0)), b64_fields: 4 } });
    } else {
      s.access('credentials', 1, s.rng.int(120, 300)); // autofill lookup
      s.decrypt(k, s.rng.int(64, 256));
    }
  }
  s.appState('background');
}

export const passwordManager: BenignProfile = {
  name: 'password-manager-sync',
  note: 'approved password manager in AllowedCryptoApps: PBKDF2-derived vault key reused, credentials encrypted then synced in foreground to *.bitwarden.com',
  entry, version: '2024.6.0', allowedCrypto: true, share: 0.35,
  foreground,
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '2024.6.0');
    unlock(s);
    foreground(s, s.t + 5 * MIN);
    lock(s);
    s.wait(6 * MIN, 0.2);
    unlock(s);
    foreground(s, s.t + 4 * MIN);
    lock(s);
  },
};
