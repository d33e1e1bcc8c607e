import { describe, expect, it } from 'vitest';
import { validFast } from './valid-fast.js';
import { fullCheck } from './normalize-event.js';
import { EVENT_TYPES, TYPE_CODES } from '../model/event.js';

const env = { ts: 1732430000000, device: 'd-01', app: 'com.flash.tools', uid: 10123, pid: 42, proc: 'p', id: 'e1', src: 'frida', v: 1 };
/** one event of every type with every field it can carry */
const FULL: Record<string, Record<string, unknown>> = {
  'crypto.key': { ...env, type: 'crypto.key', key_fp: 'ab', alg: 'AES', bits: 128, origin: 'literal', hw_backed: false, kdf: 'k' },
  'crypto.op': { ...env, type: 'crypto.op', alg: 'AES', dir: 'encrypt', key_fp: 'ab', mode: 'CBC', in_bytes: 1, out_bytes: 2, iv_fp: 'i', api: 'a' },
  'data.access': { ...env, type: 'data.access', category: 'sms', items: 1, bytes: 2 },
  'file.write': { ...env, type: 'file.write', path: '/p', bytes: 3, entropy: 7.9, op: 'create' },
  'file.delete': { ...env, type: 'file.delete', path: '/p' },
  'app.state': { ...env, type: 'app.state', state: 'service' },
  'device.state': { ...env, type: 'device.state', screen: 'off', locked: true },
  'user.interaction': { ...env, type: 'user.interaction' },
  'net.send': { ...env, type: 'net.send', bytes_out: 5, dst_host: 'h', dst_ip: '1.2.3.4', dst_port: 443, proto: 'https', bytes_in: 0, tls: true, method: 'POST', path: '/x', conn: 'c', payload: { format: 'json', entropy: 5.9, b64_fields: 1, size: 5 } },
  'app.info': { ...env, type: 'app.info', version: '1', installer: 'sideload', signer: 's', approved: false, label: 'vpn' },
};
/** values every field is tried with: right and wrong types, edges, enum members of other fields */
const PROBES: unknown[] = [undefined, null, '', 'x', 0, 1, -1, 1.5, 8, 8.5, 65535, 65536, Infinity, NaN, true, false, [], ['a'], {}, { format: 'xml' }, { size: -1 },
  'encrypt', 'decrypt', 'on', 'off', 'sms', 'service', 'tcp', 'json', 'literal', 'create', '2024-11-24T06:33:20Z', 'crypto.op', 'device.state'];

/** the fast answer must be "valid" exactly when the full checks find nothing, except where it
 *  leaves the decision to them by design (an RFC 3339 ts, a permission list) */
function agree(o: Record<string, unknown>): void {
  const type = o.type;
  const kind = typeof type === 'string' ? TYPE_CODES.get(type) : undefined;
  const fast = kind !== undefined && validFast(o, kind, o.id);
  const full = fullCheck(structuredClone(o)) === undefined;
  if (fast) expect({ o, full }).toEqual({ o, full: true });
  else if (typeof o.ts !== 'string' && o.permissions === undefined) expect({ o, full }).toEqual({ o, full: false });
}

describe('validFast agrees with the full checks', () => {
  it('covers every event type', () => expect(Object.keys(FULL).sort()).toEqual([...EVENT_TYPES].sort()));
  for (const [type, event] of Object.entries(FULL)) {
    it(`${type}: every field removed or set to each probe`, () => {
      agree(event);
      const keys = new Set([...Object.keys(event), 'dst_host', 'dst_ip', 'permissions', 'payload', 'app', 'type']);
      for (const k of keys) {
        const { [k]: _, ...without } = event;
        agree(without);
        for (const p of PROBES) agree({ ...event, [k]: p });
      }
      // payload fields one by one
      if (type === 'net.send') for (const k of ['format', 'entropy', 'b64_fields', 'size']) for (const p of PROBES) agree({ ...event, payload: { ...(event.payload as object), [k]: p } });
      // net.send without both destinations
      if (type === 'net.send') { const { dst_host: _h, dst_ip: _i, ...none } = event; agree(none); }
    });
  }
  it('says valid for the common shapes', () => {
    for (const [type, event] of Object.entries(FULL)) expect(validFast(event, TYPE_CODES.get(type)!, event.id)).toBe(true);
  });
});
