// Final alerts compared field by field as canonical JSON (sorted keys, undefined members dropped,
// as the alert's JSON line), and the first difference described for a failure message.
import { canonicalJson } from '../../src/evidence/canonical-json.js';
import type { Finals } from './hosts.js';

/** the first field (depth first, keys sorted) where two values differ, with both values */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    const text = (v: unknown) => (v === undefined ? 'absent' : canonicalJson(v));
    return text(a) === text(b) ? undefined : `${path || '.'}: ${short(a)} vs ${short(b)}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

const short = (v: unknown): string => { const s = v === undefined ? 'absent' : JSON.stringify(v); return s.length > 160 ? s.slice(0, 157) + '...' : s; };

export interface Divergence { host: string; id: string; what: string }

/** how `got` differs from `want`: alerts missing or extra, and the first differing field of each
 *  alert both have */
export function divergences(host: string, want: Finals, got: Finals): Divergence[] {
  const out: Divergence[] = [];
  for (const [id, a] of want) {
    const b = got.get(id);
    if (!b) out.push({ host, id, what: `missing (${a.device} ${a.app} ${a.severity}/${a.score})` });
    else { const d = firstDifference(a, b); if (d) out.push({ host, id, what: d }); }
  }
  for (const [id, b] of got) if (!want.has(id)) out.push({ host, id, what: `extra (${b.device} ${b.app} ${b.severity}/${b.score})` });
  return out;
}
