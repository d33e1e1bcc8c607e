import { describe, expect, it } from 'vitest';
import type { Accepted, TelemetryEvent } from '../model/index.js';
import { Rng } from '../simulate/prng.js';
import { BaselineAccumulator, mergeBaselines, serializeBaseline, parseBaseline, appSummary, emptyBaseline, type Baseline } from './index.js';

const wrap = (event: TelemetryEvent, i: number): Accepted => ({ event, ts: event.ts, ref: `t:${i}`, source: { file: 't', line: i } });

/** a seeded fleet: per device a time-ordered stream over a few apps; one chatty app has far more
 *  destinations and paths than the caps keep, so truncation is exercised too */
function fleet(seed: number): Map<string, TelemetryEvent[]> {
  const r = new Rng(seed, 'baseline-prop');
  const apps = ['com.a.mail', 'com.b.chat', 'com.c.dga', 'com.d.vpn'];
  const out = new Map<string, TelemetryEvent[]>();
  const devices = r.int(5, 45);
  for (let d = 0; d < devices; d++) {
    const device = `dev-${seed}-${d}`;
    const evs: TelemetryEvent[] = [];
    let ts = 1_767_600_000_000 + r.int(0, 3_600_000);
    for (let i = r.int(10, 80); i > 0; i--) {
      ts += r.int(1, 120_000);
      const app = apps[r.int(0, apps.length - 1)];
      const k = r.int(0, 7);
      if (k === 0) evs.push({ type: 'app.state', ts, device, app, state: (['foreground', 'background', 'job', 'service'] as const)[r.int(0, 3)] });
      else if (k === 1) evs.push({ type: 'data.access', ts, device, app, category: (['contacts', 'sms', 'files', 'location'] as const)[r.int(0, 3)], items: r.int(1, 50), bytes: r.int(10, 5000) });
      else if (k === 2) evs.push({ type: 'crypto.key', ts, device, app, key_fp: r.hex(32), alg: 'AES', origin: (['literal', 'keystore', 'generated'] as const)[r.int(0, 2)], hw_backed: r.chance(0.3) });
      else if (k === 3) evs.push({ type: 'crypto.op', ts, device, app, alg: r.chance(0.8) ? 'AES' : 'RC4', dir: r.chance(0.7) ? 'encrypt' : 'decrypt', in_bytes: r.int(16, 90_000) });
      else if (k === 4) evs.push({ type: 'file.write', ts, device, app, path: `/data/user/0/${app}/cache/x${r.int(0, 9)}/chunk-${r.hex(10)}.bin`, bytes: r.int(1, 9000), entropy: r.int(50, 80) / 10 });
      else if (k === 5) evs.push({ type: 'app.info', ts, device, app, signer: r.chance(0.9) ? 'aa'.repeat(32) : 'bb'.repeat(32), installer: r.chance(0.8) ? 'com.android.vending' : 'sideload' });
      else {
        const host = app === 'com.c.dga' ? `dga${r.int(0, 119)}.example` : r.chance(0.2) ? undefined : `api.${app.split('.')[1]}.example.com`;
        evs.push({ type: 'net.send', ts, device, app, bytes_out: r.int(40, 20_000), ...(host ? { dst_host: host } : { dst_ip: `198.51.100.${r.int(1, 20)}` }), dst_port: r.chance(0.9) ? 443 : 8080, tls: r.chance(0.8), payload: { format: (['json', 'binary', 'base64'] as const)[r.int(0, 2)] } });
      }
    }
    out.set(device, evs);
  }
  return out;
}

function learn(streams: TelemetryEvent[][]): Baseline {
  const acc = new BaselineAccumulator();
  let i = 0;
  for (const s of streams) for (const e of s) acc.push(wrap(e, i++));
  return acc.result();
}

const text = serializeBaseline;

describe('baseline merge', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`is associative, commutative and equals one run over all parts (seed ${seed})`, () => {
      const streams = fleet(seed);
      const r = new Rng(seed, 'split');
      const parts: TelemetryEvent[][][] = [[], [], []];
      // a device's stream stays whole (its app.state gives the context of its sends)
      for (const s of streams.values()) parts[r.int(0, 2)].push(s);
      const [a, b, c] = parts.map(learn);
      const whole = learn([...streams.values()]);
      const left = mergeBaselines(mergeBaselines(a, b), c);
      const right = mergeBaselines(a, mergeBaselines(b, c));
      expect(text(left)).toBe(text(right));
      expect(text(mergeBaselines(a, b))).toBe(text(mergeBaselines(b, a)));
      expect(text(left)).toBe(text(whole));
      expect(text(mergeBaselines(whole, emptyBaseline()))).toBe(text(whole));
    });
  }

  it('caps distinct values and says how many were dropped', () => {
    const hostsOf = (m: Map<string, TelemetryEvent[]>) => new Set([...m.values()].flat().filter((e) => e.app === 'com.c.dga' && e.type === 'net.send').map((e) => (e as { dst_host?: string; dst_ip?: string }).dst_host ?? (e as { dst_ip: string }).dst_ip));
    // the first seeded fleet whose chatty app reached more destinations than the cap
    let seed = 1;
    while (hostsOf(fleet(seed)).size <= 64) seed++;
    const streams = fleet(seed);
    const distinct = hostsOf(streams);
    const b = learn([...streams.values()]);
    const dga = b.apps['com.c.dga'];
    expect(distinct.size).toBeGreaterThan(64);
    const kept = Object.keys(dga.fields.destinations.values).sort();
    // the 64 smallest are kept; below 128 distinct values the dropped count is exact
    expect(kept).toEqual([...distinct].sort().slice(0, 64));
    expect(dga.fields.destinations.truncated).toBe(distinct.size - 64);
    expect(appSummary(dga).truncated).toContain('destinations');
    // a small field stays exact
    expect(b.apps['com.a.mail'].fields.data_categories.truncated).toBe(0);
  });

  it('round-trips through its canonical text, and names the field of a bad file', () => {
    const b = learn([...fleet(2).values()]);
    const t = text(b);
    const back = parseBaseline(t, 'b.json');
    expect(back.issues).toEqual([]);
    expect(text(back.value!)).toBe(t);
    const broken = JSON.parse(t);
    broken.apps['com.a.mail'].fields.destinations.truncated = 'x';
    broken.version = 2;
    const r = parseBaseline(JSON.stringify(broken), 'b.json');
    expect(r.value).toBeUndefined();
    expect(r.issues.map((i) => i.field)).toEqual(['version', 'apps.com.a.mail.fields.destinations.truncated']);
  });

  it('counts devices exactly for a small fleet and never stores device ids in clear', () => {
    const streams = fleet(4);
    const b = learn([...streams.values()]);
    const seen = new Set([...streams.values()].flat().filter((e) => e.app === 'com.a.mail').map((e) => e.device));
    expect(appSummary(b.apps['com.a.mail']).devices).toBe(seen.size);
    expect(text(b)).not.toContain('dev-4-');
  });
});

describe('device sketch', () => {
  it('is exact below k and estimates within 15 % above', async () => {
    const { sketchAdd, sketchCount, hashId } = await import('./sketch.js');
    const s: string[] = [];
    for (let i = 0; i < 200; i++) sketchAdd(s, hashId(`d${i}`), 256);
    expect(sketchCount(s, 256)).toBe(200);
    for (let i = 200; i < 5000; i++) sketchAdd(s, hashId(`d${i}`), 256);
    expect(s).toHaveLength(256);
    expect(Math.abs(sketchCount(s, 256) - 5000) / 5000).toBeLessThan(0.15);
  });
});
