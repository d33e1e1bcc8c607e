// Command-line telemetry arguments -> NDJSON files to read. Directories are walked, gzip and zip
// opened, each file's format sniffed (or named by --from); a foreign format goes through its
// adapter and its events are written to a temporary NDJSON file named `<input>#<adapter>`, so every
// reader (detect, coverage, baseline, report) reads one kind of input and evidence refs are the
// same as with `detect --from`. Problems are one line each: what the file looks like and the
// --from that would read it.
import { mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CiphertrailError, formatIssue, type Issue } from '../../model/index.js';
import type { Adapter } from '../../adapters/adapter.js';
import { globMatcher } from './glob.js';
import { walkFiles } from './walk.js';
import { isZip, readZip, ZipError } from './zip.js';
import { describeHead, hasJsonLine, isBinary, labelOf, loadAdapters, looksLikeTelemetry, NDJSON, SNIFF_BYTES, sniffHead } from './sniff.js';
import { UnusableInput } from './unusable.js';
import { firstChunk, spool } from './stdin-head.js';
import { isForbiddenName } from '../../normalize/screen-event.js';
import { MAX_DEPTH } from '../../normalize/input-limits.js';
import { convertInput } from '../../adapters/run-adapter.js';

export interface InputOptions {
  /** --from: ndjson, auto, or an adapter's name (default auto) */
  from?: string;
  glob?: string;
  device?: string;
  app?: string;
  /** per-deployment fingerprint secret handed to the adapters (AdapterOptions.fpSecret) */
  fpSecret?: string;
  /** URL path segments kept (AdapterOptions.pathSegments) */
  pathSegments?: number;
  /** adapter notes and skipped records, per input (the CLI prints them or sums them up) */
  onAdapted?: (r: AdaptedInput) => void;
  /** largest file read whole (an archive member, a gzip sent to an adapter) */
  maxBytes?: number;
  /** stdin for '-' (tests) */
  stdin?: NodeJS.ReadableStream;
}

export interface AdaptedInput { name: string; adapter: string; label: string; events: number; issues: Issue[]; notes: string[] }

export interface ResolvedInputs {
  /** NDJSON files in argument order ('-' for stdin) */
  files: string[];
  /** the name of each file in messages and evidence refs, where it differs from its path */
  names: Map<string, string>;
  /** inputs that cannot give an event, one line each (the others are still read) */
  unusable: string[];
  /** files found in a directory that no format recognises: left out, not an error (not named by the user) */
  skipped: string[];
  /** when every input is a plain file (no archive, no gzip, no stdin) and some need an adapter:
   *  their paths, for readAdapted, which merges the files of one run in event time */
  adaptedFiles?: string[];
  cleanup(): Promise<void>;
}

const GZIP = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const DEFAULT_MAX = 1 << 30;

async function headOf(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally { await fh.close(); }
}

/** the first SNIFF_BYTES of a gzip file's content */
async function gunzipHead(path: string, name = path): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  const z = createReadStream(path).pipe(createGunzip());
  try {
    for await (const c of z as AsyncIterable<Buffer>) {
      chunks.push(c); n += c.length;
      if (n >= SNIFF_BYTES) break;
    }
  } catch (e) {
    if (n === 0) throw new UnusableInput([`${name}: gzip data that cannot be decompressed (${(e as Error).message})`]);
  } finally { z.destroy(); }
  return Buffer.concat(chunks).subarray(0, SNIFF_BYTES);
}

const fromHint = (name: string) => `read it with --from ${name}`;

/** a copy for the temporary file: values of forbidden names replaced, nesting cut past what the
 *  reader accepts (it still rejects the line as too deep, at the same path) */
