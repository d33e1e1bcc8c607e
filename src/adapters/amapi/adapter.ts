// `--from amapi`: Android Management API usage logs (Pub/Sub USAGE_LOGS notifications or decoded
// BatchUsageLogEvents), one JSON object per line or one document.
import { basename } from 'node:path';
import type { Adapter, AdapterOptions, AdapterOutput } from '../adapter.js';
import { headText, readInput } from '../shared/read-input.js';
import { readJsonValues } from '../device-logs/json-values.js';
import { mapRecords } from '../device-logs/map-records.js';
import { keyFingerprinter } from '../shared/key-fp.js';
import { readUsageLogs } from './usage-logs.js';

export const AMAPI_SRC = 'amapi';

export function sniffAmapi(head: Buffer, _file: string): boolean {
  const t = headText(head);
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  return /"usageLogEvents"\s*:\s*\[/.test(t) || /"notificationType"\s*:\s*"USAGE_LOGS"/.test(t);
}

export async function convertAmapi(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  const what = 'Android Management API usage-log notifications (JSON)';
  const parsed = readJsonValues(input, file, what);
  if (parsed.values.length === 0) return { events: [], issues: parsed.issues, cannotShow: [], notes: parsed.notes };
  const fallback = opts.device ?? `amapi-${input.sha256.slice(0, 12)}`;
  const read = readUsageLogs(parsed.values, file, fallback);
  const notes = [...parsed.notes, ...read.notes];
  if (read.batches === 0) {
    const issues = [...parsed.issues, ...read.issues];
    if (!issues.length) issues.push({ code: 'no_usage_logs', message: `no USAGE_LOGS notification in the file: want ${what}`, file });
    return { events: [], issues, cannotShow: [], notes };
  }
  if (read.records.some((r) => r.device === fallback) && !opts.device) notes.push(`device id ${fallback} from the file's hash (${basename(file)}): the batch names no device; pass --device`);
  if (read.ignored.size) notes.push(`event types with no place in the chain (ignored): ${[...read.ignored].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  if (read.ignored.has('LOG_BUFFER_SIZE_CRITICAL')) notes.push('the device reported its log buffer nearly full: events may be missing');
  return mapRecords({ src: AMAPI_SRC, file, records: read.records, issues: [...parsed.issues, ...read.issues], notes, fp: keyFingerprinter(opts.fpSecret) });
}

export const amapiAdapter: Adapter = {
  name: 'amapi',
  description: 'Android Management API usage logs: Pub/Sub USAGE_LOGS notifications or BatchUsageLogEvents JSON (network and security logs)',
  sniff: sniffAmapi,
  convert: convertAmapi,
};
