// `--from dpc-logs`: a device policy controller's export of retrieveNetworkLogs and
// retrieveSecurityLogs (JSON lines, format in docs/sources.md).
import { basename } from 'node:path';
import type { Adapter, AdapterOptions, AdapterOutput } from '../adapter.js';
import { headText, readInput } from '../shared/read-input.js';
import { readJsonValues } from '../device-logs/json-values.js';
import { mapRecords } from '../device-logs/map-records.js';
import { keyFingerprinter } from '../shared/key-fp.js';
import { readDpcExport } from './read-export.js';

export const DPC_SRC = 'dpc-logs';

/** a first line that is a dpc-logs record */
export function sniffDpcLogs(head: Buffer, _file: string): boolean {
  const first = headText(head).split('\n', 1)[0];
  return /^\{.*"log"\s*:\s*"(header|network|security)"/.test(first) && /"(format"\s*:\s*"dpc-logs|event"\s*:\s*"(Dns|Connect)Event|tag(Name)?"\s*:)/.test(first);
}

export async function convertDpcLogs(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  const what = 'a dpc-logs export (JSON lines of network and security events)';
  const parsed = readJsonValues(input, file, what);
  if (parsed.values.length === 0) return { events: [], issues: parsed.issues, cannotShow: [], notes: parsed.notes };
  const fallback = opts.device ?? `dpc-${input.sha256.slice(0, 12)}`;
  const read = readDpcExport(parsed.values, file, fallback);
  const issues = [...parsed.issues, ...read.issues];
  const notes = [...parsed.notes, ...read.notes];
  if (read.dpcLines === 0) {
    return { events: [], issues: issues.length ? issues : [{ code: 'no_dpc_records', message: `no dpc-logs record in the file: want ${what}`, file }], cannotShow: [], notes };
  }
  if (read.records.some((r) => r.device === fallback) && !opts.device) notes.push(`device id ${fallback} from the file's hash (${basename(file)}): the export has no header device; pass --device`);
  if (read.ignored.size) notes.push(`security tags with no place in the chain (ignored): ${[...read.ignored].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  if (read.ignored.has('TAG_LOG_BUFFER_SIZE_CRITICAL')) notes.push('the device reported its security log buffer nearly full: events may be missing');
  return mapRecords({ src: DPC_SRC, file, records: read.records, issues, notes, packages: read.packages, fp: keyFingerprinter(opts.fpSecret) });
}

export const dpcLogsAdapter: Adapter = {
  name: 'dpc-logs',
  description: 'device policy controller export of retrieveNetworkLogs / retrieveSecurityLogs (JSON lines: DnsEvent, ConnectEvent, SecurityEvent tags)',
  sniff: sniffDpcLogs,
  convert: convertDpcLogs,
};
