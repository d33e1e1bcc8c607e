import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize-event.js';

const src = { file: 'dir/events.ndjson', line: 17 };
const env = { ts: 1732430000000, device: 'd-01', app: 'com.flash.tools' };

/** One valid event of every type, contract examples first. */
const VALID: Record<string, Record<string, unknown>> = {
  'app.state': { ...env, type: 'app.state', state: 'service' },
  'data.access': { ...env, type: 'data.access', category: 'sms', items: 212 },
  'crypto.key': { ...env, type: 'crypto.key', key_fp: '3f9a0c1d2e4b5a69788796a5b4c3d2e1', alg: 'AES', bits: 128, origin: 'literal', hw_backed: false, kdf: 'PBKDF2WithHmacSHA1' },
  'crypto.op': { ...env, type: 'crypto.op', alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: '3f9a', in_bytes: 18340, out_bytes: 18352, iv_fp: 'aa', api: 'javax.crypto.Cipher.doFinal' },
  'file.write': { ...env, type: 'file.write', path: '/data/q.bin', bytes: 18352, entropy: 7.98, op: 'create' },
  'file.delete': { ...env, type: 'file.delete', path: '/data/q.bin' },
  'device.state': { ts: 1, device: 'd-01', type: 'device.state', screen: 'off', locked: true },
  'user.interaction': { ts: 1, device: 'd-01', type: 'user.interaction' },
  'net.send': { ...env, type: 'net.send', dst_host: 'upd.example.net', dst_port: 443, proto: 'https', tls: true, method: 'POST', path: '/api/v2/sync', bytes_out: 24690, bytes_in: 0, conn: 'c1', payload: { format: 'json', entropy: 5.9, b64_fields: 1, size: 24690 } },
  'app.info': { ...env, type: 'app.info', version: '1.2', installer: 'sideload', signer: 'ab', permissions: ['android.permission.READ_SMS'], approved: false, label: 'vpn' },
};

describe('normalizeEvent accepts', () => {
  for (const [type, event] of Object.entries(VALID)) {
    it(type, () => {
      const r = normalizeEvent(structuredClone(event), src);
      expect(r).toMatchObject({ ok: true, accepted: { event, source: src, ref: 'events.ndjson:17' } });
    });
  }

  it.each([
    ['user.interaction with app', { ...env, type: 'user.interaction' }],
    ['device.state with only the envelope', { ts: 1, device: 'd', type: 'device.state' }],
    ['net.send with dst_ip only', { ...env, type: 'net.send', dst_ip: '10.0.0.1', bytes_out: 0 }],
    // v1.1: a source that did not record the bytes sends none (unknown, not 0)
    ['net.send without bytes_out', { ...env, type: 'net.send', dst_host: 'h', dst_port: 443 }],
    ['all optional envelope fields', { ...env, type: 'file.delete', path: 'p', uid: 10123, pid: 4242, proc: 'com.flash.tools:sync', id: 'e1', src: 'frida', v: 1 }],
    ['entropy bounds', { ...env, type: 'file.write', path: 'p', bytes: 0, entropy: 8 }],
    ['dst_port 0 and 65535', { ...env, type: 'net.send', dst_ip: '::1', bytes_out: 1, dst_port: 65535 }],
    ['empty permissions', { ...env, type: 'app.info', permissions: [] }],
    ['crypto.key with another algorithm name', { ...env, type: 'crypto.key', key_fp: 'x', alg: 'Serpent' }],
    ['integer written as 12.0', { ...env, type: 'net.send', dst_ip: 'x', bytes_out: JSON.parse('12.0') }],
    ['net.send without bytes_out (v1.1: the size is unknown)', { ...env, type: 'net.send', dst_host: 'h' }],
    ['net.send over SMS with v1.1 payload features', { ...env, type: 'net.send', dst_host: 'sms:+15550100', proto: 'sms', bytes_out: 153, payload: { format: 'json', hex_fields: 1, enc_entropy: 7.9, enc_bytes: 64 } }],
  ])('%s', (_name, event) => {
    expect(normalizeEvent(event, src).ok).toBe(true);
  });

  it('keeps unknown fields, also inside payload, and returns the same object', () => {
    const e = { ...VALID['net.send'], future_field: { a: 1 }, payload: { format: 'json', extra: [1] } };
    const r = normalizeEvent(e, src);
    if (r.ok !== true) throw new Error(JSON.stringify(r));
    expect(r.accepted.event).toBe(e);
    expect(r.accepted.event).toMatchObject({ future_field: { a: 1 }, payload: { extra: [1] } });
  });

  it('converts an RFC 3339 ts with offset to epoch ms', () => {
    const r = normalizeEvent({ ...VALID['app.state'], ts: '2024-11-24T08:33:20.100+02:00' }, src);
    if (r.ok !== true) throw new Error(JSON.stringify(r));
    expect(r.accepted.event.ts).toBe(Date.UTC(2024, 10, 24, 6, 33, 20, 100));
  });

  it('uses the event id as evidence ref when present', () => {
    const r = normalizeEvent({ ...VALID['app.state'], id: 'evt-9' }, src);
    expect(r.ok === true && r.accepted.ref).toBe('evt-9');
  });
});

