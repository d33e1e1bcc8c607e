// Coverage of the stored telemetry, aggregated in SQLite: one row per (device, app, type) with
// the counts of the optional fields coverage distinguishes, so no event is loaded into memory.
import type { Db } from './db.js';
import { CoverageAccumulator, K } from '../coverage/index.js';
import { KEYSTORE_ALIAS_SCHEME } from '../model/index.js';

const SQL = `SELECT device, app, type, COUNT(*) AS n, MIN(ts) AS lo, MAX(ts) AS hi,
  SUM(json_extract(json, '$.key_fp') IS NOT NULL) AS key_fp,
  SUM(json_extract(json, '$.entropy') IS NOT NULL) AS entropy,
  SUM(json_extract(json, '$.payload') IS NOT NULL) AS payload,
  SUM(json_extract(json, '$.permissions') IS NOT NULL) AS permissions,
  SUM(json_extract(json, '$.approved') IS NOT NULL OR json_extract(json, '$.installer') IS NOT NULL) AS inventory,
  SUM(json_extract(json, '$.fp_scheme') IS '${KEYSTORE_ALIAS_SCHEME}') AS alias_keys,
  SUM(json_extract(json, '$.inferred') IS 1) AS inferred,
  SUM(json_extract(json, '$.bytes_out') IS NOT NULL) AS bytes_out
  FROM events GROUP BY device, app, type`;

interface Row {
  device: string; app: string; type: string; n: number; lo: number; hi: number; key_fp: number; entropy: number; payload: number; permissions: number; inventory: number;
  alias_keys: number; inferred: number; bytes_out: number;
}

const TYPE_BITS: Record<string, number> = {
  'crypto.op': K.crypto_op, 'crypto.key': K.crypto_key | K.key_fp, 'data.access': K.data_access, 'file.write': K.file_write,
  'file.delete': K.file_write, 'app.state': K.app_state, 'device.state': K.device_state, 'user.interaction': K.user_interaction,
  'net.send': K.net_send, 'app.info': K.app_info,
};

export function storedCoverage(db: Db): CoverageAccumulator {
  const acc = new CoverageAccumulator();
  for (const r of db.prepare(SQL).all() as Row[]) {
    let bits = TYPE_BITS[r.type] ?? 0;
    // (the same distinctions as coverage's kindsOf: alias-only keys, inferred states, sends without bytes)
    if (r.type === 'crypto.key') bits = (r.alias_keys < r.n ? K.crypto_key | K.key_fp : 0) | (r.alias_keys > 0 ? K.key_lifecycle : 0);
    if (r.type === 'app.state') bits = (r.inferred < r.n ? K.app_state : 0) | (r.inferred > 0 ? K.app_state_inferred : 0);
    if (r.type === 'net.send' && r.bytes_out > 0) bits |= K.net_bytes;
    if (r.type === 'crypto.op' && r.key_fp > 0) bits |= K.key_fp;
    if (r.type === 'file.write' && r.entropy > 0) bits |= K.file_entropy;
    if (r.type === 'net.send' && r.payload > 0) bits |= K.payload;
    if (r.type === 'app.info' && r.permissions > 0) bits |= K.permissions;
    if (r.type === 'app.info' && r.inventory > 0) bits |= K.inventory_fact;
    // the store keeps device-scoped events with app ''
    acc.addKinds(r.device, r.app || undefined, bits, r.n, r.lo, r.hi);
  }
  return acc;
}
