// WireGuard-like VPN: a generated ChaCha20-Poly1305 session key (rekeyed every 2 minutes) used for
// every packet, UDP keepalives every 25 s with tiny jitter — periodic, cleartext transport, in the
// background all day, and benign: approved VPN, AllowedCryptoApps, background_network true.
import { approvedApp, approvedInfo, lock, unlock } from '../kit.js';
import { MIN, SEC, docIp } from '../material.js';
import { simKey, type AppStream, type SimKey } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('com.wireguard.android', 'vpn', ['wg.example.com'], true);
const PEER = { host: 'wg.example.com', ip: docIp(1, 10), port: 51820, proto: 'udp' as const, tls: false };
export const KEEPALIVE_MS = 25 * SEC;
const REKEY_MS = 120 * SEC;

interface Tunnel { key?: SimKey; keyAt: number; next: number }

/** run the tunnel from tun.next until `until`; one send per tick keeps the cadence exact */
function runTunnel(s: AppStream, tun: Tunnel, until: number): void {
  while (tun.next < until) {
    s.at(tun.next);
    if (!tun.key || s.t - tun.keyAt >= REKEY_MS) {
      tun.key = simKey(`${s.device}/wg/session/${s.t}/${s.rng.hex(6)}`, 'ChaCha20', 256, 'generated', { mode: 'Poly1305' });
      tun.keyAt = s.t;
      s.key(tun.key);
      s.send({ ...PEER, bytes: 148, bytesIn: 92 }); // handshake initiation
    } else if (s.rng.chance(0.12)) {
      const out = s.encrypt(tun.key, s.rng.int(1200, 80_000), { api: 'wgTurnOn/noise.seal' });
      s.send({ ...PEER, bytes: out + 32, bytesIn: s.rng.int(2000, 400_000), payload: { format: 'binary', entropy: 7.99 } });
    } else {
      s.encrypt(tun.key, 0, { api: 'wgTurnOn/noise.seal' });
      s.send({ ...PEER, bytes: 32 }); // persistent keepalive
    }
    tun.next += Math.round(s.rng.jitter(KEEPALIVE_MS, 0.004));
  }
}

export const wireguard: BenignProfile = {
  name: 'wireguard-vpn',
  note: 'approved VPN in AllowedCryptoApps: generated ChaCha20 session key reused for every packet, UDP keepalive every 25 s (periodic, non-TLS) in background, background_network true',
  entry, version: '1.0.20231018', allowedCrypto: true, share: 0.3,
  background(env) {
    let tun = env.mem.tunnel as Tunnel | undefined;
    const s = env.stream(env.from);
    if (!tun) {
      tun = { keyAt: -Infinity, next: env.from + env.rng.int(0, KEEPALIVE_MS) };
      env.mem.tunnel = tun;
      s.at(Math.max(env.from, tun.next - 500)).appState('service');
    }
    runTunnel(s, tun, env.to);
  },
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '1.0.20231018', ['android.permission.BIND_VPN_SERVICE']);
    unlock(s);
    s.appState('foreground').touches(3, 1200);
    s.appState('service');
    const tun: Tunnel = { keyAt: -Infinity, next: s.t + 300 };
    runTunnel(s, tun, s.t + 40 * SEC);
    s.at(tun.next - 2000);
    lock(s);
    runTunnel(s, tun, tun.next + 20 * MIN);
  },
};
