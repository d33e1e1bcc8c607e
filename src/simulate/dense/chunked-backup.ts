// Chunked backup of the dense mix (the same approved app as backup-nightly, a restic-like job): while
// the device is busy it reads files, cuts them into ~1 MiB chunks, seals each chunk with AES-GCM
// under the job's generated key and appends it to a pack file (high entropy); a full pack is
// uploaded to the app's declared cloud and deleted. ~18–28 chunks a minute: one 10-minute window
// holds hundreds of this app's encrypt ops and writes.
import { approvedInfo, generatedKey, lock } from '../kit.js';
import { MIN, SEC, r2 } from '../material.js';
import type { AppStream, SimKey } from '../stream.js';
import { backup } from '../profiles/backup.js';
import type { BenignProfile, BusyBlock } from '../profiles/index.js';

const CHUNK = 1 << 20;

interface Job {
  /** start of the busy block the job runs in */
  block: number;
  key: SimKey;
  /** when the next chunk is sealed, and the mean gap between chunks */
  next: number;
  gap: number;
  fileLeft: number;
  pack: string;
  packChunks: number;
  packBytes: number;
  packSize: number;
}

function startJob(s: AppStream, block: number): Job {
  s.appState('job');
  const key = generatedKey(s);
  s.key(key);
  return { block, key, next: s.t + 500, gap: 60 * SEC / s.rng.int(18, 28), fileLeft: 0, pack: '', packChunks: 0, packBytes: 0, packSize: 0 };
}

function uploadPack(s: AppStream, job: Job): void {
  s.send({
    host: 'storage.googleapis.com', port: 443, proto: 'https', tls: true, method: 'PUT', path: '/upload/storage/v1/b/example-backup/o',
    bytes: job.packBytes + 700, bytesIn: 420, payload: { format: 'binary', entropy: r2(s.rng.float(7.97, 8.0)), size: job.packBytes },
  });
  s.fileDelete(job.pack);
  job.packChunks = 0;
  job.packBytes = 0;
}

/** seal chunks until `until` */
function runChunks(s: AppStream, job: Job, until: number): void {
  while (job.next < until) {
    s.at(job.next);
    if (job.fileLeft <= 0) {
      job.fileLeft = s.rng.int(150_000, 12_000_000);
      s.access('files', 1, job.fileLeft);
    }
    if (job.packChunks === 0) {
      job.pack = `/data/user/0/${s.app}/cache/packs/${s.rng.hex(12)}.pack`;
      job.packSize = s.rng.int(4, 8);
    }
    const plain = Math.min(job.fileLeft, Math.round(s.rng.jitter(CHUNK, 0.5)));
    job.fileLeft -= plain;
    const out = s.encrypt(job.key, plain);
    s.fileWrite(job.pack, out, r2(s.rng.float(7.97, 8.0)), job.packChunks === 0 ? 'create' : 'append');
    job.packBytes += out;
    if (++job.packChunks >= job.packSize) uploadPack(s, job);
    job.next += Math.round(s.rng.jitter(job.gap, 0.5));
  }
}

function finishJob(s: AppStream, job: Job): void {
  if (job.packChunks > 0) uploadPack(s, job);
  s.appState('cached');
}

/** the job over the part of `b` in [from, to); `mem.job` carries it across hours */
function runBlock(s: AppStream, mem: Record<string, unknown>, b: BusyBlock, from: number, to: number): void {
  let job = mem.job as Job | undefined;
  if (!job || job.block !== b.start) {
    s.at(Math.max(b.start, from) + s.rng.int(5, 40) * SEC);
    mem.job = job = startJob(s, b.start);
  }
  const until = Math.min(b.end, to);
  runChunks(s, job, until);
  if (until === b.end) { s.at(Math.max(s.t, b.end)); finishJob(s, job); }
}

export const chunkedBackup: BenignProfile = {
  name: 'backup-chunked',
  note: 'approved backup app in AllowedCryptoApps: while the device is busy, files cut into chunks sealed with AES-GCM under a generated job key, appended to high-entropy pack files, packs uploaded to *.googleapis.com and deleted; hundreds of encrypt ops per 10 minutes',
  entry: backup.entry, version: backup.version, allowedCrypto: true, share: 1,
  background(env) {
    for (const b of env.busy ?? []) runBlock(env.stream(env.from), env.mem, b, env.from, env.to);
  },
  scenario(env) {
    const s = env.stream(env.device(0), backup.entry.package, env.t0);
    approvedInfo(s, backup.entry, backup.version);
    lock(s);
    const b = { start: s.t + MIN, end: s.t + 13 * MIN };
    runBlock(s, {}, b, b.start, b.end);
  },
};
