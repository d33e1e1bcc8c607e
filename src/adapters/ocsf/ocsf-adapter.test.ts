import { runReaderContract } from '../shared/reader-contract.test-util.js';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../normalize/normalize-event.js';
import { ocsfAdapter } from './ocsf-adapter.js';

type Ev = Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'ct-ocsf-'));
let n = 0;
function file(text: string | Buffer): string {
  const p = join(dir, `f${++n}.json`);
  writeFileSync(p, text);
  return p;
}
const convert = (p: string, o: { device?: string; app?: string } = {}) => ocsfAdapter.convert(p, { file: p, ...o });

const T = 1_732_430_000_000;
const device = { uid: 'd-01', hostname: 'pixel-7', type_id: 5 };
const actor = { process: { name: 'com.flash.tools:sync', pid: 4242, user: { uid: '10123' } } };
const meta = (uid: string) => ({ version: '1.1.0', product: { name: 'mobile-edr', vendor_name: 'x' }, uid });

/** one of each mapped class, in shuffled time order, plus one unmapped class */
const RECORDS = [
  { class_uid: 4001, activity_id: 6, time: T + 4000, device, actor, metadata: meta('n1'),
    connection_info: { protocol_name: 'tcp', direction_id: 2 }, src_endpoint: { ip: '10.0.0.2', port: 40000 },
    dst_endpoint: { ip: '203.0.113.7', port: 8443 }, traffic: { bytes_out: 24690, bytes_in: 512 }, tls: { version: '1.3', sni: 'upd.example.net' } },
  { class_uid: 4003, activity_id: 2, time: T + 1000, device, actor, query: { hostname: 'c2.evil.example.', type: 'A' },
    answers: [{ rdata: '198.51.100.9', type: 'A' }] },
  { class_uid: 4003, activity_id: 1, time: T + 900, device, actor, query: { hostname: 'c2.evil.example', type: 'A' },
    dst_endpoint: { ip: '8.8.8.8', port: 53 }, traffic: { bytes_out: 40 } },
  { class_uid: 4001, activity_id: 2, time: T + 2000, device, actor, connection_info: { protocol_name: 'tcp', direction_id: 1 },
    src_endpoint: { ip: '198.51.100.9', port: 7777 }, dst_endpoint: { ip: '10.0.0.2', port: 5555 }, traffic: { bytes_out: 100, bytes_in: 3000 } },
  { class_uid: 4001, activity_id: 1, time: T + 2100, device, actor, dst_endpoint: { ip: '198.51.100.9', port: 80 } },
  { class_uid: 4001, activity_id: 5, time: T + 2200, device, actor, connection_info: { protocol_name: 'tcp' }, dst_endpoint: { ip: '198.51.100.10', port: 80 } },
  { class_uid: 4002, activity_id: 6, time: T + 3000, device, actor,
    http_request: { url: { scheme: 'http', hostname: 'Api.Example.com', path: '/v2/up?imei=351451208401216', port: 80 }, length: 900 },
    http_response: { code: 200, length: 20 }, dst_endpoint: { ip: '192.0.2.10', port: 80 } },
  { class_uid: 1001, activity_id: 1, time: T + 500, device, actor, file: { path: '/data/user/0/com.flash.tools/cache/q.bin', size: 18352 } },
  { class_uid: 1001, activity_id: 10, time: T + 400, device, actor, file: { name: 'q.bin', parent_folder: '/sdcard/', size: 18340 } },
  { class_uid: 1001, activity_id: 4, time: T + 5000, device, actor, file: { path: '/sdcard/q.bin' } },
  { class_uid: 1001, activity_id: 2, time: T + 5100, device, actor, file: { path: '/sdcard/other' } },
  { class_uid: 1007, activity_id: 2, time: T + 6000, device, actor: { process: { name: 'zygote' } }, process: { name: 'com.flash.tools', pid: 4242 } },
  { class_uid: 1007, activity_id: 1, time: T + 100, device, process: { name: 'com.flash.tools' } },
  { class_uid: 3002, class_name: 'Authentication', activity_id: 1, time: T + 50, device },
  { class_uid: 6002, activity_id: 1, time_dt: '2024-11-24T06:33:20.010Z', device: { hostname: 'pixel-7' }, app: { name: 'Flash Tools', version: '2.1' }, actor },
];

