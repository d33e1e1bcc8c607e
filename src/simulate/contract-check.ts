// A light check of telemetry contract v1 (shared/spec/telemetry-v1.md) for simulated output:
// required fields and types per event type. Returns the problems; an empty list means valid.
import { APP_STATES, DATA_CATEGORIES, EVENT_TYPES, KEY_ORIGINS, NET_PROTOS, PAYLOAD_FORMATS } from '../model/index.js';

const HEX32 = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;
type Obj = Record<string, unknown>;

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const isStr = (v: unknown) => typeof v === 'string' && v !== '';

export function contractProblems(e: unknown): string[] {
  const p: string[] = [];
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return ['not a JSON object'];
  const o = e as Obj;
  const need = (f: string, ok: (v: unknown) => boolean, what: string) => { if (!ok(o[f])) p.push(`${f}: want ${what}, got ${JSON.stringify(o[f])}`); };
  const opt = (f: string, ok: (v: unknown) => boolean, what: string) => { if (o[f] !== undefined) need(f, ok, what); };
  const oneOf = (xs: readonly string[]) => (v: unknown) => typeof v === 'string' && xs.includes(v);
  const byteCount = (v: unknown) => isInt(v) && (v as number) >= 0;
  const entropy = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 8;

  need('ts', (v) => (isInt(v) && (v as number) > 0) || (typeof v === 'string' && !Number.isNaN(Date.parse(v))), 'epoch ms or RFC 3339');
  need('device', isStr, 'a device id');
  need('type', oneOf(EVENT_TYPES), `one of ${EVENT_TYPES.join(', ')}`);
  for (const f of ['uid', 'pid', 'v']) opt(f, isInt, 'an integer');
  for (const f of ['proc', 'id', 'src']) opt(f, isStr, 'a string');
  const type = o.type as string;
  if (type === 'device.state') { if (o.app !== undefined) p.push('app: device.state is device-scoped'); }
  else if (type === 'user.interaction') opt('app', isStr, 'a package name');
  else need('app', isStr, 'a package name');

  switch (type) {
    case 'crypto.key':
      need('key_fp', (v) => typeof v === 'string' && HEX32.test(v), '32 lowercase hex');
      need('alg', isStr, 'an algorithm');
      opt('bits', isInt, 'an integer');
      opt('origin', oneOf(KEY_ORIGINS), KEY_ORIGINS.join('|'));
      opt('hw_backed', (v) => typeof v === 'boolean', 'a boolean');
      opt('kdf', isStr, 'a string');
      break;
    case 'crypto.op':
      need('alg', isStr, 'an algorithm');
      need('dir', oneOf(['encrypt', 'decrypt']), 'encrypt|decrypt');
      opt('key_fp', (v) => typeof v === 'string' && HEX32.test(v), '32 lowercase hex');
      opt('iv_fp', (v) => typeof v === 'string' && HEX32.test(v), '32 lowercase hex');
      opt('mode', isStr, 'a string');
      opt('in_bytes', byteCount, 'a byte count');
      opt('out_bytes', byteCount, 'a byte count');
      opt('api', isStr, 'a string');
      break;
    case 'data.access':
      need('category', oneOf(DATA_CATEGORIES), DATA_CATEGORIES.join('|'));
      opt('items', byteCount, 'a count');
      opt('bytes', byteCount, 'a byte count');
      break;
    case 'file.write':
      need('path', isStr, 'a path');
      need('bytes', byteCount, 'a byte count');
      opt('entropy', entropy, '0..8');
      opt('op', oneOf(['create', 'append', 'overwrite']), 'create|append|overwrite');
      break;
    case 'file.delete':
      need('path', isStr, 'a path');
      break;
    case 'app.state':
      need('state', oneOf(APP_STATES), APP_STATES.join('|'));
      break;
    case 'device.state':
      opt('screen', oneOf(['on', 'off']), 'on|off');
      opt('locked', (v) => typeof v === 'boolean', 'a boolean');
      break;
    case 'user.interaction':
      break;
    case 'net.send': {
      opt('bytes_out', byteCount, 'a byte count');
      if (o.dst_host === undefined && o.dst_ip === undefined) p.push('dst_host/dst_ip: at least one is required');
      opt('dst_host', isStr, 'a host');
      opt('dst_ip', isStr, 'an IP');
      opt('dst_port', (v) => isInt(v) && (v as number) > 0 && (v as number) < 65536, 'a port');
      opt('proto', oneOf(NET_PROTOS), NET_PROTOS.join('|'));
      opt('bytes_in', byteCount, 'a byte count');
      opt('tls', (v) => typeof v === 'boolean', 'a boolean');
      opt('method', isStr, 'a string');
      opt('path', isStr, 'a string');
      opt('conn', isStr, 'a string');
      if (o.payload !== undefined) {
        const pl = o.payload as Obj;
        if (typeof pl !== 'object' || pl === null) p.push('payload: want an object');
        else {
          if (pl.format !== undefined && !oneOf(PAYLOAD_FORMATS)(pl.format)) p.push(`payload.format: ${String(pl.format)}`);
          if (pl.entropy !== undefined && !entropy(pl.entropy)) p.push(`payload.entropy: ${String(pl.entropy)}`);
          if (pl.b64_fields !== undefined && !byteCount(pl.b64_fields)) p.push(`payload.b64_fields: ${String(pl.b64_fields)}`);
          if (pl.size !== undefined && !byteCount(pl.size)) p.push(`payload.size: ${String(pl.size)}`);
          if (pl.hex_fields !== undefined && !byteCount(pl.hex_fields)) p.push(`payload.hex_fields: ${String(pl.hex_fields)}`);
          if (pl.enc_entropy !== undefined && !entropy(pl.enc_entropy)) p.push(`payload.enc_entropy: ${String(pl.enc_entropy)}`);
          if (pl.enc_bytes !== undefined && !byteCount(pl.enc_bytes)) p.push(`payload.enc_bytes: ${String(pl.enc_bytes)}`);
        }
      }
      break;
    }
    case 'app.info':
      for (const f of ['version', 'installer', 'label']) opt(f, isStr, 'a string');
      opt('signer', (v) => typeof v === 'string' && HEX64.test(v), '64 lowercase hex');
      opt('approved', (v) => typeof v === 'boolean', 'a boolean');
      opt('permissions', (v) => Array.isArray(v) && v.every(isStr), 'an array of strings');
      break;
  }
  return p;
}
