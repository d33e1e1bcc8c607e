// Policy contract v1 (shared/spec/policy-v1.md): read YAML or JSON, validate every field, fill in
// DEFAULT_POLICY. Every problem is collected with its dotted field and line; nothing is thrown for
// bad input, and a policy with any problem yields no value (a typo never falls back to a default).
import { readTextOrWhy } from '../ingest/read-text.js';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { Issue } from '../model/issue.js';
import { DEFAULT_POLICY, type Policy } from '../model/policy.js';
import { KEY_HOMES, ROOT_KEYS } from './policy-keys.js';
import { readAllowedCrypto, readApps } from './read-apps.js';
import { readSeverity, readThresholds } from './read-thresholds.js';
import { YamlWalk } from './yaml-walk.js';

export interface PolicyResult {
  value?: Policy;
  issues: Issue[];
}

function syntaxIssue(e: YAMLError, file: string, lc: LineCounter): Issue {
  const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
  // the library's message is "<what> at line L, column C:\n\n<excerpt>": keep the first part
  const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { code: 'yaml_syntax', message: `${what} (column ${pos.col})`, file, line: pos.line };
}

function readPolicy(w: YamlWalk, root: unknown): Policy {
  const policy = structuredClone(DEFAULT_POLICY);
  const e = w.entries(root, '', ROOT_KEYS, 'a mapping at the top level (version, thresholds, allowed_crypto_apps, apps, severity, partial_chains)');
  if (!e) return policy;
  const version = e.get('version');
  if (version) {
    const s = w.scalar(version.value, 'version', 'the number 1');
    if (s && s.value !== 1) w.report('unsupported_version', 'version', s.node, `only policy version 1 is supported, got ${w.describe(s.value)}`);
  }
  if (e.has('thresholds')) policy.thresholds = readThresholds(w, e.get('thresholds')!.value);
  if (e.has('allowed_crypto_apps')) policy.allowed_crypto_apps = readAllowedCrypto(w, e.get('allowed_crypto_apps')!.value);
  if (e.has('apps')) policy.apps = readApps(w, e.get('apps')!.value);
  if (e.has('severity')) policy.severity = readSeverity(w, e.get('severity')!.value);
  if (e.has('partial_chains')) {
    const b = w.bool(e.get('partial_chains')!.value, 'partial_chains');
    if (b !== undefined) policy.partial_chains = b;
  }
  return policy;
}

const byLine = (a: Issue, b: Issue) => (a.line ?? Infinity) - (b.line ?? Infinity);

/** Parse policy text (YAML or JSON). `file` is only used to label issues. */
export function parsePolicy(text: string, file: string): PolicyResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lc = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const syntax = [...doc.errors, ...doc.warnings].map((e) => syntaxIssue(e, file, lc));
  if (syntax.length > 0) return { issues: syntax.sort(byLine) };
  const w = new YamlWalk(file, doc, lc, KEY_HOMES);
  const policy = readPolicy(w, doc.contents);
  if (w.issues.length > 0) return { issues: [...w.issues].sort(byLine) };
  return { value: policy, issues: [] };
}

/** Read and parse a policy file; an unreadable file is a `read_error` issue. */
export async function loadPolicy(path: string): Promise<PolicyResult> {
  const { text, why } = await readTextOrWhy(path);
  if (text === undefined) return { issues: [{ code: 'read_error', message: `cannot read policy file: ${why}`, file: path }] };
  return parsePolicy(text, path);
}
