// BASELINE.json: canonical JSON (keys sorted at every level, arrays already in canonical order,
// no floats), so equal baselines are equal files and merges can be compared byte for byte.
import { readTextOrWhy } from '../ingest/read-text.js';
import type { Issue } from '../model/issue.js';
import { BASELINE_FORMAT, BASELINE_VERSION, FIELDS, type AppBaseline, type Baseline, type CappedField } from './types.js';

function canonical(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canonical);
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) out[k] = canonical((x as Record<string, unknown>)[k]);
    return out;
  }
  return x;
}

/** one line per app keeps diffs of a baseline readable; still one canonical JSON document */
export function serializeBaseline(b: Baseline): string {
  const c = canonical(b) as Record<string, unknown>;
  const parts = Object.entries(c).map(([k, v]) => {
    if (k !== 'apps') return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    const body = Object.entries(v as Record<string, unknown>).map(([n, a]) => `  ${JSON.stringify(n)}:${JSON.stringify(a)}`);
    return '"apps":' + (body.length ? `{\n${body.join(',\n')}\n}` : '{}');
  });
  return `{${parts.join(',\n')}}\n`;
}

export interface BaselineResult { value?: Baseline; issues: Issue[] }

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isSketch = (x: unknown): boolean => Array.isArray(x) && x.every((h) => typeof h === 'string' && /^[0-9a-f]{13}$/.test(h));

function checkField(f: unknown, path: string, issues: Issue[], file: string): void {
  const bad = (field: string, message: string): void => { issues.push({ code: "invalid_baseline", file, field, message }); };
  if (!isObj(f)) return bad(path, 'want an object {values, all, truncated}');
  const c = f as unknown as CappedField;
  if (!isObj(c.values)) bad(`${path}.values`, 'want an object');
  else for (const [v, s] of Object.entries(c.values)) {
    if (!isObj(s) || !isSketch(s.devices) || typeof s.count !== 'number') bad(`${path}.values.${v}`, 'want {devices: [hash…], count: number, …}');
  }
  if (!isSketch(c.all)) bad(`${path}.all`, 'want an array of 13-hex-digit hashes');
  if (typeof c.truncated !== 'number') bad(`${path}.truncated`, 'want a number');
}

/** Parse and validate BASELINE.json text; every problem is listed with its field path. */
export function parseBaseline(text: string, file: string): BaselineResult {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) { return { issues: [{ code: 'invalid_json', file, message: `not JSON: ${(e as Error).message}` }] }; }
  const issues: Issue[] = [];
  const bad = (field: string, message: string): void => { issues.push({ code: "invalid_baseline", file, field, message }); };
  if (!isObj(raw)) return { issues: [{ code: 'invalid_baseline', file, message: 'want a JSON object' }] };
  if (raw.format !== BASELINE_FORMAT) bad('format', `want "${BASELINE_FORMAT}", got ${JSON.stringify(raw.format)}: is this a baseline file?`);
  if (raw.version !== BASELINE_VERSION) bad('version', `only baseline version ${BASELINE_VERSION} is supported, got ${JSON.stringify(raw.version)}`);
  if (typeof raw.events !== 'number') bad('events', 'want a number');
  if (!isObj(raw.apps)) bad('apps', 'want an object keyed by package');
  else for (const [name, a] of Object.entries(raw.apps)) {
    const p = `apps.${name}`;
    if (!isObj(a)) { bad(p, 'want an object'); continue; }
    const app = a as unknown as AppBaseline;
    if (!isSketch(app.devices)) bad(`${p}.devices`, 'want an array of 13-hex-digit hashes');
    for (const k of ['events', 'first_ts', 'last_ts'] as const) if (typeof app[k] !== 'number') bad(`${p}.${k}`, 'want a number');
    if (!isObj(app.fields)) { bad(`${p}.fields`, 'want an object'); continue; }
    for (const f of FIELDS) checkField(app.fields[f], `${p}.fields.${f}`, issues, file);
  }
  return issues.length ? { issues } : { value: raw as unknown as Baseline, issues };
}

export async function loadBaseline(path: string): Promise<BaselineResult> {
  const { text, why } = await readTextOrWhy(path);
  if (text === undefined) return { issues: [{ code: 'read_error', file: path, message: `cannot read baseline file: ${why}` }] };
  return parseBaseline(text, path);
}
