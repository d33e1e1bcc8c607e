// Hook and its twin. The shape: a persistent WebSocket with a 25 s keepalive carrying AES-CBC
// encrypted messages.
import { PERM, approvedApp, approvedInfo, generatedKey, lock, sideloadInfo, unlock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import { simKey, type AppStream, type SendSpec, type SimKey } from '../stream.js';
import { twinPair } from '../scenario.js';

const MAL = 'com.moviebox.player';
export const twinApp = approvedApp('com.example.teamchat', 'messaging', ['*.examplechat.com'], true);

/** keepalive every 25 s; every `everyTicks` ticks one encrypted message from `msg` */
function socketLoop(s: AppStream, sock: SendSpec, key: SimKey, until: number, msg: (s: AppStream) => number | undefined): void {
  let tick = 0;
  const start = s.t;
  while (s.t < until) {
    s.at(start + tick * 25 * SEC + s.rng.int(-60, 60));
    s.send({ ...sock, bytes: 6, bytesIn: 6 }); // engine.io ping
    const plain = msg(s);
    if (plain !== undefined) {
      const out = s.encrypt(key, plain);
      s.send({ ...sock, bytes: b64Len(out) + 60, bytesIn: 30, payload: { format: 'json', entropy: r2(s.rng.float(5.8, 6.0)), b64_fields: 1, size: b64Len(out) + 40 } });
    }
    tick++;
  }
}

export const [hook, hookTwin] = twinPair({
  name: 'hook-aes-ws-beacon',
  app: MAL, devices: 1, inventory: [], allowedCrypto: [],
  grounding: 'Hook, an ERMAC fork sold from 2023 (ThreatFabric, January 2023): adds WebSocket communication and encrypts its traffic with a hard-coded AES-256-CBC key; exfiltrates location, notifications, keystrokes and screenshots via Accessibility.',
  note: 'sideloaded, not in inventory; hard-coded AES-256-CBC key reused; location/notifications/keystrokes/screenshots encrypted onto a cleartext ws:// socket with a 25 s keepalive beacon; background service, device locked',
  build(env) {
    const s = env.stream(env.device(0), MAL, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    sideloadInfo(s, 'hook-builder', '3.3', [PERM.accessibility, PERM.location, PERM.notifications, PERM.overlay]);
    s.appState('foreground').touches(3, 1500);
    s.appState('service');
    s.wait(30 * SEC);
    lock(s);
    const key = simKey('hook/aes-256-cbc/hardcoded', 'AES', 256, 'literal', { mode: 'CBC' });
    s.key(key);
    const sock: SendSpec = { bytes: 0, host: 'hk-sock-panel.top', port: 8080, proto: 'ws', tls: false, conn: `${s.device}-hook-ws` };
    let n = 0;
    socketLoop(s, sock, key, s.t + 20 * MIN, (x) => {
      if (++n % 4 !== 0) return undefined;
      const kind = x.rng.pick(['location', 'notifications', 'keystrokes', 'keystrokes', 'media'] as const);
      const bytes = kind === 'location' ? 120 : kind === 'media' ? x.rng.int(60_000, 180_000) : x.rng.int(400, 3000);
      x.access(kind, kind === 'notifications' ? x.rng.int(2, 9) : 1, bytes);
      return bytes + 80;
    });
  },
}, {
  name: 'hook-twin-chat-wss',
  app: twinApp.package, devices: 1, inventory: [twinApp], allowedCrypto: [twinApp.package],
  note: 'same persistent socket with a 25 s keepalive and AES-CBC messages, but an approved messaging app in AllowedCryptoApps, per-session generated key, messages typed by the user (no collected data), wss:// over TLS to its expected domain',
  build(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0 + env.rng.int(0, 60) * SEC);
    unlock(s);
    approvedInfo(s, twinApp, '5.12.0');
    s.appState('foreground').interaction();
    const key = { ...generatedKey(s), mode: 'CBC' };
    s.key(key);
    const sock: SendSpec = { bytes: 0, host: 'ws.examplechat.com', port: 443, proto: 'wss', tls: true, conn: `${s.device}-chat-wss` };
    const fgEnd = s.t + 12 * MIN;
    socketLoop(s, sock, key, fgEnd, (x) => {
      if (!x.rng.chance(0.3)) return undefined;
      x.touches(x.rng.int(3, 10), 500);
      return x.rng.int(40, 600);
    });
    s.appState('background');
    lock(s);
    socketLoop(s, sock, key, s.t + 8 * MIN, () => undefined); // keepalive only while away
  },
});
