import { describe, expect, test } from 'vitest';
import { contentId, parseBatch } from './ingest.js';
import { TokenBuckets } from './rate-limit.js';
import { SseHub } from './sse.js';

describe('ingest parsing', () => {
  test('content ids ignore key order and ts spelling', () => {
    const a = parseBatch('{"ts":1767700000000,"device":"d","app":"a","type":"app.state","state":"background"}').events[0];
    const b = parseBatch('{"state":"background","type":"app.state","app":"a","device":"d","ts":"2026-01-06T11:46:40Z"}').events[0];
    expect(a.event.id).toMatch(/^h-[0-9a-f]{32}$/);
    expect(a.event.id).toBe(b.event.id);
    expect(a.ref).toBe(a.event.id);
    expect(contentId({ x: 1, y: [1, { b: 2, a: 1 }] })).toBe(contentId({ y: [1, { a: 1, b: 2 }], x: 1 }));
  });

  test('lines are numbered from 1, blank lines skipped, an empty id gets a hash', () => {
    const r = parseBatch('\n{"ts":1,"device":"d","app":"a","type":"app.state","state":"background","id":""}\n\nnope\n');
    expect(r).toMatchObject({ lines: 2, rejected: 1 });
    expect(r.errors[0]).toMatchObject({ line: 4, code: 'not_json' });
    expect(r.events[0].event.id).toMatch(/^h-/);
  });
});

describe('token bucket', () => {
  test('admits while positive, charges the whole batch, refills at the rate', () => {
    let now = 0;
    const b = new TokenBuckets({ eventsPerSecond: 10, burst: 20 }, () => now);
    expect(b.retryAfter('t')).toBe(0);
    b.charge('t', 50);
    expect(b.retryAfter('t')).toBe(4); // level -30: (1 + 30) / 10 s
    expect(b.retryAfter('other')).toBe(0);
    now = 2950;
    expect(b.retryAfter('t')).toBe(1);
    now = 3100;
    expect(b.retryAfter('t')).toBe(0);
    now = 1e9;
    b.charge('t', 0);
    b.charge('t', 20);
    expect(b.retryAfter('t')).toBe(1);
  });
});

describe('sse format', () => {
  test('one data line, id and event name', () => {
    expect(SseHub.format('alert', { a: 'x\ny' }, 7)).toBe('id: 7\nevent: alert\ndata: {"a":"x\\ny"}\n\n');
  });

  test('a client whose token is no longer active is ended before the next write, the others get it', async () => {
    const active = new Set(['a', 'b']);
    const hub = new SseHub(60_000, (id) => active.has(id));
    const dec = new TextDecoder();
    const read = async (s: ReadableStream<Uint8Array>) => { let t = ''; for await (const c of s as unknown as AsyncIterable<Uint8Array>) t += dec.decode(c); return t; };
    const ac = new AbortController();
    const [a, b] = [hub.open([], ac.signal, 'a'), hub.open([], ac.signal, 'b')];
    hub.publish('alert', { n: 1 });
    active.delete('a');
    hub.publish('alert', { n: 2 });
    expect(hub.size).toBe(1);
    hub.close();
    expect(await read(a)).toBe('retry: 3000\n\nevent: alert\ndata: {"n":1}\n\n');
    expect(await read(b)).toMatch(/"n":1[\s\S]*"n":2/);
  });
});
