// Team messenger of the dense mix (the approved app of hook's benign twin): while the device is
// busy it holds a wss:// socket to its own domain with a 25 s keepalive, and about every third
// tick carries a message sealed with the session's generated AES-CBC key (sync of group chats).
import { approvedInfo, generatedKey, lock } from '../kit.js';
import { MIN, SEC, b64Len, r2 } from '../material.js';
import type { AppStream, SendSpec, SimKey } from '../stream.js';
import { twinApp } from '../scenarios/hook.js';
import type { BenignProfile, BusyBlock } from '../profiles/index.js';

const VERSION = '5.12.0';
const TICK_MS = 25 * SEC;
const MESSAGE_SHARE = 0.3;

interface Session { block: number; key: SimKey; next: number; sock: SendSpec }

function openSession(s: AppStream, block: number): Session {
  s.appState('service');
  const key = { ...generatedKey(s), mode: 'CBC' };
  s.key(key);
  const sock: SendSpec = { bytes: 0, host: 'ws.examplechat.com', port: 443, proto: 'wss', tls: true, conn: `${s.device}-chat-wss-${block}` };
  return { block, key, next: s.t + 200, sock };
}

function runTicks(s: AppStream, ses: Session, until: number): void {
  while (ses.next < until) {
    s.at(ses.next);
    s.send({ ...ses.sock, bytes: 6, bytesIn: 6 });
    if (s.rng.chance(MESSAGE_SHARE)) {
      const out = s.encrypt(ses.key, s.rng.int(40, 600));
      s.send({ ...ses.sock, bytes: b64Len(out) + 60, bytesIn: 30, payload: { format: 'json', entropy: r2(s.rng.float(5.8, 6.0)), b64_fields: 1, size: b64Len(out) + 40 } });
    }
    ses.next += TICK_MS + s.rng.int(-60, 60);
  }
}

function runBlock(s: AppStream, mem: Record<string, unknown>, b: BusyBlock, from: number, to: number): void {
  let ses = mem.session as Session | undefined;
  if (!ses || ses.block !== b.start) {
    s.at(Math.max(b.start, from) + s.rng.int(1, 30) * SEC);
    mem.session = ses = openSession(s, b.start);
  }
  const until = Math.min(b.end, to);
  runTicks(s, ses, until);
  if (until === b.end) s.at(Math.max(s.t, b.end)).appState('cached');
}

export const teamChat: BenignProfile = {
  name: 'teamchat-wss-sync',
  note: 'approved team messenger in AllowedCryptoApps: while the device is busy, wss:// socket over TLS to *.examplechat.com with a 25 s keepalive and messages under a per-session generated AES-CBC key',
  entry: twinApp, version: VERSION, allowedCrypto: true, share: 1,
  background(env) {
    for (const b of env.busy ?? []) runBlock(env.stream(env.from), env.mem, b, env.from, env.to);
  },
  scenario(env) {
    const s = env.stream(env.device(0), twinApp.package, env.t0);
    approvedInfo(s, twinApp, VERSION);
    lock(s);
    const b = { start: s.t + MIN, end: s.t + 11 * MIN };
    runBlock(s, {}, b, b.start, b.end);
  },
};
