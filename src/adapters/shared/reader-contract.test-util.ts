// Shared contract suite for readers of foreign formats (every Adapter: CuckooDroid, droidmon,
// DroidBox, MobSF, pcap, OCSF...). From the adapter's test file:
//
//   import { runReaderContract } from '../shared/reader-contract.test-util.js';
//   runReaderContract(myAdapter, { valid: '/abs/path/valid-input' });
//
// It registers one `describe` block that checks:
//   - sniff(): claims the first 64 KiB of the valid file, not garbage bytes nor an empty head
//   - the valid file converts with >= 1 event (`minEvents`) and every event passes normalizeEvent
//     (telemetry contract v1), has a string `src` and a unique `id`, and the events are in ts order
//   - truncated input (the valid file cut in the middle of a line) -> issues, never a throw
//   - garbage bytes -> issues or no events, never a throw
//   - an empty file -> no events and an issue or a note, never a throw
//   - a 10 MB line (followed by the valid content) -> no throw, every event still valid
// `valid` may be undefined (data not on this machine): the suite is then skipped with a message.
// Options `device`/`app` are passed to convert() like `--device`/`--app`.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Adapter, AdapterOptions, AdapterOutput } from '../adapter.js';
import { normalizeEvent } from '../../normalize/normalize-event.js';

export interface ReaderContractOptions {
  /** absolute path of a valid input file; undefined skips the suite */
  valid: string | undefined;
  /** fewest events the valid file must give (default 1) */
  minEvents?: number;
  device?: string;
  app?: string;
}

const HUGE_LINE_BYTES = 10 * 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;

/** every event is a valid telemetry v1 event; returns the failures as readable strings */
export function invalidEvents(events: Record<string, unknown>[]): string[] {
  const bad: string[] = [];
  events.forEach((ev, i) => {
    const r = normalizeEvent(structuredClone(ev), { file: 'adapter-output', line: i + 1 });
    if (!r.ok) bad.push(`event ${i + 1} (${String(ev.type)}): ${r.issue.code} [${r.issue.field ?? ''}] ${r.issue.message}`);
  });
  return bad;
}

function expectShape(out: AdapterOutput): void {
  expect(Array.isArray(out.events)).toBe(true);
  expect(Array.isArray(out.issues)).toBe(true);
  expect(Array.isArray(out.cannotShow)).toBe(true);
  expect(Array.isArray(out.notes)).toBe(true);
  expect(invalidEvents(out.events)).toEqual([]);
}

/** a cut in the middle of the line that holds the middle byte, so the last record is broken */
function cutInMiddle(buf: Buffer): Buffer {
  const half = Math.floor(buf.length / 2);
  let start = buf.lastIndexOf(0x0a, half - 1) + 1;
  let end = buf.indexOf(0x0a, half);
  if (end < 0) end = buf.length;
  if (end - start < 2) { start = 0; end = buf.length; }
  return buf.subarray(0, start + Math.max(1, Math.floor((end - start) / 2)));
}

export function runReaderContract(adapter: Adapter, o: ReaderContractOptions): void {
  const title = `reader contract: ${adapter.name}${o.valid ? ` (${basename(o.valid)})` : ''}`;
  if (!o.valid) {
    describe.skip(`${title}: valid input not on this machine`, () => { it('skipped', () => {}); });
    return;
  }
  const valid = o.valid;
  describe(title, () => {
    let dir = '';
    let validBuf: Buffer;
    const opts = (file: string): AdapterOptions => ({ file, ...(o.device ? { device: o.device } : {}), ...(o.app ? { app: o.app } : {}) });
    const convertBytes = async (name: string, bytes: Buffer | string): Promise<AdapterOutput> => {
      const p = join(dir, name);
      await writeFile(p, bytes);
      return adapter.convert(p, opts(p));
    };
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), `reader-contract-${adapter.name}-`));
      validBuf = await readFile(valid);
    });
    afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

    it('sniff claims the valid file and not garbage or an empty head', () => {
      expect(adapter.sniff(validBuf.subarray(0, SNIFF_BYTES), valid)).toBe(true);
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
      expect(adapter.sniff(garbage, 'garbage.bin')).toBe(false);
      expect(adapter.sniff(Buffer.alloc(0), 'empty')).toBe(false);
    });

    it('converts the valid file into valid telemetry v1 events', async () => {
      const out = await adapter.convert(valid, opts(valid));
      expectShape(out);
      expect(out.events.length).toBeGreaterThanOrEqual(o.minEvents ?? 1);
      const ids = out.events.map((e) => e.id);
      for (const e of out.events) expect(typeof e.src).toBe('string');
      if (ids.every((id) => id !== undefined)) expect(new Set(ids).size).toBe(ids.length);
      const ts = out.events.map((e) => e.ts as number);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    });

    it('reports truncated input as issues, without throwing', async () => {
      const out = await convertBytes('truncated', cutInMiddle(validBuf));
      expectShape(out);
      expect(out.issues.length).toBeGreaterThan(0);
    });

    it('turns garbage bytes into issues or nothing, without throwing', async () => {
      const garbage = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256));
      const out = await convertBytes('garbage.bin', garbage);
      expectShape(out);
      expect(out.events.length === 0 || out.issues.length > 0).toBe(true);
    });

    it('gives an empty file no events and an issue or a note', async () => {
      const out = await convertBytes('empty', '');
      expectShape(out);
      expect(out.events).toEqual([]);
      expect(out.issues.length + out.notes.length).toBeGreaterThan(0);
    });

    it('survives a 10 MB line', async () => {
      const huge = Buffer.concat([Buffer.from('{"x":"'), Buffer.alloc(HUGE_LINE_BYTES, 0x41), Buffer.from('"}\n'), validBuf]);
      const out = await convertBytes('huge-line', huge);
      expectShape(out);
    });
  });
}
