// Browser with streaming: many TLS sends to many hosts while the user browses, and DRM media
// decryption (AES-CTR with a license key received from the network) — decrypt only, foreground.
import { approvedApp, approvedInfo, lock, unlock } from '../kit.js';
import { MIN, SEC } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('org.mozilla.firefox', 'browser', undefined, false);
const HOSTS = ['news.example.org', 'www.example.com', 'cdn.example.net', 'static.example.net', 'search.example.org',
  'img.example.com', 'api.example.org', 'fonts.example.net', 'video.examplestream.com', 'shop.example.com'];

function mediaSession(s: AppStream): void {
  const title = s.rng.int(1, 400);
  s.send({ host: 'license.examplestream.com', port: 443, proto: 'https', tls: true, method: 'POST', path: '/widevine/license', bytes: 2400, bytesIn: 1100 });
  // content keys are per title (the same for every viewer), delivered in the license
  const k = simKey(`examplestream/title/${title}`, 'AES', 128, 'remote', { mode: 'CTR' });
  s.key(k);
  const segments = s.rng.int(3, 8);
  for (let i = 0; i < segments; i++) {
    const seg = s.rng.int(300_000, 900_000);
    s.send({ host: 'media.examplestream.com', port: 443, proto: 'https', tls: true, method: 'GET', path: `/seg/${title}/${i}.m4s`, bytes: 520, bytesIn: seg });
    s.decrypt(k, seg, { api: 'android.media.MediaCodec.queueSecureInputBuffer' });
    s.wait(s.rng.int(4, 6) * SEC);
  }
}

function foreground(s: AppStream, until: number): void {
  s.appState('foreground').interaction();
  while (s.t < until) {
    if (s.rng.chance(0.5)) s.interaction();
    if (s.rng.chance(0.06)) { mediaSession(s); continue; }
    const host = s.rng.pick(HOSTS);
    s.send({ host, port: 443, proto: s.rng.chance(0.3) ? 'quic' : 'https', tls: true, method: 'GET', path: '/', bytes: s.rng.int(400, 2200), bytesIn: s.rng.int(4000, 600_000) });
    s.wait(s.rng.int(2, 12) * SEC, 0.4);
  }
  s.appState('background');
}

export const browser: BenignProfile = {
  name: 'browser-streaming',
  note: 'approved browser: many TLS sends to many hosts in foreground, DRM media decrypt with a remote per-title key (decrypt only)',
  entry, version: '128.0.2', allowedCrypto: false, share: 0.9,
  foreground,
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '128.0.2');
    unlock(s);
    foreground(s, s.t + 4 * MIN);
    mediaSession(s);
    mediaSession(s);
    foreground(s, s.t + 3 * MIN);
    lock(s);
    s.wait(5 * MIN);
    unlock(s);
    foreground(s, s.t + 3 * MIN);
    lock(s);
  },
};
