// POST /v1/events?from=FORMAT: a sandbox report, capture or OCSF body goes through its adapter
// (auto: sniffed) and comes out as telemetry v1 NDJSON for the same validation as any body.
// Adapters read files: the body is written to a private temporary file for the conversion.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatIssue } from '../model/index.js';
import { labelOf, loadAdapters, NDJSON, SNIFF_BYTES, sniffHead } from '../ingest/inputs/sniff.js';
import { HttpError } from './http-error.js';
import { convertInput } from '../adapters/run-adapter.js';

export interface AdaptedBody { ndjson: string; adapter: string; skipped: string[] }

/** what the body looks like, as a hint for a body of which nothing was accepted */
export async function bodyHint(body: Buffer): Promise<string> {
  const f = await sniffHead(body.subarray(0, SNIFF_BYTES), 'body');
  return f && f.name !== NDJSON ? `; the body looks like a ${f.label}: send it with ?from=${f.name} (or ?from=auto)` : '';
}

export async function adaptBody(body: Buffer, from: string, o: { fpSecret?: string; pathSegments?: number } = {}): Promise<AdaptedBody> {
  const adapters = await loadAdapters();
  const adapter = from === 'auto'
    ? adapters.find((a) => a.sniff(body.subarray(0, SNIFF_BYTES), 'body'))
    : adapters.find((a) => a.name === from);
  if (!adapter) {
    throw from === 'auto'
      ? new HttpError(422, 'unknown_format', 'from=auto: no adapter recognises the body; send telemetry v1 NDJSON without ?from, or name the format')
      : new HttpError(400, 'bad_query', `from: want ndjson, auto or one of ${adapters.map((a) => a.name).join(', ')}; got '${from}'`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'ciphertrail-body-'));
  try {
    const file = join(dir, 'body');
    await writeFile(file, body, { mode: 0o600 });
    const out = await convertInput(adapter, file, { file: 'body', ...(o.fpSecret ? { fpSecret: o.fpSecret } : {}), ...(o.pathSegments !== undefined ? { pathSegments: o.pathSegments } : {}) });
    if (out.events.length === 0) {
      const why = out.issues.length ? formatIssue(out.issues[0]) : 'nothing in it maps to telemetry';
      const other = await sniffHead(body.subarray(0, SNIFF_BYTES), 'body');
      const hint = other && other.name !== adapter.name ? `; it looks like ${other.name === NDJSON ? 'telemetry v1 NDJSON (send it without ?from)' : `a ${other.label} (?from=${other.name})`}` : '';
      throw new HttpError(422, 'nothing_accepted', `the ${adapter.name} adapter (${labelOf(adapter)}) gave no event: ${why}${hint}`, { accepted: 0, adapter: adapter.name });
    }
    return { ndjson: out.events.map((e) => JSON.stringify(e)).join('\n') + '\n', adapter: adapter.name, skipped: out.issues.map(formatIssue) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