const ndjson = (recs: unknown[]) => recs.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('ocsf adapter', () => {
  it('maps network, HTTP, DNS, file, process and lifecycle classes; unmapped classes are issues', async () => {
    for (const text of [ndjson(RECORDS), JSON.stringify(RECORDS, null, 2)]) {
      const out = await convert(file(text));
      expect(out.issues).toMatchObject([{ code: 'unmapped_class', field: 'class_uid' }]);
      const ev = out.events as Ev[];
      for (const e of ev) {
        expect(e).toMatchObject({ src: 'ocsf', id: expect.stringMatching(/^ocsf-\d+$/) });
        expect(normalizeEvent(structuredClone(e), { file: 'x', line: 1 }).ok).toBe(true);
      }
      expect(ev.map((e) => [e.ts - T, e.type, e.device, e.app])).toEqual([
        [10, 'app.info', 'pixel-7', 'com.flash.tools'],
        [400, 'crypto.op', 'd-01', 'com.flash.tools'],
        [500, 'file.write', 'd-01', 'com.flash.tools'],
        [900, 'net.send', 'd-01', 'com.flash.tools'],
        [2000, 'net.send', 'd-01', 'com.flash.tools'],
        [2200, 'net.send', 'd-01', 'com.flash.tools'],
        [3000, 'net.send', 'd-01', 'com.flash.tools'],
        [4000, 'net.send', 'd-01', 'com.flash.tools'],
        [5000, 'file.delete', 'd-01', 'com.flash.tools'],
        [6000, 'app.state', 'd-01', 'com.flash.tools'],
      ]);
      const [info, crypto, write, dns, inbound, refused, http, tls, del, stopped] = ev;
      expect(info).toMatchObject({ version: '2.1' });
      expect(crypto).toMatchObject({ alg: 'unknown', dir: 'encrypt', in_bytes: 18340, proc: 'com.flash.tools:sync', uid: 10123, pid: 4242 });
      expect(write).toMatchObject({ path: '/data/user/0/com.flash.tools/cache/q.bin', bytes: 18352, op: 'create' });
      expect(dns).toMatchObject({ dst_host: 'c2.evil.example', dst_ip: '8.8.8.8', dst_port: 53, proto: 'dns', bytes_out: 40 });
      // inbound: the remote is the source endpoint, bytes swap; the DNS answer names it
      expect(inbound).toMatchObject({ dst_ip: '198.51.100.9', dst_host: 'c2.evil.example', dst_port: 7777, bytes_out: 3000, bytes_in: 100, proto: 'tcp' });
      expect(refused).toMatchObject({ dst_ip: '198.51.100.10', bytes_out: 0, attempt: true, proto: 'http' });
      expect(http).toMatchObject({ dst_host: 'api.example.com', dst_ip: '192.0.2.10', method: 'POST', path: '/v2/up', proto: 'http', tls: false, bytes_out: 900, bytes_in: 20 });
      expect(JSON.stringify(ev)).not.toContain('351451208401216');
      expect(tls).toMatchObject({ dst_host: 'upd.example.net', dst_port: 8443, tls: true, proto: 'https', bytes_out: 24690, ocsf_uid: 'n1' });
      expect(del).toMatchObject({ path: '/sdcard/q.bin' });
      expect(stopped).toMatchObject({ state: 'stopped', app: 'com.flash.tools' });
      expect(out.notes.join('\n')).toMatch(/read but not telemetry: .*DNS Response.*Open without bytes.*activity 2.*Launch|Launch/);
      expect(out.cannotShow).toEqual(['key_reuse', 'background']);
    }
  });

  it('--device and --app fill in only what the events lack', async () => {
    const recs = [{ class_uid: 4001, activity_id: 6, time: T, dst_endpoint: { ip: '203.0.113.7' }, traffic: { bytes_out: 5 } }];
    const ev = (await convert(file(ndjson(recs)), { device: 'phone-9', app: 'com.x' })).events as Ev[];
    expect(ev[0]).toMatchObject({ device: 'phone-9', app: 'com.x' });
    const ev2 = (await convert(file(ndjson(recs)))).events as Ev[];
    expect(ev2[0]).toMatchObject({ device: expect.stringMatching(/^ocsf-f\d+\.json$/), app: 'unknown.app' });
  });

  it('bad input: empty, garbage, truncated, missing fields, a 10 MB line', async () => {
    expect(await convert(file(''))).toMatchObject({ events: [], issues: [] });
    const g = await convert(file(Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x7b])));
    expect(g.events).toEqual([]);
    expect(g.issues.map((i) => i.code)).toEqual(['not_json', 'not_json']);
    const full = ndjson(RECORDS);
    const cut = await convert(file(full.slice(0, full.length - 40)));
    expect(cut.issues.map((i) => [i.code, i.line])).toEqual([['unmapped_class', 14], ['not_json', RECORDS.length]]);
    expect(cut.events.length).toBe(9);
    const arr = await convert(file(JSON.stringify(RECORDS).slice(0, 200)));
    expect(arr.issues.map((i) => i.code)).toEqual(['not_json']);
    const missing = await convert(file(ndjson([{ class_uid: 4001, activity_id: 6 }, { activity_id: 6, time: T }, 42, { class_uid: 4003, activity_id: 1, time: T }])));
    expect(missing.issues.map((i) => [i.code, i.field ?? null])).toEqual([
      ['missing_field', 'time'], ['missing_field', 'class_uid'], ['not_object', null], ['missing_field', 'query.hostname'],
    ]);
    const huge = { ...RECORDS[0], unmapped: { blob: 'x'.repeat(10 << 20) } };
    const h = await convert(file(ndjson([huge, RECORDS[2]])));
    expect(h.issues).toEqual([]);
    expect(h.events).toHaveLength(2);
  });

  it('sniffs OCSF by class_uid', () => {
    expect(ocsfAdapter.sniff(Buffer.from(ndjson(RECORDS)), 'x')).toBe(true);
    expect(ocsfAdapter.sniff(Buffer.from('[\n  {"class_uid": 4001}]'), 'x')).toBe(true);
    expect(ocsfAdapter.sniff(Buffer.from('{"ts":1,"type":"net.send"}'), 'x.json')).toBe(false);
  });
});

// the contract every reader runs (valid, truncated, garbage, empty, 10 MB line)
runReaderContract(ocsfAdapter, { valid: fileURLToPath(new URL('./fixtures/valid-network.ocsf.ndjson', import.meta.url)) });