function screened(v: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH + 1 || v === null || typeof v !== 'object') return depth > MAX_DEPTH + 1 ? null : v;
  if (Array.isArray(v)) return v.map((x) => screened(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = isForbiddenName(k) ? '[not kept]' : screened(x, depth + 1);
  return out;
}

export async function resolveInputs(args: string[], o: InputOptions = {}): Promise<ResolvedInputs> {
  const from = o.from ?? 'auto';
  const adapters = from === 'auto' || from === NDJSON ? undefined : await loadAdapters();
  let named: Adapter | undefined;
  if (adapters) {
    named = adapters.find((a) => a.name === from);
    if (!named) throw new CiphertrailError('unknown_format', `--from ${from}: want auto, ndjson or one of ${adapters.map((a) => a.name).join(', ')}`);
  }
  const match = o.glob ? globMatcher(o.glob) : () => true;
  const max = o.maxBytes ?? DEFAULT_MAX;
  const files: string[] = [];
  const names = new Map<string, string>();
  const unusable: string[] = [];
  const skipped: string[] = [];
  let tmp: string | undefined;
  let seq = 0;
  const plain: string[] = [];
  let adaptedCount = 0;
  const tmpFile = async (base: string) => {
    tmp ??= await mkdtemp(join(tmpdir(), 'ciphertrail-in-'));
    // not a bare number: adapters read a numbered parent as a sandbox's analysis folder
    const dir = join(tmp, `in-${seq++}`);
    await mkdir(dir);
    return join(dir, base.replace(/[/\\:]/g, '_'));
  };

  /** `path` holds the content of input `name` (decompressed); `head` its first bytes */
  const admit = async (path: string, name: string, head: Buffer, readWhole: () => Promise<Buffer>, gz: boolean, walked: boolean): Promise<void> => {
    if (head.toString('utf8').trim() === '') { (walked ? skipped : unusable).push(walked ? name : `${name}: empty file`); return; }
    const sniffed = await sniffHead(head, name);
    if (walked && !sniffed && from === 'auto') { skipped.push(name); return; }
    let adapter: Adapter | undefined;
    if (from === NDJSON) {
      if (!looksLikeTelemetry(head) && sniffed && sniffed.name !== NDJSON) { unusable.push(`${name}: --from ndjson, but it looks like a ${sniffed.label}: ${fromHint(sniffed.name)}`); return; }
    } else if (named) {
      if (!named.sniff(head, name) && sniffed && sniffed.name !== named.name) {
        unusable.push(`${name}: --from ${named.name}, but it looks like ${sniffed.name === NDJSON ? '' : 'a '}${sniffed.label}: ${sniffed.name === NDJSON ? 'read it without --from' : fromHint(sniffed.name)}`);
        return;
      }
      adapter = named;
    } else if (sniffed && sniffed.name !== NDJSON) {
      adapter = (await loadAdapters()).find((a) => a.name === sniffed.name);
    } else if (!sniffed && (isBinary(head) || !hasJsonLine(head))) {
      unusable.push(`${name}: ${describeHead(head)}, neither telemetry v1 NDJSON nor a format an adapter recognises ('ciphertrail help formats' lists them; name one with --from)`);
      return;
    }
    if (!adapter) {
      // NDJSON: read in place (readLines gunzips), or from the extracted copy
      files.push(path);
      if (path !== name) names.set(path, name);
      else if (!gz && looksLikeTelemetry(head)) plain.push(path);
      return;
    }
    let source = path;
    if (gz) { source = await tmpFile(name.replace(/\.gz$/, '')); await writeFile(source, await readWhole()); }
    const out = await convertInput(adapter, source, { file: name, ...(o.device ? { device: o.device } : {}), ...(o.app ? { app: o.app } : {}), ...(o.fpSecret ? { fpSecret: o.fpSecret } : {}), ...(o.pathSegments !== undefined ? { pathSegments: o.pathSegments } : {}) });
    o.onAdapted?.({ name, adapter: adapter.name, label: labelOf(adapter), events: out.events.length, issues: out.issues, notes: out.notes });
    if (out.events.length === 0) {
      const why = out.issues.length ? formatIssue(out.issues[0]).replace(`${name}: `, '').replace(`${name}:`, '') : 'nothing in it maps to telemetry';
      const other = sniffed && sniffed.name !== adapter.name ? `; it looks like ${sniffed.name === NDJSON ? '' : 'a '}${sniffed.label}: ${sniffed.name === NDJSON ? 'read it without --from' : fromHint(sniffed.name)}` : '';
      unusable.push(`${name}: the ${adapter.name} adapter gave no event (${why})${other}`);
      return;
    }
    const ndjson = await tmpFile(`${name}#${adapter.name}`);
    // every event goes through the same door as NDJSON when this file is read; a field that may
    // hold key bytes or plaintext (an adapter bug) is rejected there by its name, so its value is
    // never written, not even to this temporary file
    await writeFile(ndjson, out.events.map((e) => JSON.stringify(screened(e, 0))).join('\n') + '\n', { mode: 0o600 });
    files.push(ndjson);
    names.set(ndjson, `${name}#${adapter.name}`);
    adaptedCount++;
    if (path === name && !gz) plain.push(path);
  };

  const admitFile = async (path: string, name: string, walked: boolean): Promise<void> => {
    const head = await headOf(path);
    if (head.length === 0) { (walked ? skipped : unusable).push(walked ? name : `${name}: empty file`); return; }
    if (GZIP(head)) {
      const inner = await gunzipHead(path, name);
      await admit(path, name, inner, async () => gunzipSync(await readFile(path), { maxOutputLength: max }), true, walked);
      return;
    }
    if (isZip(head)) {
      let entries;
      try { entries = readZip(await readFile(path), max); } catch (e) {
        if (e instanceof ZipError) { unusable.push(`${name}: zip archive that cannot be read: ${e.message}`); return; }
        throw e;
      }
      const picked = entries.filter((e) => match(e.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (picked.length === 0) { unusable.push(`${name}: zip archive with no file${o.glob ? ` matching --glob ${o.glob}` : ''}`); return; }
      for (const e of picked) {
        const memberName = `${name}:${e.name}`;
        let data: Buffer;
        try { data = e.data(); } catch (err) {
          if (err instanceof ZipError) { unusable.push(`${name}: ${err.message}`); continue; }
          throw err;
        }
        const p = await tmpFile(e.name.slice(e.name.lastIndexOf('/') + 1));
        await writeFile(p, data);
        if (GZIP(data)) await admit(p, memberName, await gunzipHead(p, memberName), async () => gunzipSync(data, { maxOutputLength: max }), true, true);
        else await admit(p, memberName, data.subarray(0, SNIFF_BYTES), async () => data, false, true);
      }
      return;
    }
    await admit(path, name, head, () => readFile(path), false, walked);
  };

  try {
    for (const arg of args) {
      if (arg === '-') {
        const stdin = o.stdin ?? process.stdin;
        const head = from === NDJSON ? undefined : await firstChunk(stdin);
        if (head === undefined) { files.push('-'); continue; }
        // telemetry NDJSON (or what no format claims, read line by line as before): streamed as it
        // comes. A named format, a report, a capture, gzip or zip: spooled, then read as a file
        const whole = named || GZIP(head) || isZip(head);
        const sniffed = whole || looksLikeTelemetry(head) ? undefined : await sniffHead(head, '<stdin>');
        if (!whole && (sniffed === undefined || sniffed.name === NDJSON)) {
          stdin.unshift(head);
          files.push('-');
          continue;
        }
        const path = await tmpFile('stdin');
        await spool(stdin, head, path, max);
        await admitFile(path, '<stdin>', false);
        continue;
      }
      let st;
      try { st = await stat(arg); } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UnusableInput([`${arg}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`]);
      }
      if (st.isDirectory()) {
        const inside = await walkFiles(arg, match);
        if (inside.length === 0) throw new UnusableInput([`${arg}: a directory with no file${o.glob ? ` matching --glob ${o.glob}` : ''} to read`]);
        for (const f of inside) await admitFile(f, f, true);
      } else {
        try { await admitFile(arg, arg, false); } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EACCES' || code === 'EISDIR') throw new UnusableInput([`${arg}: cannot be read (${code})`]);
          throw e;
        }
      }
    }
  } catch (e) {
    if (tmp) await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (files.length === 0) {
    if (tmp) await rm(tmp, { recursive: true, force: true });
    throw new UnusableInput([...unusable, ...(skipped.length ? [`no file of a format ciphertrail reads: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ` and ${skipped.length - 5} more` : ''} (name the format with --from)`] : [])]);
  }
  return { files, names, unusable, skipped, ...(adaptedCount > 0 && plain.length === files.length ? { adaptedFiles: plain } : {}), cleanup: async () => { if (tmp) await rm(tmp, { recursive: true, force: true }); } };
}
