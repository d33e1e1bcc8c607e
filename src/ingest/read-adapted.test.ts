import { describe, expect, it, vi } from 'vitest';
import type { Accepted } from '../model/event.js';
import { createIngestCounters, type Rejected } from './read-events.js';
import { readAdapted } from './read-adapted.js';

const env = { ts: 1732430000000, device: 'd-01', app: 'com.flash.tools', src: 'fake' };

// an adapter that passes a sensor's raw fields through: the door (normalizeEvent) must stop them
vi.mock('../adapters/registry.js', () => {
  const fake = {
    name: 'fake', description: 'test', sniff: () => false,
    convert: async () => ({
      events: [
        { ...env, type: 'crypto.key', key_fp: 'ab', alg: 'AES', raw_key_b64: 'S0VZLUJZVEVT' },
        { ...env, type: 'net.send', dst_host: 'h', bytes_out: 1, payload: { format: 'json', sample: 'PLAINTEXT-SMS' } },
        { ...env, type: 'app.state', state: 'service', deep: JSON.parse('['.repeat(5000) + ']'.repeat(5000)) },
        { ...env, ts: 1e16, type: 'app.state', state: 'service' },
        { ...env, type: 'app.state', state: 'foreground' },
      ],
      issues: [], notes: [],
    }),
  };
  return { ADAPTERS: [fake], adapterNamed: (n: string) => (n === 'fake' ? fake : undefined) };
});

describe('readAdapted: adapter output passes the same door', () => {
  it('rejects forbidden fields, hostile depth and an impossible ts; keeps the valid event', async () => {
    const rejected: Rejected[] = [];
    const accepted: Accepted[] = [];
    const counters = createIngestCounters();
    for await (const b of readAdapted(['x.fake'], { format: 'fake', onIssue: () => {} }, (r) => rejected.push(r), counters)) accepted.push(...b);
    expect(accepted.map((a) => a.event.type)).toEqual(['app.state']);
    expect(rejected.map((r) => [r.issue.code, r.issue.field])).toEqual([
      ['forbidden_field', 'raw_key_b64'], ['forbidden_field', 'payload.sample'], ['too_deep', 'deep' + '[0]'.repeat(63)], ['bad_value', 'ts'],
    ]);
    expect(counters).toMatchObject({ lines: 5, accepted: 1, rejected: 4 });
  });
});
