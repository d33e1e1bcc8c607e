import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { telemetryAdapter } from './index.js';
import { runReaderContract } from '../shared/reader-contract.test-util.js';
import { readAdapted } from '../../ingest/read-adapted.js';
import type { Accepted } from '../../model/index.js';

const fixture = (p: string) => fileURLToPath(new URL(p, import.meta.url));

runReaderContract(telemetryAdapter, { valid: fixture('./fixtures/sensor.ndjson'), minEvents: 3 });

describe('telemetry pass-through and joins', () => {
  it('--from auto reads usage logs, a DPC export and sensor NDJSON of one device as one timeline in time order', async () => {
    const files = [fixture('../amapi/fixtures/usage-logs.ndjson'), fixture('./fixtures/sensor.ndjson'), fixture('../dpc-logs/fixtures/export.ndjson')];
    const counters = { lines: 0, accepted: 0, rejected: 0, blank: 0 };
    const got: Accepted[] = [];
    for await (const b of readAdapted(files, { format: 'auto', onIssue: () => {} }, () => {}, counters)) got.push(...b);
    expect(counters.rejected).toBe(0);
    expect(new Set(got.map((a) => a.event.device))).toEqual(new Set(['3a8f1e2b7c9d0e4f']));
    expect(new Set(got.map((a) => a.event.src))).toEqual(new Set(['amapi', 'frida', 'dpc-logs']));
    const ts = got.map((a) => a.ts);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('claims telemetry lines only', () => {
    expect(telemetryAdapter.sniff(Buffer.from('{"ts":1,"device":"d","app":"a","type":"app.state","state":"service"}\n'), 'x')).toBe(true);
    expect(telemetryAdapter.sniff(Buffer.from('{"ts":1,"device":"d","type":"http.request"}\n'), 'x')).toBe(false);
    expect(telemetryAdapter.sniff(Buffer.from('{"log":"header","format":"dpc-logs"}\n'), 'x')).toBe(false);
  });
});
