// Photo backup: a background job uploads photos — high-entropy JPEG bodies (~7.9 bits/byte) to
// its own domain — with no symmetric crypto op at all (TLS only). High entropy alone is not a chain.
import { approvedApp, approvedInfo, lock, unlock } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import type { AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('com.example.photos', 'photo_backup', ['*.examplephotos.com'], true);

export function upload(s: AppStream, photos: number): void {
  s.appState('job');
  s.access('photos', photos, undefined);
  for (let i = 0; i < photos; i++) {
    const bytes = s.rng.int(1_400_000, 5_200_000);
    s.send({
      host: 'upload.examplephotos.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/v1/media:upload',
      bytes: bytes + 900, bytesIn: 380, payload: { format: 'multipart', entropy: r2(s.rng.float(7.86, 7.95)), size: bytes },
    });
    s.wait(s.rng.int(3, 12) * SEC);
  }
  s.appState('cached');
}

export const photoBackup: BenignProfile = {
  name: 'photo-backup',
  note: 'approved photo backup: background job uploads JPEGs (entropy ~7.9) to its own domain with no crypto op',
  entry, version: '6.71.0', allowedCrypto: false, share: 0.5,
  background(env) {
    if (env.rng.chance(env.night ? 0.2 : 0.5)) upload(env.stream(env.from + env.rng.int(0, 55) * MIN), env.rng.int(1, 6));
  },
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '6.71.0');
    unlock(s);
    s.appState('foreground').touches(12, 2500); // browsing the gallery
    s.appState('background');
    lock(s);
    s.wait(3 * MIN);
    upload(s, 9);
    s.wait(8 * MIN);
    upload(s, 4);
  },
};
