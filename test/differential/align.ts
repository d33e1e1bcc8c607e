// The engine sweeps (evicts idle contexts and key records, evaluates encrypt-only contexts,
// finalizes held chains) at the first event 60 s of event time after its previous sweep, so an
// engine that sees other events (a partition, an engine with clock events) sweeps at other
// moments. Heartbeats every 60 s on a device of each partition, sorted before every other event
// of their millisecond (device "!…"), make every host sweep at exactly the same event times:
// a divergence that goes away with them is one whose cause is the moment of the sweep.
import { partitionOf } from '../../src/nats/partitioner.js';

/** the engine's sweep period (engine.ts SWEEP_EVERY) */
export const SWEEP_EVERY = 60_000;

function heartbeatDevices(partitions: number): string[] {
  const out = new Map<number, string>();
  for (let i = 0; out.size < partitions; i++) { const d = `!sweep-${i}`; const p = partitionOf(d, partitions); if (!out.has(p)) out.set(p, d); }
  return [...out.values()];
}

/** the corpus with heartbeats from before its first event to `lateness` + 60 s past its last,
 *  each placed in arrival order before the first event at or after its time (never late) */
export function withHeartbeats(lines: string[], lateness: number, partitions: number): string[] {
  const ts = lines.map((l) => (JSON.parse(l) as { ts: number }).ts);
  const first = Math.min(...ts) - 1, last = Math.max(...ts) + lateness + SWEEP_EVERY;
  const devices = heartbeatDevices(partitions);
  const beats = (t: number) => devices.map((device, k) => JSON.stringify({ ts: t, device, type: 'device.state', src: 'test', id: `sweep-${k}-${t}` }));
  const out: string[] = [];
  let t = first;
  lines.forEach((l, i) => {
    while (t <= ts[i]) { out.push(...beats(t)); t += SWEEP_EVERY; }
    out.push(l);
  });
  for (; t <= last; t += SWEEP_EVERY) out.push(...beats(t));
  return out;
}
