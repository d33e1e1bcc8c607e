// Device log records -> telemetry v1, the one mapping of both managed-device adapters:
//   dns              -> net.send {dst_host, proto dns}; its answers name the connects that follow
//   connect          -> net.send {dst_ip, dst_port, proto tcp}; no bytes_out (unknown, not 0)
//   keyguard_secured -> device.state {locked: true}; keyguard_dismissed -> {locked: false}
//   process_start    -> the app's uid -> package; behind the keyguard: app.state background (inferred)
//   key_*            -> crypto.key {origin keystore, fp_scheme keystore-alias, keystore_op}
// Records are taken in time order per device (stable on input order), so a connect is named by the
// DNS answer before it and a process start knows the lock state it happened in.
import type { FacetName, Issue } from '../../model/index.js';
import type { AdapterOutput } from '../adapter.js';
import { ISSUE_CAP } from '../shared/event-sink.js';
import { UNKEYED, type KeyFingerprinter } from '../shared/key-fp.js';
import { KEYSTORE_ALIAS_SCHEME, type DeviceRecord } from './record.js';

/** facets no managed-device log can show: no cipher calls, no data reads or file writes */
export const DEVICE_LOGS_CANNOT_SHOW: FacetName[] = ['crypto', 'staging'];

/** DNS answers remembered per device to name connects (oldest forgotten first) */
const DNS_MEMORY = 4096;

type Ev = Record<string, unknown>;

export interface MapInput {
  src: string;
  file: string;
  records: DeviceRecord[];
  issues: Issue[];
  notes: string[];
  /** uid -> package per device, from the export itself (a DPC's package list) */
  packages?: Map<string, Map<number, string>>;
  /** the deployment's fingerprinter (keyed when it has a secret) */
  fp?: KeyFingerprinter;
}

/** an app uid (per-user app range): shared system uids name no single package */
const isAppUid = (uid: number) => uid % 100_000 >= 10_000;

export function packageOfProcess(proc: string): string {
  const colon = proc.indexOf(':');
  return colon < 0 ? proc : proc.slice(0, colon);
}

/** the fingerprint of a key known by its alias only: device, uid and alias through the
 *  deployment's fingerprinter (keyed with its secret, so an alias cannot be guessed back) */
export function keystoreFp(device: string, uid: number | undefined, alias: string, fp: KeyFingerprinter = UNKEYED): string {
  return fp.of(Buffer.from(`${device}\u0000${uid ?? ''}\u0000${alias}`, 'utf8'));
}

