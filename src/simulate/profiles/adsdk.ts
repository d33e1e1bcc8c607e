// A weather app whose ad/analytics SDK decrypts its obfuscated config strings with one hard-coded
// key (the same in every copy of the SDK) many times: decrypt only, never encrypting collected data.
// The app reads location for the forecast and sends it in plain JSON over TLS to its own domains.
import { approvedApp, approvedInfo, lock, unlock } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import { simKey, type AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('com.example.weather', 'weather', ['*.exampleweather.com', '*.adsdk.example'], true);
/** literal key of the SDK's string obfuscator: identical on every device */
export const SDK_KEY = simKey('adsdk/string-obfuscator/v3', 'AES', 128, 'literal', { mode: 'ECB' });

function sdkStrings(s: AppStream, n: number): void {
  for (let i = 0; i < n; i++) s.decrypt(SDK_KEY, 16 * s.rng.int(1, 10), { api: 'com.adsdk.core.a.b' });
}

function forecast(s: AppStream): void {
  s.access('location', 1, 64);
  s.send({ host: 'api.exampleweather.com', port: 443, proto: 'https', tls: true, method: 'GET', path: '/v1/forecast', bytes: 380, bytesIn: s.rng.int(6000, 14_000), payload: { format: 'json', entropy: 4.6, b64_fields: 0 } });
}

function foreground(s: AppStream, until: number): void {
  s.appState('foreground').interaction();
  s.key(SDK_KEY);
  sdkStrings(s, s.rng.int(6, 14));
  forecast(s);
  s.send({ host: 'bid.adsdk.example', port: 443, proto: 'https', tls: true, method: 'POST', path: '/v2/bid', bytes: s.rng.int(1500, 2200), bytesIn: 4200, payload: { format: 'json', entropy: r2(s.rng.float(4.8, 5.2)), b64_fields: 0 } });
  while (s.t < until) {
    s.wait(s.rng.int(5, 30) * SEC, 0.3).interaction();
    if (s.rng.chance(0.3)) sdkStrings(s, 2);
    if (s.rng.chance(0.3)) s.send({ host: 'events.adsdk.example', port: 443, proto: 'https', tls: true, method: 'POST', path: '/v1/events', bytes: s.rng.int(600, 1400), bytesIn: 120, payload: { format: 'json', entropy: 4.9, b64_fields: 0 } });
  }
  s.appState('background');
}

/** the home-screen widget refresh */
function widget(s: AppStream): void {
  s.appState('alarm');
  forecast(s);
  s.appState('cached');
}

export const adsdkWeather: BenignProfile = {
  name: 'adsdk-config-decrypt',
  note: 'approved weather app whose ad SDK decrypts config strings with one hard-coded literal key many times: decrypt only, no encryption of collected data',
  entry, version: '4.9.3', allowedCrypto: false, share: 0.6,
  foreground,
  background(env) {
    if (env.rng.chance(0.7)) widget(env.stream(env.from + env.rng.int(0, 59) * MIN));
  },
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '4.9.3', ['android.permission.ACCESS_COARSE_LOCATION']);
    unlock(s);
    foreground(s, s.t + 4 * MIN);
    lock(s);
    s.wait(6 * MIN);
    widget(s);
    s.wait(3 * MIN);
    unlock(s);
    foreground(s, s.t + 3 * MIN);
    lock(s);
  },
};
