// The `forward:` list of a configuration file (YAML or JSON), and the merge with `--forward`
// options. Every problem is reported with its file, line and field; any problem means no outputs.
//
//   forward:
//     - syslog:tcp://siem.example:6514,format=cef        # a SPEC string, or:
//     - url: webhook:https://relay.example/ciphertrail
//       format: ocsf
//       min_severity: high
//       versions: all
//       secret_file: /etc/ciphertrail/webhook.secret
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Issue } from '../model/index.js';
import { OPTION_KEYS, buildOutput, checkNames, parseSpec, type OutputSpec, type ParsedOutputs } from './spec.js';

const ITEM_KEYS = new Set(['url', ...OPTION_KEYS]);

export function parseForwardConfig(text: string, file: string): ParsedOutputs {
  const lc = new LineCounter();
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter: lc, uniqueKeys: true });
  const lineOf = (n: Node | null | undefined) => (n?.range ? lc.linePos(n.range[0]).line : undefined);
  const issues: Issue[] = [...doc.errors, ...doc.warnings].map((e) => ({
    code: 'yaml_syntax', message: e.message.split('\n')[0], file, line: (e.linePos?.[0] ?? lc.linePos(e.pos[0])).line,
  }));
  if (issues.length) return { outputs: [], issues };
  const root = doc.contents;
  const at = (n: Node | null | undefined, field?: string) => ({ file, ...(lineOf(n) !== undefined ? { line: lineOf(n) } : {}), ...(field ? { field } : {}) });
  if (!isMap(root)) return { outputs: [], issues: [{ code: 'invalid_config', message: 'want a mapping with a forward: list', ...at(root) }] };
  const list = root.get('forward', true) as Node | undefined;
  if (list === undefined) return { outputs: [], issues: [{ code: 'missing_field', message: 'no forward: list', ...at(root, 'forward') }] };
  if (!isSeq(list)) return { outputs: [], issues: [{ code: 'invalid_value', message: 'want a list of outputs', ...at(list, 'forward') }] };
  const outputs: OutputSpec[] = [];
  list.items.forEach((item, i) => {
    const n = item as Node;
    if (isScalar(n) && typeof n.value === 'string') {
      const before = issues.length;
      const o = parseSpec(n.value, issues);
      for (const x of issues.slice(before)) Object.assign(x, at(n, `forward[${i}]${x.field && x.field !== '--forward' ? '.' + x.field.replace('--forward ', '') : ''}`));
      if (o) outputs.push(o);
      return;
    }
    if (!isMap(n)) { issues.push({ code: 'invalid_value', message: 'want a SPEC string or a mapping with url:', ...at(n, `forward[${i}]`) }); return; }
    const raw: Record<string, unknown> = {};
    const lines: Record<string, Node> = {};
    for (const pair of n.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!ITEM_KEYS.has(k)) { issues.push({ code: 'unknown_key', message: `want one of ${[...ITEM_KEYS].join(', ')}`, ...at(pair.key as Node, `forward[${i}].${k}`) }); continue; }
      raw[k] = isScalar(pair.value) ? pair.value.value : (pair.value as Node | null)?.toJSON?.() ?? null;
      lines[k] = (pair.value ?? pair.key) as Node;
    }
    const o = buildOutput(raw, issues, (field) => at(field ? lines[field] ?? n : n, `forward[${i}]${field ? '.' + field : ''}`));
    if (o) outputs.push(o);
  });
  checkNames(outputs, issues);
  return issues.length ? { outputs: [], issues } : { outputs, issues };
}

export async function loadForwardConfig(path: string): Promise<ParsedOutputs> {
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch (e) {
    return { outputs: [], issues: [{ code: 'read_error', message: `cannot read forward config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file: path }] };
  }
  return parseForwardConfig(text, path);
}

/** `--forward SPEC`… plus `--forward-config FILE`, checked together (names unique across both) */
export async function forwardOptions(specs: string[], configPath: string | undefined): Promise<ParsedOutputs> {
  const issues: Issue[] = [];
  const outputs: OutputSpec[] = [];
  for (const s of specs) { const o = parseSpec(s, issues); if (o) outputs.push(o); }
  if (configPath) {
    const c = await loadForwardConfig(configPath);
    issues.push(...c.issues);
    outputs.push(...c.outputs);
  }
  if (issues.length === 0) checkNames(outputs, issues);
  return issues.length ? { outputs: [], issues } : { outputs, issues };
}
