// The latency floor of bench/nats.mjs (run before the worker's latency; --no-floor skips it):
// what a worker does minus the engine. Each partition is pulled as the worker pulls it
// (pullEach, same consumer), each batch unpacked and its lines parsed, and one reply per batch
// published through the same Outbox, shaped like an alert version of the batch's last event
// (device, last_ts, Ct-Progress), so the benchmark measures it exactly as it measures alerts.
// Usage: node bench/echo-worker.mjs NATS_URL PARTITIONS
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeliverPolicy } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { openBus, Outbox, STREAMS } = await import(join(dist, 'nats/connection.js'));
const { pullEach } = await import(join(dist, 'nats/pull.js'));
const { unpackBatch, ENCODING_HEADER } = await import(join(dist, 'nats/batch.js'));
const { telSubject, ALERT_SUBJECT } = await import(join(dist, 'nats/partitioner.js'));

const [url, n] = process.argv.slice(2);
const bus = await openBus(url, 'echo-worker', Number(n));
let replies = 0;
// collections during the run, counted as the worker counts them (CT_BENCH_STATS)
const { PerformanceObserver } = await import('node:perf_hooks');
const gcs = { scavenges: 0, other: 0 };
const gcObs = new PerformanceObserver((l) => { for (const e of l.getEntries()) { if (e.detail?.kind === 1) gcs.scavenges++; else gcs.other++; } });
gcObs.observe({ entryTypes: ['gc'] });
await Promise.all(Array.from({ length: Number(n) }, async (_, p) => {
  const out = new Outbox(bus.js);
  let seq = 0;
  await pullEach({
    open: (s) => bus.js.consumers.get(STREAMS.tel.name, { filter_subjects: telSubject(p), deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: s }),
    budget: bus.pulls, maxPayload: bus.nc.info?.max_payload, processed: () => seq, behind: async () => false, stopped: () => false,
    onMsg: async (m) => {
      seq = m.seq;
      if (m.headers?.get('Ct-End') === '1') return true;
      if (m.data.length === 0) return false; // an idle tick
      const { lines } = unpackBatch(m.data, m.headers?.get(ENCODING_HEADER) || undefined);
      let last;
      for (const l of lines) last = JSON.parse(l);
      const h = headers();
      h.set('Ct-Final', '0');
      h.set('Ct-Progress', String(last.ts));
      await out.add(ALERT_SUBJECT, JSON.stringify({ device: last.device, last_ts: last.ts }), `echo-${p}-${m.seq}`, h);
      replies++;
      return false;
    },
  });
  await out.flush();
}));
gcObs.disconnect();
process.stderr.write(`echo-worker: ${replies} replies\ngc: ${gcs.scavenges} scavenge(s), ${gcs.other} other collection(s)\n`);
await bus.nc.close();
