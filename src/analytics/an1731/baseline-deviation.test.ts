import { describe, expect, it } from 'vitest';
import type { Accepted, TelemetryEvent } from '../../model/index.js';
import { BaselineAccumulator } from '../../baseline/index.js';
import { BaselineIndex } from './baseline-deviation.js';

const learn = (evs: TelemetryEvent[]) => {
  const acc = new BaselineAccumulator();
  evs.forEach((event, i) => acc.push({ event, ts: event.ts, ref: String(i), source: { file: 'x', line: i } } as Accepted));
  return acc.result();
};
const send = (device: string, host: string, ts = 1): TelemetryEvent => ({ type: 'net.send', ts, device, app: 'com.a.b', dst_host: host, bytes_out: 1 });
const fg = { state: 'foreground' as const, screenOff: false, locked: false, lastInteraction: 0 };
const bg = { ...fg, state: 'service' as const };

describe('BaselineIndex', () => {
  const b = learn([send('d1', 'api.a.com'), send('d2', 'api.a.com'), send('d3', 'cdn.a.com'), send('d3', 'only-d3.net')]);
  const idx = new BaselineIndex(b);

  it('judges an app only with at least 2 other devices in its baseline', () => {
    expect(idx.judgeable('com.a.b', 'd9')).toBeDefined();
    expect(idx.judgeable('com.a.b', 'd1')).toBeDefined(); // d2 and d3 remain
    expect(idx.judgeable('com.unknown', 'd1')).toBeUndefined();
    const small = new BaselineIndex(learn([send('d1', 'x.com'), send('d2', 'x.com')]));
    expect(small.judgeable('com.a.b', 'd1')).toBeUndefined(); // only one other device
  });

  it('a value seen only on the chain\'s own device is not the norm', () => {
    expect(idx.sendDeviates('com.a.b', 'd9', 'www.a.com', undefined, fg)).toBe(false); // registrable a.com seen elsewhere
    expect(idx.sendDeviates('com.a.b', 'd3', 'only-d3.net', undefined, fg)).toBe(true);
    expect(idx.sendDeviates('com.a.b', 'd9', 'only-d3.net', undefined, fg)).toBe(false);
    expect(idx.sendDeviates('com.a.b', 'd9', 'evil.top', undefined, fg)).toBe(true);
  });

  it('a background send deviates only when the app never sent in background elsewhere', () => {
    expect(idx.sendDeviates('com.a.b', 'd9', 'api.a.com', undefined, bg)).toBe(true);
    const withBg = new BaselineIndex(learn([
      { type: 'app.state', ts: 0, device: 'd1', app: 'com.a.b', state: 'job' }, send('d1', 'api.a.com'), send('d2', 'api.a.com'), send('d3', 'api.a.com'),
    ]));
    expect(withBg.sendDeviates('com.a.b', 'd9', 'api.a.com', undefined, bg)).toBe(false);
    expect(withBg.sendDeviates('com.a.b', 'd1', 'api.a.com', undefined, bg)).toBe(true); // d1 itself is not "elsewhere"
  });
});
