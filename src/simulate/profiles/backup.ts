// Backup app: a JobScheduler job at night (device locked, screen off) reads the user's files,
// encrypts each with a generated key into a high-entropy chunk file, uploads it to its expected
// domain and deletes the chunk — staging in shape, benign by inventory (backup, AllowedCryptoApps,
// background_network true).
import { approvedApp, approvedInfo, generatedKey, lock } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import type { AppStream } from '../stream.js';
import type { BenignProfile } from './profile.js';

const entry = approvedApp('com.example.backup', 'backup', ['*.googleapis.com'], true);

function runJob(s: AppStream, files: number): void {
  s.appState('job');
  const k = generatedKey(s);
  s.key(k);
  for (let i = 0; i < files; i++) {
    const bytes = s.rng.int(150_000, 3_500_000);
    s.access('files', 1, bytes);
    const out = s.encrypt(k, bytes);
    const path = `/data/user/0/${s.app}/cache/upload/chunk-${s.rng.hex(10)}.enc`;
    s.fileWrite(path, out, r2(s.rng.float(7.97, 8.0)));
    s.wait(s.rng.int(2, 20) * SEC);
    s.send({
      host: 'storage.googleapis.com', port: 443, proto: 'https', tls: true, method: 'PUT', path: '/upload/storage/v1/b/example-backup/o',
      bytes: out + 700, bytesIn: 420, payload: { format: 'binary', entropy: r2(s.rng.float(7.97, 8.0)), size: out },
    });
    s.fileDelete(path);
    s.wait(s.rng.int(2, 30) * SEC);
  }
  s.appState('cached');
}

export const backup: BenignProfile = {
  name: 'backup-nightly',
  note: 'approved backup app in AllowedCryptoApps: night job encrypts files with a generated key into chunk files, uploads to *.googleapis.com, deletes them; background_network true',
  entry, version: '5.2.1', allowedCrypto: true, share: 0.4, startHour: 2,
  background(env) {
    if (env.hourOfDay === 2) runJob(env.stream(env.from + env.rng.int(0, 20) * MIN), env.rng.int(8, 20));
    else if (!env.night && env.rng.chance(0.08)) runJob(env.stream(env.from + env.rng.int(0, 50) * MIN), env.rng.int(1, 3));
  },
  scenario(env) {
    const s = env.stream(env.device(0), entry.package, env.t0);
    approvedInfo(s, entry, '5.2.1');
    lock(s);
    s.wait(2 * MIN);
    runJob(s, 7);
    s.wait(5 * MIN);
    runJob(s, 3);
  },
};
