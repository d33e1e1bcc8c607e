// AndroPyTool's per-sample `<name>-analysis.json`: {Pre_static_analysis, Static_analysis,
// Dynamic_analysis, VirusTotal}. The dynamic part is DroidBox's own JSON, nested under
// Dynamic_analysis.Droidbox; Static_analysis["Package name"] names the sample (androguard).
import type { AdapterOptions, AdapterOutput } from '../adapter.js';
import { readInput, headText } from '../shared/read-input.js';
import { parseJsonDocument } from '../shared/json-document.js';
import { PACKAGE_NAME } from '../shared/package-name.js';
import { convertDroidboxDoc } from '../droidbox/convert.js';

export const SRC = 'andropytool';
/** json.dump of AndroPyTool's OrderedDict: the first key is one of its sections (sorted or not) */
const FIRST_KEY = /^\{\s*"(Pre_static_analysis|Static_analysis|Dynamic_analysis|VirusTotal)"\s*:/;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

export function sniffAndroPyTool(head: Buffer, _file: string): boolean {
  return FIRST_KEY.test(headText(head));
}

export async function convertAndroPyTool(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  const parsed = parseJsonDocument(input, file, "AndroPyTool's <name>-analysis.json");
  if (!parsed.value) return { events: [], issues: parsed.issues, cannotShow: [], notes: parsed.notes };
  const doc = obj(parsed.value);
  const dynamic = obj(doc?.Dynamic_analysis), statics = obj(doc?.Static_analysis), pre = obj(doc?.Pre_static_analysis);
  if (!doc || (!dynamic && !statics)) {
    return { events: [], issues: [{ code: 'not_andropytool', message: 'JSON without Static_analysis or Dynamic_analysis: not an AndroPyTool analysis', file }], cannotShow: [], notes: [] };
  }
  const droidbox = obj(dynamic?.Droidbox) ?? obj(dynamic?.DroidBox);
  if (!droidbox) {
    const what = typeof dynamic?.Droidbox === 'string' ? `a path (${JSON.stringify(String(dynamic.Droidbox).slice(-80))}), not the JSON` : 'absent';
    return { events: [], issues: [{ code: 'no_dynamic', message: `Dynamic_analysis.Droidbox is ${what}: no run to convert (AndroPyTool ran without DroidBox, or the run failed)`, file, field: 'Dynamic_analysis.Droidbox' }], cannotShow: [], notes: [] };
  }
  const name = statics?.['Package name'];
  const declared = typeof name === 'string' && PACKAGE_NAME.test(name) ? { app: name, how: 'Static_analysis["Package name"]' } : undefined;
  const sha = typeof pre?.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(pre.sha256) ? pre.sha256.toLowerCase() : input.sha256;
  const out = convertDroidboxDoc(droidbox, { file, sha256: sha, opts, issues: parsed.issues, src: SRC, ...(declared ? { declared } : {}) });
  return { ...out, notes: ['AndroPyTool analysis: the DroidBox run under Dynamic_analysis.Droidbox, the package from Static_analysis', ...out.notes] };
}
