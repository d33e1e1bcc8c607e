// Property-based fuzzing of the input doors (issue "Reliability and security", item 4):
// the CLI reader (runDetect), the HTTP ingest (POST /v1/events and parseBatch), and each
// adapter's sniff/convert. Budgets are small in CI; `npm run fuzz` (FUZZ_RUNS=2000) goes further.
// A failure prints fast-check's seed and path: replay with FUZZ_SEED=<seed> [FUZZ_PATH=<path>] and -t <test
// name> (the seed applies to every property).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { runDetect } from '../src/app/detect.js';
import { parseBatch } from '../src/server/ingest.js';
import { ADAPTERS } from '../src/adapters/registry.js';
import { DEFAULT_POLICY, type Alert } from '../src/model/index.js';
import { tmp } from './helpers.js';
import { api, scenarioText, startFixture, type Fixture } from './server-helpers.js';
import { adapterShaped, anyLine, hostileLine, leakyLine, params, runs, validEvent } from './fuzz/arbitraries.js';

const dir = tmp('ct-fuzz-');
let fileNo = 0;
let base: string[] = [];
let baseAlerts: string[] = [];

beforeAll(async () => {
  base = (await scenarioText('anubis-rc4-b64')).split('\n').filter((l) => l.trim());
  baseAlerts = (await detect(base)).alerts;
  expect(baseAlerts.length).toBeGreaterThan(0);
});

async function detect(lines: string[], eol = '\n') {
  const file = join(dir, `in-${fileNo++}.ndjson`);
  writeFileSync(file, lines.join(eol) + eol);
  const alerts: string[] = [];
  const log: string[] = [];
  const result = await runDetect({
    files: [file], policy: DEFAULT_POLICY, lateness: 30_000, rejectReportLimit: 1e9,
    log: (l) => log.push(l),
    sink: { write: (a: Alert) => alerts.push(JSON.stringify(a)), close: async () => {} },
  });
  return { file, alerts, result, log };
}

/** base lines in order with `bad` lines inserted at the given positions; returns the 1-based line numbers of the bad ones */
function interleave(good: string[], bad: Array<[number, string]>): { lines: string[]; badAt: number[] } {
  const lines = [...good];
  const tagged: Array<{ t: string; bad: boolean }> = good.map((t) => ({ t, bad: false }));
  for (const [pos, t] of bad) tagged.splice(pos % (tagged.length + 1), 0, { t, bad: true });
  lines.length = 0;
  const badAt: number[] = [];
  tagged.forEach((x, i) => { lines.push(x.t); if (x.bad) badAt.push(i + 1); });
  return { lines, badAt };
}

/** line numbers named by the reader's diagnostics (`file:LINE: code ...`) */
function namedLines(log: string[], file: string): number[] {
  return log.flatMap((l) => {
    const m = l.startsWith(file + ':') ? /^:(\d+): /.exec(l.slice(file.length)) : null;
    return m ? [Number(m[1])] : [];
  });
}

describe('fuzz: CLI reader (runDetect)', () => {
  test('hostile lines mixed into a scenario: each is rejected and named by line; the alerts are those of the scenario alone', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(), hostileLine), { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'),
      async (bad, eol) => {
        const { lines, badAt } = interleave(base, bad);
        const r = await detect(lines, eol);
        expect(r.result.ingest.rejected).toBe(bad.length);
        expect(r.result.ingest.accepted).toBe(base.length);
        expect(namedLines(r.log, r.file)).toEqual(badAt);
        expect(r.alerts).toEqual(baseAlerts);
      }), params(runs(100, 0.1)));
  });

  test('any lines (valid, mutated, hostile, blank): no throw, counters add up, every rejection names a line in range', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.oneof(anyLine.map((t) => ({ t, bad: false })), hostileLine.map((t) => ({ t, bad: true }))), { maxLength: 40 }),
      async (xs) => {
        const r = await detect(xs.map((x) => x.t));
        expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
        const c = r.result.ingest;
        expect(c.accepted + c.rejected + c.blank).toBe(c.lines);
        const named = namedLines(r.log, r.file);
        expect(named).toHaveLength(c.rejected);
        for (const n of named) expect(n >= 1 && n <= xs.length).toBe(true);
        // every surely-bad line is among the rejected ones
        const rejected = new Set(named);
        xs.forEach((x, i) => { if (x.bad) expect(rejected.has(i + 1), `line ${i + 1} ${x.t.slice(0, 80)}`).toBe(true); });
      }), params(runs(200, 0.2)));
  });
});