describe('normalizeEvent rejects', () => {
  const cases: Array<[string, unknown, string, string | undefined, string]> = [
    // name, value, code, field, message fragment
    ['an array', [1], 'not_object', undefined, 'want a JSON object, got an array'],
    ['a number', 42, 'not_object', undefined, 'got 42'],
    ['null', null, 'not_object', undefined, 'got null'],
    ['a string', 'x', 'not_object', undefined, 'got "x"'],
    ['missing type', { ts: 1, device: 'd' }, 'missing_field', 'type', 'required'],
    ['unknown type', { ...env, type: 'crypto.hash' }, 'unknown_type', 'type', 'unknown event type "crypto.hash"'],
    ['type not a string', { ...env, type: 3 }, 'wrong_type', 'type', 'got 3'],
    ['missing ts', { device: 'd', type: 'user.interaction' }, 'missing_field', 'ts', 'required'],
    ['ts boolean', { ts: true, device: 'd', type: 'user.interaction' }, 'wrong_type', 'ts', 'got true'],
    ['ts without offset', { ts: '2024-11-24T06:33:20', device: 'd', type: 'user.interaction' }, 'bad_value', 'ts', 'with offset'],
    ['ts date only', { ts: '2024-11-24', device: 'd', type: 'user.interaction' }, 'bad_value', 'ts', '"2024-11-24"'],
    ['ts infinite', { ts: JSON.parse('1e400'), device: 'd', type: 'user.interaction' }, 'bad_value', 'ts', 'finite'],
    ['ts past what a Date holds', { ts: 8.64e15 + 1, device: 'd', type: 'user.interaction' }, 'bad_value', 'ts', 'within ±8.64e15'],
    ['ts before what a Date holds', { ts: -1e16, device: 'd', type: 'user.interaction' }, 'bad_value', 'ts', 'got -10000000000000000'],
    ['missing device', { ts: 1, type: 'user.interaction' }, 'missing_field', 'device', 'required'],
    ['empty device', { ts: 1, device: '', type: 'user.interaction' }, 'bad_value', 'device', 'non-empty'],
    ['device number', { ts: 1, device: 7, type: 'user.interaction' }, 'wrong_type', 'device', 'got 7'],
    ['missing app', { ts: 1, device: 'd', type: 'app.state', state: 'job' }, 'missing_field', 'app', 'required for app.state'],
    ['app not a string', { ...env, app: ['a'], type: 'user.interaction' }, 'wrong_type', 'app', 'got an array'],
    ['uid not integer', { ...env, type: 'user.interaction', uid: 1.5 }, 'wrong_type', 'uid', 'want an integer, got 1.5'],
    ['pid as string', { ...env, type: 'user.interaction', pid: '12' }, 'wrong_type', 'pid', 'got "12"'],
    ['id not a string', { ...env, type: 'user.interaction', id: 5 }, 'wrong_type', 'id', 'got 5'],
    ['null optional field', { ...env, type: 'user.interaction', proc: null }, 'wrong_type', 'proc', 'got null'],
    ['v 2', { ...env, type: 'user.interaction', v: 2 }, 'bad_value', 'v', 'unsupported contract version 2'],
    ['v 2 checked before required fields', { v: 2 }, 'bad_value', 'v', 'v1 only'],
    ['v string', { ...env, type: 'user.interaction', v: '1' }, 'wrong_type', 'v', 'got "1"'],
    ['crypto.key without key_fp', { ...env, type: 'crypto.key', alg: 'AES' }, 'missing_field', 'key_fp', 'required for crypto.key'],
    ['crypto.key bad origin', { ...env, type: 'crypto.key', key_fp: 'k', alg: 'AES', origin: 'hardcoded' }, 'bad_value', 'origin', 'got "hardcoded"'],
    ['crypto.key bits string', { ...env, type: 'crypto.key', key_fp: 'k', alg: 'AES', bits: '128' }, 'wrong_type', 'bits', 'got "128"'],
    ['crypto.key hw_backed string', { ...env, type: 'crypto.key', key_fp: 'k', alg: 'AES', hw_backed: 'yes' }, 'wrong_type', 'hw_backed', 'true or false'],
    ['crypto.op without dir', { ...env, type: 'crypto.op', alg: 'AES' }, 'missing_field', 'dir', 'encrypt, decrypt'],
    ['crypto.op bad dir', { ...env, type: 'crypto.op', alg: 'AES', dir: 'wrap' }, 'bad_value', 'dir', 'got "wrap"'],
    ['crypto.op negative in_bytes', { ...env, type: 'crypto.op', alg: 'AES', dir: 'encrypt', in_bytes: -1 }, 'wrong_type', 'in_bytes', 'non-negative integer, got -1'],
    ['data.access bad category', { ...env, type: 'data.access', category: 'dna' }, 'bad_value', 'category', 'got "dna"'],
    ['data.access items float', { ...env, type: 'data.access', category: 'sms', items: 2.5 }, 'wrong_type', 'items', 'got 2.5'],
    ['file.write without bytes', { ...env, type: 'file.write', path: 'p' }, 'missing_field', 'bytes', 'required for file.write'],
    ['file.write entropy 9', { ...env, type: 'file.write', path: 'p', bytes: 1, entropy: 9 }, 'bad_value', 'entropy', '0..8'],
    ['file.write bad op', { ...env, type: 'file.write', path: 'p', bytes: 1, op: 'truncate' }, 'bad_value', 'op', 'got "truncate"'],
    ['file.delete without path', { ...env, type: 'file.delete' }, 'missing_field', 'path', 'required'],
    ['app.state bad state', { ...env, type: 'app.state', state: 'zombie' }, 'bad_value', 'state', 'got "zombie"'],
    ['device.state bad screen', { ts: 1, device: 'd', type: 'device.state', screen: 'dim' }, 'bad_value', 'screen', 'on, off'],
    ['device.state locked 1', { ts: 1, device: 'd', type: 'device.state', locked: 1 }, 'wrong_type', 'locked', 'got 1'],
    ['net.send bytes_out string', { ...env, type: 'net.send', dst_host: 'h', bytes_out: '12' }, 'wrong_type', 'bytes_out', 'want a non-negative integer, got "12"'],
    ['net.send with a bad hex_fields', { ...env, type: 'net.send', dst_host: 'h', bytes_out: 1, payload: { hex_fields: -1 } }, 'wrong_type', 'payload.hex_fields', 'non-negative integer'],
    ['net.send with enc_entropy above 8', { ...env, type: 'net.send', dst_host: 'h', bytes_out: 1, payload: { enc_entropy: 9 } }, 'bad_value', 'payload.enc_entropy', '0..8'],
    ['net.send without destination', { ...env, type: 'net.send', bytes_out: 1 }, 'missing_field', 'dst_host', 'dst_host or dst_ip'],
    ['net.send port too big', { ...env, type: 'net.send', dst_ip: 'x', bytes_out: 1, dst_port: 70000 }, 'bad_value', 'dst_port', '0..65535, got 70000'],
    ['net.send bad proto', { ...env, type: 'net.send', dst_ip: 'x', bytes_out: 1, proto: 'HTTPS' }, 'bad_value', 'proto', 'got "HTTPS"'],
    ['net.send tls string', { ...env, type: 'net.send', dst_ip: 'x', bytes_out: 1, tls: 'true' }, 'wrong_type', 'tls', 'got "true"'],
    ['net.send payload array', { ...env, type: 'net.send', dst_ip: 'x', bytes_out: 1, payload: [] }, 'wrong_type', 'payload', 'want an object, got an array'],
    ['net.send payload entropy', { ...env, type: 'net.send', dst_ip: 'x', bytes_out: 1, payload: { entropy: 8.5 } }, 'bad_value', 'payload.entropy', 'got 8.5'],
    ['net.send payload format', { ...env, type: 'net.send', dst_ip: 'x', bytes_out: 1, payload: { format: 'yaml' } }, 'bad_value', 'payload.format', 'got "yaml"'],
    ['net.send payload size', { ...env, type: 'net.send', dst_ip: 'x', bytes_out: 1, payload: { size: -3 } }, 'wrong_type', 'payload.size', 'got -3'],
    ['app.info permissions not array', { ...env, type: 'app.info', permissions: 'READ_SMS' }, 'wrong_type', 'permissions', 'array of strings'],
    ['app.info permission element', { ...env, type: 'app.info', permissions: ['a', 2] }, 'wrong_type', 'permissions[1]', 'got 2'],
    ['app.info approved string', { ...env, type: 'app.info', approved: 'no' }, 'wrong_type', 'approved', 'got "no"'],
  ];

  it.each(cases)('%s', (_name, value, code, field, fragment) => {
    const r = normalizeEvent(value, src);
    if (r.ok !== false) throw new Error('accepted: ' + JSON.stringify(value));
    expect(r.issue).toMatchObject({ code, file: 'dir/events.ndjson', line: 17 });
    expect(r.issue.field).toBe(field);
    expect(r.issue.message).toContain(fragment);
  });

  it('cuts long strings in messages', () => {
    const r = normalizeEvent({ ...env, type: 'x'.repeat(10_000) }, src);
    expect(r.ok === false && r.issue.message.length).toBeLessThan(400);
  });
});
