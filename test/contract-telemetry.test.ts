// The reader and schemas/telemetry-v1.schema.json state one contract: every line the reader
// accepts (scenario library, a fleet, what the adapters write, random lines) conforms to the
// schema, and a line the reader rejects for a reason a schema can state is rejected by it too.
import { describe, expect, it, beforeAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { acceptLine } from '../src/normalize/accept-line.js';
import { writeScenarios, writeFleet } from '../src/simulate/index.js';
import { ct, ROOT, tmp } from './helpers.js';
import { anyLine, params } from './fuzz/arbitraries.js';
import { schemaErrors } from './schema-helpers.js';

/** rejections that need more than a schema can say: nesting depth (a reader bound, not a shape),
 *  a calendar-impossible RFC 3339 date (2026-02-30), a line past the length limit, not JSON */
const READER_ONLY = new Set(['too_deep', 'line_too_long', 'not_json']);

interface Verdict { line: string; accepted: boolean; code?: string; field?: string }

function readerVerdict(text: string, file = 'x.ndjson', n = 1): Verdict | undefined {
  const r = acceptLine(text, file, n);
  if (r === undefined) return undefined;
  if ('event' in r) return { line: text, accepted: true };
  return { line: text, accepted: false, code: r.code, field: r.field };
}

/** lines of `file` the reader accepts whose raw JSON the schema refuses (with why) */
function acceptedButInvalid(file: string): string[] {
  const out: string[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    const v = readerVerdict(text, file, i + 1);
    if (!v?.accepted) return;
    const errs = schemaErrors('telemetry', JSON.parse(text));
    if (errs.length) out.push(`${file}:${i + 1}: ${errs.join('; ')}`);
  });
  return out;
}

const count = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length;

let dir: string;
beforeAll(async () => {
  dir = tmp('ct-contract-tel-');
  await writeScenarios(join(dir, 'sc'), { scenario: 'all', seed: 1 });
  await writeFleet(join(dir, 'fleet.ndjson'), { devices: 20, hours: 1, seed: 3 });
}, 120_000);

describe('telemetry v1: reader and schema agree', () => {
  it('every line of the scenario library and of a simulated fleet conforms to the schema', () => {
    const files = readdirSync(join(dir, 'sc')).filter((f) => f.endsWith('.ndjson')).map((f) => join(dir, 'sc', f));
    files.push(join(dir, 'fleet.ndjson'));
    let lines = 0;
    for (const f of files) {
      expect(acceptedButInvalid(f)).toEqual([]);
      lines += count(f);
    }
    expect(lines).toBeGreaterThan(4000);
  });

  it('what the adapters write (convert) and the Frida host side expect conforms too', () => {
    const out = tmp('ct-contract-conv-');
    const inputs = [
      ['droidmon', 'src/adapters/droidmon/fixtures/valid-crypto.log'],
      ['mobsf', 'src/adapters/mobsf/fixtures/valid-api-monitor.txt'],
      ['mobsf', 'src/adapters/mobsf/fixtures/valid-logcat.txt'],
      ['ocsf', 'src/adapters/ocsf/fixtures/valid-network.ocsf.ndjson'],
    ];
    for (const [fmt, rel] of inputs) {
      const file = join(out, `${fmt}-${rel.split('/').pop()}.ndjson`);
      const r = ct(['convert', '--from', fmt, join(ROOT, rel), '--app', 'com.example.app', '--out', file]);
      expect(r.status, r.stderr).toBe(0);
      expect(count(file), rel).toBeGreaterThan(0);
      expect(acceptedButInvalid(file)).toEqual([]);
    }
    expect(acceptedButInvalid(join(ROOT, 'src/collect/fixtures/frida-session.expected.ndjson'))).toEqual([]);
  });

  it('random lines (valid, mutated, hostile): accepted ⇒ conforms; rejected for a shape reason ⇒ the schema rejects too', () => {
    const seen = { accepted: 0, rejected: 0 };
    fc.assert(fc.property(anyLine, (text) => {
      const v = readerVerdict(text);
      if (!v) return true; // blank
      if (v.accepted) {
        seen.accepted++;
        expect(schemaErrors('telemetry', JSON.parse(text)), text.slice(0, 300)).toEqual([]);
        return true;
      }
      if (READER_ONLY.has(v.code!)) return true;
      const value = JSON.parse(text);
      // an impossible calendar date matches the schema's RFC 3339 pattern: the reader's own rule
      if (v.field === 'ts' && typeof value.ts === 'string') return true;
      seen.rejected++;
      expect(schemaErrors('telemetry', value), `${v.code} [${v.field}] ${text.slice(0, 300)}`).not.toEqual([]);
      return true;
    }), { ...params(1500), seed: Number(process.env.FUZZ_SEED ?? 20) });
    // both sides of the property were exercised
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.rejected).toBeGreaterThan(100);
  });

  it('v1.x fields: fp_scheme and the decoded-payload features are typed; net.send may leave bytes_out out', () => {
    const base = { ts: '2026-01-05T08:00:00.100+01:00', device: 'd-01', app: 'com.flash.tools' };
    const ok = [
      { ...base, type: 'crypto.key', key_fp: '3f9a0c1d2e4b5a69788796a5b4c3d2e1', alg: 'AES', fp_scheme: 'hmac-sha256-16' },
      { ...base, type: 'net.send', dst_host: 'upd.example.net', bytes_out: 10, payload: { format: 'form', hex_fields: 1, enc_entropy: 7.9, enc_bytes: 512 } },
      { ...base, type: 'net.send', dst_ip: '185.22.1.9' },
      { ts: 1, device: 'd-01', type: 'user.interaction', v: 1 },
    ];
    for (const e of ok) expect(schemaErrors('telemetry', e), JSON.stringify(e)).toEqual([]);
    const bad = [
      { ...base, type: 'crypto.key', key_fp: 'ab', alg: 'AES', fp_scheme: 7 },
      { ...base, type: 'net.send', dst_host: 'x', payload: { enc_entropy: 9 } },
      { ...base, type: 'net.send', dst_host: 'x', payload: { hex_fields: -1 } },
      { ...base, type: 'net.send', bytes_out: 1 },
      { ...base, type: 'crypto.op', alg: 'AES', dir: 'encrypt', extra: { Raw_Key_Bytes: 'aa' } },
      { ...base, type: 'app.state', state: 'service', v: 2 },
    ];
    for (const e of bad) expect(schemaErrors('telemetry', e), JSON.stringify(e)).not.toEqual([]);
  });
});
