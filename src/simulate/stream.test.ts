import { describe, expect, it } from 'vitest';
import { Rng } from './prng.js';
import { AppStream, ArraySink, simKey } from './stream.js';
import { contractProblems } from './contract-check.js';

describe('AppStream', () => {
  const make = (deviceEvents = true) => {
    const sink = new ArraySink();
    const s = new AppStream(sink, new Rng(1), 'dev-1', 'com.example.app', 1_000_000, undefined, deviceEvents);
    return { sink, s };
  };

  it('stamps the envelope and moves its clock forward', () => {
    const { sink, s } = make();
    const k = simKey('k', 'AES', 128, 'literal', { mode: 'CBC' });
    s.appState('service').key(k);
    const out = s.encrypt(k, 100);
    s.send({ host: 'h.example', bytes: out + 10, proto: 'https', tls: true });
    expect(out).toBe(112);
    const ts = sink.events.map((e) => e.ts);
    for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1]);
    for (const e of sink.events) {
      expect(e).toMatchObject({ device: 'dev-1', app: 'com.example.app', src: 'sim' });
      expect(contractProblems(e)).toEqual([]);
    }
  });

  it('keeps a secondary process in the same app with its own pid', () => {
    const { sink, s } = make();
    s.process('com.example.app:remote').appState('service');
    expect(sink.events[0]).toMatchObject({ app: 'com.example.app', proc: 'com.example.app:remote', uid: s.uid });
    expect(sink.events[0].pid).toBeTypeOf('number');
  });

  it('emits device-scoped events without an app, and none when the fleet owns them', () => {
    const a = make();
    a.s.deviceState('off', true).deviceInteraction();
    expect(a.sink.events.map((e) => [e.type, e.app])).toEqual([['device.state', undefined], ['user.interaction', undefined]]);
    const b = make(false);
    b.s.deviceState('off', true).deviceInteraction();
    expect(b.sink.events).toEqual([]);
  });

  it('refuses a send without a destination', () => {
    expect(() => make().s.send({ bytes: 1 })).toThrow(/host or an ip/);
  });
});
