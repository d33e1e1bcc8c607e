// labels.json (written by `simulate`) -> a validated LabelsFile. Every problem is collected, each
// naming its field (`scenarios[2].device`); readLabels throws them together.
import { readTextOrWhy } from '../ingest/read-text.js';
import { CiphertrailError, formatIssue, type Issue, type LabelsFile, type ScenarioLabel } from '../model/index.js';

export interface LabelsResult {
  value?: LabelsFile;
  issues: Issue[];
}

/** Reads and validates a labels file. Throws a CiphertrailError (`read_error`, `not_json` or
 *  `invalid_labels`) whose `issues` list every problem and whose message spells them out. */
export async function readLabels(path: string): Promise<LabelsFile> {
  const { text, why } = await readTextOrWhy(path);
  if (text === undefined) {
    const issue: Issue = { code: 'read_error', message: `cannot read labels file: ${why}`, file: path };
    throw new CiphertrailError('read_error', formatIssue(issue), [issue]);
  }
  const r = parseLabels(text, path);
  if (r.value) return r.value;
  const code = r.issues[0]?.code === 'not_json' ? 'not_json' : 'invalid_labels';
  throw new CiphertrailError(code, `invalid labels file ${path}:\n${r.issues.map((i) => '  ' + formatIssue(i)).join('\n')}`, r.issues);
}

/** Validates labels text. Checks: `version` 1, numeric `seed`, `scenarios` an array of objects with
 *  non-empty `scenario`, `device`, `app`, boolean `malicious`, string `note`, optional string `twin`
 *  and `grounding`; a (device, app) pair labelled twice (`duplicate_label`) and a scenario whose
 *  labels disagree on `malicious` (`mixed_scenario`). Unknown keys are ignored (newer writers). */
export function parseLabels(text: string, file?: string): LabelsResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? lineAt(text, Number(pos[1])) : undefined;
    return { issues: [withFile({ code: 'not_json', message: `not valid JSON: ${message}`, line }, file)] };
  }
  const issues: Issue[] = [];
  const bad = (field: string, message: string, code = 'invalid_value') => issues.push(withFile({ code, field, message }, file));
  if (!isObject(doc)) {
    bad('', 'a labels file must be a JSON object');
    return { issues };
  }
  if (doc.version !== 1) bad('version', `\`version\` must be 1, got ${JSON.stringify(doc.version)}`);
  if (typeof doc.seed !== 'number' || !Number.isFinite(doc.seed)) bad('seed', '`seed` must be a number');
  if (!Array.isArray(doc.scenarios)) {
    bad('scenarios', '`scenarios` must be an array');
    return { issues };
  }
  const scenarios: ScenarioLabel[] = [];
  const pairs = new Map<string, number>();
  const classOf = new Map<string, { malicious: boolean; index: number }>();
  doc.scenarios.forEach((entry: unknown, i: number) => {
    const at = `scenarios[${i}]`;
    if (!isObject(entry)) return bad(at, 'each label must be an object');
    const before = issues.length;
    for (const key of ['scenario', 'device', 'app'] as const) {
      if (typeof entry[key] !== 'string' || entry[key] === '') bad(`${at}.${key}`, `\`${key}\` must be a non-empty string`);
    }
    if (typeof entry.malicious !== 'boolean') bad(`${at}.malicious`, '`malicious` must be true or false');
    if (typeof entry.note !== 'string') bad(`${at}.note`, '`note` must be a string');
    for (const key of ['twin', 'grounding'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') bad(`${at}.${key}`, `\`${key}\` must be a string when present`);
    }
    if (issues.length > before) return;
    const label = entry as unknown as ScenarioLabel;
    const key = JSON.stringify([label.device, label.app]);
    const first = pairs.get(key);
    if (first !== undefined) {
      bad(`${at}.app`, `(${label.device}, ${label.app}) is already labelled by scenarios[${first}]`, 'duplicate_label');
    } else pairs.set(key, i);
    const cls = classOf.get(label.scenario);
    if (cls === undefined) classOf.set(label.scenario, { malicious: label.malicious, index: i });
    else if (cls.malicious !== label.malicious) {
      bad(`${at}.malicious`, `scenario '${label.scenario}' is malicious=${cls.malicious} in scenarios[${cls.index}]`, 'mixed_scenario');
    }
    scenarios.push(label);
  });
  if (issues.length > 0) return { issues };
  return { value: { version: 1, seed: doc.seed as number, scenarios }, issues: [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function withFile(issue: Issue, file: string | undefined): Issue {
  const out: Issue = { code: issue.code, message: issue.message };
  if (file !== undefined) out.file = file;
  if (issue.line !== undefined) out.line = issue.line;
  if (issue.field) out.field = issue.field;
  return out;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
