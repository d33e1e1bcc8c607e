// What a file is, from its first bytes: telemetry v1 NDJSON, one of the adapters' formats, or
// (when nothing recognises it) a short description for the error that names it.
import type { Adapter } from '../../adapters/adapter.js';

export const SNIFF_BYTES = 64 * 1024;

export const NDJSON = 'ndjson';

/** the adapters are loaded on first use: plain NDJSON runs never pay for them */
export const loadAdapters = async (): Promise<readonly Adapter[]> => (await import('../../adapters/registry.js')).ADAPTERS;

/** a format's name and what a person calls it */
export interface Format { name: string; label: string }

export const NDJSON_FORMAT: Format = { name: NDJSON, label: 'telemetry v1 NDJSON' };

/** the adapter's description up to its first colon, parenthesis or semicolon */
export const labelOf = (a: Adapter): string => a.description.split(/[:(;]/)[0].trim();

const firstLines = (head: Buffer, n: number): string[] => {
  let t = head.toString('utf8');
  if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  const lines = t.split('\n').map((l) => l.trim()).filter(Boolean);
  // the head's last line may be cut, unless the head is the whole file
  return lines.slice(0, head.length >= SNIFF_BYTES && lines.length > 1 ? Math.min(n, lines.length - 1) : n);
};

const asObject = (line: string): Record<string, unknown> | undefined => {
  if (!line.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(line) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch { return undefined; }
};

/** telemetry v1: the first JSON-object line has a dotted `type` and a `ts` (the envelope) */
export function looksLikeTelemetry(head: Buffer): boolean {
  for (const l of firstLines(head, 20)) {
    const o = asObject(l);
    if (o) return typeof o.type === 'string' && /^[a-z]+\.[a-z_.]+$/.test(o.type) && 'ts' in o && !('class_uid' in o);
  }
  return false;
}

/** some line of the head is a JSON object: read as NDJSON, line by line (partly bad input) */
export const hasJsonLine = (head: Buffer): boolean => firstLines(head, 50).some((l) => asObject(l) !== undefined);

export async function sniffHead(head: Buffer, file: string): Promise<Format | undefined> {
  if (looksLikeTelemetry(head)) return NDJSON_FORMAT;
  for (const a of await loadAdapters()) if (a.sniff(head, file)) return { name: a.name, label: labelOf(a) };
  return undefined;
}

export const isBinary = (head: Buffer): boolean => head.subarray(0, 8192).includes(0);

/** what an unrecognised file looks like, in a few words */
export function describeHead(head: Buffer): string {
  if (head.length === 0 || head.toString('utf8').trim() === '') return 'an empty file';
  if (isBinary(head)) return `binary data (first bytes ${head.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim()})`;
  const t = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'a JSON document no adapter recognises';
  const first = t.split('\n')[0].trim();
  return `text that is not JSON (line 1: "${first.length > 40 ? first.slice(0, 40) + '…' : first}")`;
}