export function mapRecords(m: MapInput): AdapterOutput {
  const issues = [...m.issues];
  const notes = [...m.notes];
  const issue = (code: string, message: string, r: DeviceRecord, field: string) => {
    if (issues.length < ISSUE_CAP) issues.push({ code, message, file: m.file, line: r.line, field: `${r.path}.${field}` });
  };
  const records = m.records.map((r, seq) => ({ r, seq })).sort((a, b) => a.r.ts - b.r.ts || a.seq - b.seq).map((x) => x.r);

  // uid -> package: the export's own list first, then every process start of an app uid
  const uidPkg = new Map<string, Map<number, string>>();
  for (const [d, pk] of m.packages ?? []) uidPkg.set(d, new Map(pk));
  for (const r of records) {
    if (r.kind !== 'process_start' || r.uid === undefined || !r.proc || !isAppUid(r.uid)) continue;
    let pk = uidPkg.get(r.device);
    if (!pk) uidPkg.set(r.device, (pk = new Map()));
    if (!pk.has(r.uid)) pk.set(r.uid, packageOfProcess(r.proc));
  }

  const out: Ev[] = [];
  const locked = new Map<string, boolean>();
  const dns = new Map<string, Map<string, string>>();
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const unmappedUids = new Set<string>();
  const base = (r: DeviceRecord, type: string, app?: string): Ev => ({
    ts: r.ts, device: r.device, ...(app !== undefined ? { app } : {}), type,
    ...(r.uid !== undefined ? { uid: r.uid } : {}), ...(r.pid !== undefined ? { pid: r.pid } : {}), ...(r.proc ? { proc: r.proc } : {}),
  });

  for (const r of records) {
    switch (r.kind) {
      case 'dns': {
        if (!r.pkg) { issue('missing_field', 'DNS event without the package that made the lookup', r, 'packageName'); continue; }
        if (!r.host) { issue('missing_field', 'DNS event without the host name looked up', r, 'hostname'); continue; }
        out.push({ ...base(r, 'net.send', r.pkg), dst_host: r.host, proto: 'dns' });
        let known = dns.get(r.device);
        if (!known) dns.set(r.device, (known = new Map()));
        for (const ip of r.ips ?? []) {
          known.delete(ip);
          known.set(ip, r.host);
          if (known.size > DNS_MEMORY) known.delete(known.keys().next().value as string);
        }
        bump('dns -> net.send');
        break;
      }
      case 'connect': {
        if (!r.pkg) { issue('missing_field', 'connect event without the package that connected', r, 'packageName'); continue; }
        if (!r.ip) { issue('missing_field', 'connect event without the destination address', r, 'destinationIpAddress'); continue; }
        const host = dns.get(r.device)?.get(r.ip);
        out.push({ ...base(r, 'net.send', r.pkg), dst_ip: r.ip, ...(host ? { dst_host: host } : {}), ...(r.port !== undefined ? { dst_port: r.port } : {}), proto: 'tcp' });
        bump('connect -> net.send');
        break;
      }
      case 'keyguard_secured':
      case 'keyguard_dismissed': {
        const now = r.kind === 'keyguard_secured';
        locked.set(r.device, now);
        out.push({ ts: r.ts, device: r.device, type: 'device.state', locked: now });
        bump(`${r.kind} -> device.state`);
        break;
      }
      case 'process_start': {
        if (!r.proc) { issue('missing_field', 'process start without the process name', r, 'processName'); continue; }
        if (locked.get(r.device) === true) {
          // no activity can be visible behind the keyguard; unlocked, foreground or not cannot be told
          out.push({ ...base(r, 'app.state', packageOfProcess(r.proc)), state: 'background', inferred: true });
          bump('process_start (locked) -> app.state background');
        } else bump('process_start (unlocked or lock unknown): uid -> package only');
        break;
      }
      case 'key_generated':
      case 'key_imported':
      case 'key_destroyed': {
        if (r.success === false) { bump(`${r.kind} failed: not a key in use`); continue; }
        if (!r.alias) { issue('missing_field', 'key event without the key alias', r, 'keyAlias'); continue; }
        const pkg = r.uid !== undefined ? uidPkg.get(r.device)?.get(r.uid) : undefined;
        if (!pkg) unmappedUids.add(`${r.device}/${r.uid ?? '?'}`);
        const app = pkg ?? `uid:${r.uid ?? 'unknown'}`;
        out.push({
          ...base(r, 'crypto.key', app), key_fp: keystoreFp(r.device, r.uid, r.alias, m.fp), fp_scheme: KEYSTORE_ALIAS_SCHEME,
          alg: 'unknown', origin: 'keystore', ...(r.hwBacked !== undefined ? { hw_backed: r.hwBacked } : {}),
          keystore_op: r.kind.slice(4),
        });
        bump(`${r.kind} -> crypto.key`);
        break;
      }
    }
  }
  out.sort((a, b) => (a.ts as number) - (b.ts as number));
  const events = out.map((e, i) => ({ ...e, src: m.src, id: `${m.src}-${i + 1}` }));
  if (counts.size) notes.push(`${records.length} record(s) -> ${events.length} event(s): ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  if (unmappedUids.size) notes.push(`key events of ${unmappedUids.size} uid(s) with no package in the log (no process start, no package list): app named uid:<uid>`);
  notes.push('network logs carry no byte counts, payload or TLS: net.send without bytes_out (unknown); no cipher calls, data reads or file writes (crypto and staging blind)');
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { events, issues, cannotShow: DEVICE_LOGS_CANNOT_SHOW, notes };
}
