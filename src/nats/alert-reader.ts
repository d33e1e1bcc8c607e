// Reads the alerts stream: every version in stream order (follow), or the latest version of each
// alert as it stands now, ordered by (first_ts, id) so the same alerts print the same way.
import { DeliverPolicy } from '@nats-io/jetstream';
import { STREAMS, type Bus } from './connection.js';

export async function latestAlerts(bus: Bus): Promise<string[]> {
  const last = (await bus.jsm.streams.info(STREAMS.alerts.name)).state.last_seq;
  const latest = new Map<string, { rev: number; first: number; line: string }>();
  if (last > 0) {
    const c = await bus.js.consumers.get(STREAMS.alerts.name, { deliver_policy: DeliverPolicy.All });
    const it = await c.consume({ max_messages: 1024 });
    for await (const m of it) {
      const line = m.string();
      const a = JSON.parse(line) as { id: string; rev: number; first_ts: number };
      const prev = latest.get(a.id);
      if (!prev || a.rev > prev.rev) latest.set(a.id, { rev: a.rev, first: a.first_ts, line });
      if (m.seq >= last) break;
    }
    it.stop();
  }
  return [...latest.entries()].sort((x, y) => x[1].first - y[1].first || (x[0] < y[0] ? -1 : 1)).map(([, v]) => v.line);
}

/** every stored version, then each new one as it comes, until `stop` resolves: how many */
export async function followAlerts(bus: Bus, onLine: (line: string) => void, stop: Promise<void>): Promise<number> {
  const c = await bus.js.consumers.get(STREAMS.alerts.name, { deliver_policy: DeliverPolicy.All });
  const it = await c.consume({ max_messages: 1024 });
  void stop.then(() => it.stop());
  let n = 0;
  for await (const m of it) { onLine(m.string()); n++; }
  return n;
}

/** every stored version once (for audits: a duplicate here would be a duplicate alert) */
export async function allVersions(bus: Bus): Promise<string[]> {
  const last = (await bus.jsm.streams.info(STREAMS.alerts.name)).state.last_seq;
  const out: string[] = [];
  if (last === 0) return out;
  const c = await bus.js.consumers.get(STREAMS.alerts.name, { deliver_policy: DeliverPolicy.All });
  const it = await c.consume({ max_messages: 1024 });
  for await (const m of it) { out.push(m.string()); if (m.seq >= last) break; }
  it.stop();
  return out;
}
