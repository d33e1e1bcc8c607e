// A game protected by a commercial packer: at start the shell decrypts the real DEX and a few
// assets with a key hard-coded in its native library — decrypt only (obfuscation, not exfiltration).
import { approvedApp, approvedInfo, lock, unlock } from '../kit.js';
import { MIN, SEC } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('com.example.puzzle', 'game', ['*.examplegames.com'], false);
const SHELL_KEY = simKey('packer-shell/com.example.puzzle/dex', 'AES', 128, 'literal', { mode: 'ECB' });

function foreground(s: AppStream, until: number): void {
  s.appState('foreground');
  s.key(SHELL_KEY);
  s.decrypt(SHELL_KEY, 3_407_872, { api: 'libshell.so!dex_decrypt' });
  for (let i = s.rng.int(2, 4); i > 0; i--) s.decrypt(SHELL_KEY, s.rng.int(40_000, 200_000), { api: 'libshell.so!asset_decrypt' });
  s.send({ host: 'config.examplegames.com', port: 443, proto: 'https', tls: true, method: 'GET', path: '/v1/remote-config', bytes: 420, bytesIn: 3100 });
  while (s.t < until) {
    s.touches(s.rng.int(3, 10), 1800);
    if (s.rng.chance(0.35)) s.send({ host: 'events.examplegames.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/collect', bytes: s.rng.int(500, 1600), bytesIn: 80, payload: { format: 'json', entropy: 4.7, b64_fields: 0 } });
    s.wait(s.rng.int(5, 20) * SEC);
  }
  s.appState('background');
}

export const packer: BenignProfile = {
  name: 'packer-dex-decrypt',
  note: 'approved game whose packer decrypts its DEX and assets with a hard-coded key at start: decrypt only',
  entry, version: '3.0.7', allowedCrypto: false, share: 0.3,
  foreground,
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '3.0.7');
    unlock(s);
    foreground(s, s.t + 7 * MIN);
    lock(s);
    s.wait(4 * MIN);
    unlock(s);
    foreground(s, s.t + 5 * MIN);
    lock(s);
  },
};
