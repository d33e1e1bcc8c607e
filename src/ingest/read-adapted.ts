// Foreign formats -> batches of accepted events: each file goes through its adapter, then every
// produced object through the same validation as NDJSON input (an adapter bug is a counted
// rejection, never a crash). `auto` sniffs each file's first bytes. All files are converted
// first, then merged in event time (merge-runs.ts: one sandbox run in several files is one run,
// nothing comes late, an event two files show is counted once).
import { open } from 'node:fs/promises';
import type { Accepted, Issue } from '../model/index.js';
import { CiphertrailError } from '../model/index.js';
import type { Adapter, AdapterOutput } from '../adapters/adapter.js';
import { normalizeEvent } from '../normalize/normalize-event.js';
import { mayKeepRaw } from '../normalize/screen-event.js';
import type { IngestCounters, Rejected } from './read-events.js';
import { mergeRuns, type AdaptedFile } from './merge-runs.js';
import { convertInput } from '../adapters/run-adapter.js';

const SNIFF_BYTES = 64 * 1024;

/** the adapters are loaded on first use: plain NDJSON runs (detect, the server) never pay for them */
const registry = () => import('../adapters/registry.js');

export async function sniffFormat(path: string): Promise<Adapter | undefined> {
  const { ADAPTERS } = await registry();
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    const head = buf.subarray(0, bytesRead);
    return ADAPTERS.find((a) => a.sniff(head, path));
  } finally {
    await fh.close();
  }
}

export async function adapterFor(format: string, path: string): Promise<Adapter> {
  const { ADAPTERS, adapterNamed } = await registry();
  if (format !== 'auto') {
    const a = adapterNamed(format);
    if (!a) throw new CiphertrailError('unknown_format', `--from ${format}: want auto or one of ${ADAPTERS.map((x) => x.name).join(', ')}`);
    return a;
  }
  const a = await sniffFormat(path);
  if (!a) throw new CiphertrailError('unknown_format', `${path}: cannot tell its format; name it with --from (${ADAPTERS.map((x) => x.name).join(', ')})`);
  return a;
}

/** accepted events handed on per batch */
const BATCH = 4096;

export interface ReadAdaptedOptions {
  format: string;
  device?: string;
  app?: string;
  /** per-deployment fingerprint secret handed to the adapters (AdapterOptions.fpSecret) */
  fpSecret?: string;
  /** URL path segments kept (AdapterOptions.pathSegments) */
  pathSegments?: number;
  /** adapter issues (skipped records) and notes, for stderr */
  onIssue: (i: Issue) => void;
  onNote?: (file: string, adapter: string, note: string) => void;
}

export async function* readAdapted(paths: string[], o: ReadAdaptedOptions, onReject: (r: Rejected) => void, counters: IngestCounters): AsyncIterable<Accepted[]> {
  const files: AdaptedFile[] = [];
  for (const path of paths) {
    const adapter = await adapterFor(o.format, path);
    const output: AdapterOutput = await convertInput(adapter, path, { file: path, ...(o.device ? { device: o.device } : {}), ...(o.app ? { app: o.app } : {}), ...(o.fpSecret ? { fpSecret: o.fpSecret } : {}), ...(o.pathSegments !== undefined ? { pathSegments: o.pathSegments } : {}) });
    for (const i of output.issues) o.onIssue(i);
    for (const n of output.notes) o.onNote?.(path, adapter.name, n);
    files.push({ file: path, adapter: adapter.name, output });
  }
  const merged = mergeRuns(files);
  for (const n of merged.notes) o.onNote?.(n.file, n.adapter, n.note);
  let batch: Accepted[] = [];
  for (const { event, file, adapter, index } of merged.events) {
    counters.lines++;
    const r = normalizeEvent(event, { file: `${file}#${adapter}`, line: index });
    if (r.ok) { counters.accepted++; batch.push(r.accepted); }
    else { counters.rejected++; onReject({ issue: r.issue, raw: rawOf(r.issue, event) }); }
    if (batch.length >= BATCH) { yield batch; batch = []; }
  }
  yield batch;
}

/** the text of a rejected adapter object for dead letters: none when it is too deep to serialize
 *  safely or carries a forbidden field (never written anywhere) */
function rawOf(issue: Issue, ev: Record<string, unknown>): string {
  return mayKeepRaw(issue.code) ? JSON.stringify(ev) : '';
}
