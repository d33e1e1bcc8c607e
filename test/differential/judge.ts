// Runs every host on a corpus and, when they disagree, says whether the disagreement belongs to
// a diagnosed class (see the header of test/differential.test.ts):
//   sweep     — gone when every host sweeps at the same event times (align.ts): engine state
//               whose visibility depends on when the periodic sweep runs
//   encrypt-only — still there when aligned, gone when every device shows network telemetry from
//               its first event: a device without it has its last encrypt evaluated at the next
//               sweep (Engine.evaluateEncryptOnly), which then reads the fleet key index as it is
//               at the sweep — one last use per device (FleetKeys), so another device's use
//               before the moment vanishes once it used the key again after it; the partitions
//               read other devices' uses as spans (CT_USES) and still count it
//   born-key  — still there when aligned, gone when no key is announced as born on the device:
//               `publish` remembers such an announcement 1 h (key-uses.ts), the engine as long as
//               its key record lives (window + lateness of idleness, checked at sweeps)
//   unexplained — anything else: a failure
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/simulate/index.js';
import type { Corpus } from './corpus.js';
import { detectHost, liveHost, partitionedHost, type Finals } from './hosts.js';
import { natsHost, NATS_PARTITIONS } from './nats-host.js';
import { divergences, type Divergence } from './compare.js';
import { withHeartbeats } from './align.js';

export interface HostRun {
  /** a real nats-server for the NATS hosts (undefined: in-process hosts only) */
  natsUrl?: string;
  /** the worker logs of the NATS runs, for failure messages */
  natsLog: string[];
}

export type Kind = 'equal' | 'sweep' | 'encrypt-only' | 'born-key' | 'unexplained';
export interface Verdict { kind: Kind; raw: Divergence[]; aligned?: Divergence[]; alerts: number }

/** every host against detect; the random choices (batch sizes, releases, interleavings) follow the seed */
export async function runHosts(c: Corpus, variant: string, o: HostRun): Promise<{ alerts: number; ds: Divergence[] }> {
  const r = new Rng('differential-hosts', c.seed, variant);
  const want = await detectHost(c);
  const batch = () => r.pick([50, 200, 2000]) + r.int(0, 49);
  const got: [string, Finals][] = [
    ['server LiveEngine', liveHost(c, mkdtempSync(join(c.file, '..', `live-${variant}-`)), r)],
    ['partitions in process, 1 worker', partitionedHost(c, NATS_PARTITIONS, 1, batch(), r)],
    ['partitions in process, 3 workers', partitionedHost(c, NATS_PARTITIONS, 3, batch(), r)],
  ];
  if (o.natsUrl) {
    got.push(['NATS, 1 worker', await natsHost(o.natsUrl, c, 1, batch(), o.natsLog)]);
    got.push(['NATS, 3 workers', await natsHost(o.natsUrl, c, 3, batch(), o.natsLog)]);
  }
  return { alerts: want.size, ds: got.flatMap(([host, f]) => divergences(host, want, f)) };
}

function variantOf(c: Corpus, name: string, lines: string[]): Corpus {
  const file = join(c.file, '..', `${name}.ndjson`);
  writeFileSync(file, lines.join('\n') + '\n');
  return { ...c, lines, file };
}

const BORN = /"type":"crypto\.key"/;
const bornKey = (line: string): boolean => {
  if (!BORN.test(line)) return false;
  const e = JSON.parse(line) as { origin?: string; hw_backed?: boolean };
  return e.hw_backed === true || e.origin === 'generated' || e.origin === 'keystore' || e.origin === 'remote';
};

/** a send of an unrelated app just before each device's first event (1 ms earlier, so never late):
 *  every device has network telemetry, so no encrypt waits for a sweep to be judged */
export function withNetworkSeen(lines: string[]): string[] {
  const seen = new Set<string>();
  return lines.flatMap((l) => {
    const e = JSON.parse(l) as { ts: number; device: string };
    if (seen.has(e.device)) return [l];
    seen.add(e.device);
    const send = { ts: e.ts - 1, device: e.device, app: 'zz.differential.net', type: 'net.send', bytes_out: 1, dst_host: 'net.invalid', dst_port: 443, proto: 'https', tls: true, src: 'test', id: `net-${e.device}` };
    return [JSON.stringify(send), l];
  });
}

export async function judge(c: Corpus, o: HostRun): Promise<Verdict> {
  const raw = await runHosts(c, 'raw', o);
  if (raw.ds.length === 0) return { kind: 'equal', raw: [], alerts: raw.alerts };
  const alignedLines = withHeartbeats(c.lines, c.lateness, NATS_PARTITIONS);
  const aligned = await runHosts(variantOf(c, 'aligned', alignedLines), 'aligned', o);
  if (aligned.ds.length === 0) return { kind: 'sweep', raw: raw.ds, alerts: raw.alerts };
  // the server's engine sees every event as detect does: once sweeps agree, nothing is left to explain
  if (aligned.ds.every((d) => !d.host.startsWith('server'))) {
    const seen = await runHosts(variantOf(c, 'net-seen', withNetworkSeen(alignedLines)), 'net-seen', o);
    if (seen.ds.length === 0) return { kind: 'encrypt-only', raw: raw.ds, aligned: aligned.ds, alerts: raw.alerts };
    const unborn = await runHosts(variantOf(c, 'unborn', alignedLines.filter((l) => !bornKey(l))), 'unborn', o);
    if (unborn.ds.length === 0) return { kind: 'born-key', raw: raw.ds, aligned: aligned.ds, alerts: raw.alerts };
  }
  return { kind: 'unexplained', raw: raw.ds, aligned: aligned.ds, alerts: raw.alerts };
}