const SECRET = 'S3CR3T-9f8e7d6c5b4a';

describe('fuzz: forbidden fields never leak', () => {
  test('CLI reader: a line with a forbidden field (any spelling, valid JSON or not) is rejected and its value is not in any diagnostic', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(), leakyLine(SECRET)), { minLength: 1, maxLength: 5 }), async (bad) => {
      const { lines, badAt } = interleave(base.slice(0, 10), bad);
      const r = await detect(lines);
      expect(namedLines(r.log, r.file)).toEqual(badAt);
      const leaked = r.log.filter((l) => l.includes(SECRET.slice(0, 8)));
      expect(leaked, leaked.join('\n')).toEqual([]);
    }), params(runs(100, 0.2)));
  });

  test('parseBatch: same rule for the HTTP ingest errors', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), leakyLine(SECRET)), { minLength: 1, maxLength: 5 }), (bad) => {
      const { lines, badAt } = interleave(base.slice(0, 10), bad);
      const b = parseBatch(lines.join('\n'));
      expect(b.errors.map((e) => e.line)).toEqual(badAt);
      const text = JSON.stringify(b.errors);
      expect(text.includes(SECRET.slice(0, 8)), text).toBe(false);
    }), params(runs(300, 0.5)));
  });

  // Regression found by this harness: notJson() (src/normalize/parse-line.ts) recognised a forbidden
  // name only when spelled plainly, and V8's parse message quotes the line, secret included.
  test('"k\\u0065y" with an unquoted value does not leak it into the not_json message', () => {
    const b = parseBatch(`{"k\\u0065y":${SECRET}}`);
    expect(b.errors[0].message).not.toContain(SECRET.slice(0, 8));
  });
});

describe('fuzz: HTTP ingest', () => {
  test('parseBatch: no throw; lines = events + rejected; hostile lines reported with their number, valid ones kept', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(
        validEvent.map((e) => ({ t: JSON.stringify(e), kind: 'valid' as const })),
        hostileLine.map((t) => ({ t, kind: 'bad' as const })),
        anyLine.map((t) => ({ t, kind: 'any' as const })),
      ), { maxLength: 40 }),
      (xs) => {
        const b = parseBatch(xs.map((x) => x.t).join('\n'));
        expect(b.events.length + b.rejected).toBe(b.lines);
        expect(b.errors).toHaveLength(b.rejected);
        const errLines = new Set(b.errors.map((e) => e.line));
        xs.forEach((x, i) => {
          if (x.kind === 'bad') expect(errLines.has(i + 1), `line ${i + 1} ${x.t.slice(0, 80)}`).toBe(true);
          if (x.kind === 'valid') expect(errLines.has(i + 1), `line ${i + 1} ${x.t.slice(0, 200)}`).toBe(false);
        });
        for (const e of b.events) expect(typeof e.event.id).toBe('string');
      }), params(runs(1000)));
  });

  describe('POST /v1/events on a real server', () => {
    let f: Fixture;
    beforeAll(async () => { f = await startFixture(); });
    afterAll(() => f?.close());
    let batchNo = 0;

    test('never a 5xx; every bad line reported by number; every valid line stored', async () => {
      const ing = () => api(f.url, f.tokens.ingest);
      await fc.assert(fc.asyncProperty(
        fc.array(validEvent, { maxLength: 15 }),
        fc.array(fc.tuple(fc.nat(), hostileLine), { maxLength: 15 }),
        fc.constantFrom('\n', '\r\n'), fc.boolean(),
        async (good, bad, eol, gz) => {
          const run = batchNo++;
          const goodLines = good.map((e, i) => JSON.stringify({ ...e, id: `fz-${run}-${i}` }));
          const { lines, badAt } = interleave(goodLines, bad);
          const text = lines.join(eol) + eol;
          const r = await ing().post('/v1/events', gz ? gzipSync(text) : text,
            { 'content-type': 'application/x-ndjson', ...(gz ? { 'content-encoding': 'gzip' } : {}) });
          // a body with lines of which none is valid is refused whole (422), anything else stored
          expect(r.status, r.text.slice(0, 300)).toBe(good.length === 0 && bad.length > 0 ? 422 : 200);
          expect(r.json.rejected ?? 0).toBe(bad.length);
          expect(r.json.errors.map((e: { line: number }) => e.line)).toEqual(badAt);
          expect(r.json.accepted).toBe(good.length);
          const db = new Database(f.db, { readonly: true });
          const n = (db.prepare('SELECT COUNT(*) AS n FROM events WHERE id LIKE ?').get(`fz-${run}-%`) as { n: number }).n;
          db.close();
          expect(n).toBe(good.length);
        }), params(runs(100, 0.1)));
    });

    test('any body (text or raw bytes, any headers of a sensor): never a 5xx', async () => {
      await fc.assert(fc.asyncProperty(
        fc.oneof(
          fc.array(anyLine, { maxLength: 20 }).map((xs) => xs.join('\n')),
          fc.string({ unit: 'binary', maxLength: 2000 }),
          fc.uint8Array({ maxLength: 4000 }),
        ),
        fc.constantFrom(undefined, 'gzip', 'identity', 'br'),
        async (body, enc) => {
          const r = await api(f.url, f.tokens.ingest).post('/v1/events', body, enc ? { 'content-encoding': enc } : {});
          expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
        }), params(runs(200, 0.1)));
    });
  });
});

