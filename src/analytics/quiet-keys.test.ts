import { describe, expect, test } from 'vitest';
import { Engine } from './engine.js';
import { DEFAULT_POLICY, type Accepted, type TelemetryEvent } from '../model/index.js';

const T0 = Date.UTC(2026, 0, 5, 8);
const app = 'com.keystore.app';
type Ev = Omit<TelemetryEvent, 'device'>;

/** a background app that encrypts with two Keystore keys, in turn, and sends after each op:
 *  under the report floor, so the context goes quiet; `extra(i, t)` adds events after op i */
function run(extra: (i: number, t: number) => Ev[] = () => []) {
  const ev: Ev[] = [
    { type: 'app.state', ts: T0, app, state: 'service' },
    { type: 'crypto.key', ts: T0 + 100, app, key_fp: 'k1', alg: 'AES', origin: 'keystore', hw_backed: true },
    { type: 'crypto.key', ts: T0 + 110, app, key_fp: 'k2', alg: 'AES', origin: 'keystore', hw_backed: true },
  ] as Ev[];
  for (let i = 0; i < 20; i++) {
    const t = T0 + 1000 + i * 10_000;
    ev.push({ type: 'crypto.op', ts: t, app, alg: 'AES', mode: 'GCM', dir: 'encrypt', key_fp: i % 2 ? 'k2' : 'k1', in_bytes: 100, out_bytes: 116 } as Ev);
    ev.push(...extra(i, t));
    ev.push({ type: 'net.send', ts: t + 500, app, dst_ip: '185.22.1.9', dst_port: 8080, proto: 'http', tls: false, bytes_out: 300 } as Ev);
  }
  const finals: unknown[] = [];
  const engine = new Engine({ policy: DEFAULT_POLICY, lateness: 30_000, onAlert: (u) => { if (u.final) finals.push(u.alert); } });
  ev.forEach((e, i) => {
    const event = { device: 'd1', ...e } as TelemetryEvent;
    engine.push({ event, ts: event.ts, ref: `r${i}`, source: { file: 't', line: i + 1 } } satisfies Accepted);
  });
  engine.end();
  return { finals, stats: engine.stats };
}

describe('quiet contexts and keys', () => {
  test('ops that alternate between keys already in the window do not wake a quiet context', () => {
    const { finals, stats } = run();
    expect(finals).toHaveLength(0);
    // the first sends are evaluated; the rest only repeat keys the bound has counted
    expect(stats.evaluations).toBeLessThanOrEqual(2);
    expect(stats.skipped).toBeGreaterThanOrEqual(18);
  });

  test('a key in use announced again with another origin wakes it, and the chain is reported', () => {
    const { finals } = run((i, t) => (i === 15 ? [{ type: 'crypto.key', ts: t + 1, app, key_fp: 'k1', alg: 'AES', origin: 'literal', hw_backed: false } as Ev] : []));
    expect(finals).toHaveLength(1);
  });

  test('an op with a key no op in the window used wakes it', () => {
    const { stats } = run((i, t) => (i === 15 ? [{ type: 'crypto.op', ts: t + 1, app, alg: 'AES', mode: 'ECB', dir: 'encrypt', key_fp: 'k3', in_bytes: 100, out_bytes: 112 } as Ev] : []));
    // an unknown key may be hard-coded: the bound rises and the sends after it (ops 15..19) are evaluated
    expect(stats.evaluations).toBeGreaterThanOrEqual(2 + 5);
  });

  test('a key announced but not used by any op in the window does not wake it', () => {
    const { finals, stats } = run((i, t) => (i === 15 ? [{ type: 'crypto.key', ts: t + 1, app, key_fp: 'k9', alg: 'AES', origin: 'literal' } as Ev] : []));
    expect(finals).toHaveLength(0);
    expect(stats.evaluations).toBeLessThanOrEqual(2);
  });
});
