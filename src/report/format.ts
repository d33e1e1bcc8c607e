// Figures and times written the way an analyst reads them (UTC, never the local zone).
import { isoTime } from '../model/iso-time.js';

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** bytes sent, some of them by sends of no recorded size: never `0 B` for what is unknown */
export function fmtSent(bytes: number, unsized: number | undefined): string {
  if (!unsized) return fmtBytes(bytes);
  return bytes === 0 ? 'unknown' : `${fmtBytes(bytes)} + ${unsized} send(s) of unknown size`;
}

/** bytes encrypted: unknown where the sensor shows no crypto (it may be inferred, never 0 B) */
export const fmtEncrypted = (bytes: number, cryptoMissing: boolean): string => (cryptoMissing ? 'unknown' : fmtBytes(bytes));

export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** 2026-01-05 08:00:33 UTC */
export function fmtTime(ts: number): string {
  return isoTime(ts).replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** STIX timestamp: RFC 3339, UTC, millisecond precision */
export function stixTime(ts: number): string {
  return isoTime(ts);
}

export const pct = (x: number): string => `${Math.round(x * 100)} %`;

export const shortFp = (fp: string): string => (fp.length > 12 ? `${fp.slice(0, 12)}…` : fp);

export function list(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** host:port -> parts; IPv6 in brackets ([::1]:443) or bare */
export function splitDestination(d: string): { host: string; port: number | null; kind: 'domain' | 'ipv4' | 'ipv6' } {
  let host = d;
  let port: number | null = null;
  const br = /^\[([^\]]+)\](?::(\d+))?$/.exec(d);
  if (br) { host = br[1]; port = br[2] ? Number(br[2]) : null; }
  else {
    const m = /^([^:]+):(\d+)$/.exec(d);
    if (m) { host = m[1]; port = Number(m[2]); }
  }
  const kind = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? 'ipv4' : host.includes(':') ? 'ipv6' : 'domain';
  return { host, port, kind };
}