describe('fuzz: adapters (sniff + convert)', () => {
  const fixtures: Record<string, string[]> = {
    ocsf: ['src/adapters/ocsf/fixtures/valid-network.ocsf.ndjson'],
    droidmon: ['src/adapters/droidmon/fixtures/valid-crypto.log', 'src/adapters/droidmon/fixtures/invalid-mixed.log'],
    mobsf: ['src/adapters/mobsf/fixtures/valid-api-monitor.txt', 'src/adapters/mobsf/fixtures/valid-logcat.txt'],
    amapi: ['src/adapters/amapi/fixtures/usage-logs.ndjson', 'src/adapters/amapi/fixtures/batch-decoded.json'],
    'dpc-logs': ['src/adapters/dpc-logs/fixtures/export.ndjson'],
  };
  const seeds = Object.values(fixtures).flat().filter((p) => existsSync(p)).map((p) => readFileSync(p));

  /** random bytes, random JSON (one document or NDJSON), and byte-mutated fixtures */
  const input: fc.Arbitrary<Buffer> = fc.oneof(
    fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
    fc.jsonValue({ maxDepth: 6 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
    fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 10 }).map((vs) => Buffer.from(vs.map((v) => JSON.stringify(v)).join('\n'))),
    fc.array(anyLine, { maxLength: 10 }).map((ls) => Buffer.from(ls.join('\n'))),
    ...(seeds.length ? [fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat())
      .map(([s, flips, cut]) => {
        const b = Buffer.from(s);
        for (const [i, v] of flips) if (b.length) b[i % b.length] = v;
        return b.subarray(0, b.length ? (cut % 3 === 0 ? cut % b.length : b.length) : 0);
      })] : []),
  );

  // Regressions found by this harness: convert threw instead of returning issues.
  test('regression: droidmon (shared crypto-calls outputOf): a numeric doFinal result past the typed-array limit does not throw', async () => {
    const file = join(dir, 'known-droidmon.log');
    writeFileSync(file, 'I/Droidmon-apimonitor-com.x( 1): {"timestamp":1,"class":"javax.crypto.Cipher","method":"doFinal","result":4374066226605570}\n');
    await ADAPTERS.find((a) => a.name === 'droidmon')!.convert(file, { file });
  });

  test('regression: pcap: a pcapng Interface Description Block shorter than 20 bytes is an issue, not a throw', async () => {
    const file = join(dir, 'known-short-idb.pcapng');
    writeFileSync(file, Buffer.from([10, 13, 13, 10, 28, 0, 0, 0, 77, 60, 43, 26, 1, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 28, 0, 0, 0, 1, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0]));
    await ADAPTERS.find((a) => a.name === 'pcap')!.convert(file, { file });
  });

  for (const a of ADAPTERS) {
    test(`${a.name}: sniff and convert never throw on random input; issues are data`, async () => {
      const shaped = adapterShaped[a.name];
      const mine = shaped ? fc.oneof({ arbitrary: shaped, weight: 2 }, { arbitrary: input, weight: 1 }) : input;
      await fc.assert(fc.asyncProperty(mine, fc.constantFrom('in.json', 'in.ndjson', 'in.log', 'in.txt', 'in.pcap', 'in.csv'), async (bytes, name) => {
        const file = join(dir, `a-${fileNo++}-${name}`);
        writeFileSync(file, bytes);
        expect(typeof a.sniff(bytes.subarray(0, 65536), file)).toBe('boolean');
        const out = await a.convert(file, { file });
        expect(Array.isArray(out.events)).toBe(true);
        expect(Array.isArray(out.issues)).toBe(true);
        for (const i of out.issues) expect(typeof i.message).toBe('string');
      }), params(runs(300, 0.25)));
    });
  }
});
