// The NATS host on a real nats-server, in process but through the functions the commands call:
// `publish FILE --partitions 4 --end` (natsPublish, exact keys as for files), `worker
// --until-end` (natsWorker: 1 worker with everything, or 3 workers over the 4 partitions, the
// first with the fleet stage), then `alerts` (natsAlerts: the latest version of each alert).
// One server for the whole file: every stream (KV and object store included) is deleted before
// each run, so each corpus starts from an empty server as one detect run starts from nothing.
import { keyHorizonsOf } from '../../src/analytics/index.js';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../../src/nats/connection.js';
import { natsAlerts, natsPublish, natsWorker } from '../../src/app/nats.js';
import type { Alert } from '../../src/model/index.js';
import { latest, type Finals } from './hosts.js';
import type { Corpus } from './corpus.js';

export const NATS_PARTITIONS = 4;
/** the partitions of each worker: the first also runs the fleet stage */
const LAYOUTS: Record<number, (number[] | undefined)[]> = { 1: [undefined], 3: [[0, 1], [2], [3]] };

async function emptyServer(url: string): Promise<void> {
  const nc = await connectNats(url, 'differential-reset');
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const s of jsm.streams.list()) names.push(s.config.name);
    for (const n of names) await jsm.streams.delete(n);
  } finally { await nc.close(); }
}

export async function natsHost(url: string, c: Corpus, workers: 1 | 3, batchLines: number, log: string[]): Promise<Finals> {
  await emptyServer(url);
  await natsPublish({ url, files: [c.file], partitions: NATS_PARTITIONS, batchLines, end: true, compress: true, live: { lingerMs: 200, idleMs: 1000 }, exactKeys: { ...keyHorizonsOf(c.policy, c.lateness), lateness: c.lateness } });
  const never = new Promise<void>(() => {});
  // (checkpoints every 60 s: none within a run, so no replica thread is started)
  await Promise.all(LAYOUTS[workers].map((partitions, i) => natsWorker({
    url, policy: c.policy, lateness: c.lateness, checkpointMs: 60_000, untilEnd: true, fleet: i === 0, id: `w${i}`,
    log: (l) => log.push(`w${i}: ${l}`), ...(partitions ? { partitions } : {}),
  }, never)));
  const out: Finals = new Map();
  await natsAlerts({ url, follow: false, versions: false, write: (l) => latest(out, JSON.parse(l) as Alert) }, never);
  return out;
}
