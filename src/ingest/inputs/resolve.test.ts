// Adapter output passes the same door as NDJSON (forbidden fields, hostile depth, impossible ts),
// and what a forbidden field held is never written, not even to the temporary file.
import { describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Accepted } from '../../model/event.js';
import { createIngestCounters, readEvents, type Rejected } from '../read-events.js';
import { resolveInputs } from './resolve.js';

const env = { ts: 1732430000000, device: 'd-01', app: 'com.flash.tools', src: 'fake' };

// an adapter that passes a sensor's raw fields through: the door must stop them
vi.mock('../../adapters/registry.js', () => {
  const fake = {
    name: 'fake', description: 'Fake sandbox report: test', sniff: (head: Buffer) => head.toString().startsWith('FAKE'),
    convert: async () => ({
      events: [
        { ...env, type: 'crypto.key', key_fp: 'ab', alg: 'AES', raw_key_b64: 'S0VZLUJZVEVT' },
        { ...env, type: 'net.send', dst_host: 'h', bytes_out: 1, payload: { format: 'json', sample: 'PLAINTEXT-SMS' } },
        { ...env, type: 'app.state', state: 'service', deep: JSON.parse('['.repeat(5000) + ']'.repeat(5000)) },
        { ...env, ts: 1e16, type: 'app.state', state: 'service' },
        { ...env, type: 'app.state', state: 'foreground' },
      ],
      issues: [], notes: ['a note'],
    }),
  };
  return { ADAPTERS: [fake], adapterNamed: (n: string) => (n === 'fake' ? fake : undefined) };
});

describe('resolveInputs: a foreign file through its adapter', () => {
  it('rejects forbidden fields, hostile depth and an impossible ts; keeps the valid event; never writes the secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-resolve-'));
    const file = join(dir, 'run.fake');
    writeFileSync(file, 'FAKE report\n');
    const notes: string[] = [];
    const r = await resolveInputs([file], { onAdapted: (a) => notes.push(...a.notes) });
    try {
      expect(r.files).toHaveLength(1);
      expect(r.names.get(r.files[0])).toBe(`${file}#fake`);
      const written = readFileSync(r.files[0], 'utf8');
      expect(written).not.toMatch(/S0VZLUJZVEVT|PLAINTEXT-SMS/);
      const rejected: Rejected[] = [];
      const accepted: Accepted[] = [];
      const counters = createIngestCounters();
      for await (const b of readEvents(r.files, (x) => rejected.push(x), counters, { names: r.names })) accepted.push(...b);
      expect(accepted.map((a) => a.event.type)).toEqual(['app.state']);
      expect(rejected.map((x) => [x.issue.code, x.issue.field, x.issue.file])).toEqual([
        ['forbidden_field', 'raw_key_b64', `${file}#fake`], ['forbidden_field', 'payload.sample', `${file}#fake`],
        ['too_deep', 'deep' + '[0]'.repeat(63), `${file}#fake`], ['bad_value', 'ts', `${file}#fake`],
      ]);
      expect(notes).toEqual(['a note']);
    } finally { await r.cleanup(); }
  });

  it('names an unrecognised file, an empty one and a missing one, each in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-resolve-'));
    writeFileSync(join(dir, 'hello.txt'), 'hello, not telemetry\n');
    writeFileSync(join(dir, 'empty.ndjson'), '\n\n');
    await expect(resolveInputs([join(dir, 'hello.txt')])).rejects.toMatchObject({ lines: [expect.stringMatching(/hello\.txt: text that is not JSON \(line 1: "hello, not telemetry"\)/)] });
    await expect(resolveInputs([join(dir, 'empty.ndjson')])).rejects.toMatchObject({ lines: [`${join(dir, 'empty.ndjson')}: empty file`] });
    await expect(resolveInputs([join(dir, 'nope')])).rejects.toMatchObject({ lines: [`${join(dir, 'nope')}: no such file or directory`] });
  });
});
