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
    const f = idx.judgeable('com.a.b', 'd9')!.fields.destinations;
    expect(idx.seenElsewhere(f, 'a.com', 'd9')).toBe(true);
    expect(idx.seenElsewhere(f, 'only-d3.net', 'd3')).toBe(false);
    expect(idx.seenElsewhere(f, 'only-d3.net', 'd9')).toBe(true);
    expect(idx.seenElsewhere(f, 'evil.top', 'd9')).toBe(false);
  });

  it('background sends are the norm only when the app sent in background on another device', () => {
    expect(idx.hiddenSendsElsewhere(idx.judgeable('com.a.b', 'd9')!, 'd9')).toBe(false);
    const withBg = new BaselineIndex(learn([
      { type: 'app.state', ts: 0, device: 'd1', app: 'com.a.b', state: 'job' }, send('d1', 'api.a.com'), send('d2', 'api.a.com'), send('d3', 'api.a.com'),
    ]));
    expect(withBg.hiddenSendsElsewhere(withBg.judgeable('com.a.b', 'd9')!, 'd9')).toBe(true);
    expect(withBg.hiddenSendsElsewhere(withBg.judgeable('com.a.b', 'd1')!, 'd1')).toBe(false); // d1 itself is not "elsewhere"
    expect(withBg.devices(withBg.judgeable('com.a.b', 'd9')!)).toBe(3);
  });
});
