// Argument pieces shared by the NATS commands.
import { UsageError } from './usage-error.js';

/** "0-3,6" -> [0,1,2,3,6] */
export function parsePartitionList(s: string): number[] {
  const out = new Set<number>();
  for (const part of s.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new UsageError(`--partitions: want a list like 0-3,6, got '${s}'`);
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new UsageError(`--partitions: range ${part.trim()} goes backwards`);
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

export function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name}: want a positive integer, got '${v}'`);
  return n;
}

export function requireUrl(url: string | undefined): string {
  if (!url) throw new UsageError('--nats URL is required (e.g. nats://127.0.0.1:4222)');
  return url;
}
