// Reads a parsed YAML document node by node, so every problem carries its dotted field path and
// line. Readers return undefined after recording an issue; they never throw.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { Issue } from '../model/issue.js';
import { canonicalKey, suggestKey } from './suggest.js';

export type IssueCode =
  | 'yaml_syntax' | 'read_error' | 'unknown_key' | 'invalid_type' | 'invalid_value' | 'out_of_range'
  | 'missing_field' | 'duplicate_package' | 'invalid_signer' | 'severity_order' | 'unsupported_version';

export interface Entry { key: unknown; value: unknown }

export const fieldOf = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);
export const indexOf = (parent: string, i: number): string => `${parent}[${i}]`;

interface NumberRule { min?: number; max?: number; above?: number; integer?: boolean }

export class YamlWalk {
  readonly issues: Issue[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lc: LineCounter,
    /** every key the contract knows, by canonical name, with where it belongs (for misplaced keys) */
    private readonly elsewhere: ReadonlyMap<string, string> = new Map(),
  ) {}

  lineOf(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? this.lc.linePos(range[0]).line : undefined;
  }

  report(code: IssueCode, field: string, node: unknown, message: string): void {
    const line = this.lineOf(node);
    this.issues.push({ code, message, file: this.file, ...(line !== undefined ? { line } : {}), ...(field ? { field } : {}) });
  }

  /** The node an alias (`*x`) points to; the node itself otherwise. */
  deref(node: unknown, field: string): unknown {
    if (!isAlias(node)) return node;
    const target = node.resolve(this.doc);
    if (target === undefined) this.report('yaml_syntax', field, node, `unresolved alias *${node.source}`);
    return target;
  }

  isNull(node: unknown): boolean {
    return node === null || node === undefined || (isScalar(node) && node.value === null);
  }

  describe(node: unknown): string {
    if (isMap(node)) return 'a mapping';
    if (isSeq(node)) return 'a list';
    const v = isScalar(node) ? node.value : node;
    if (v === null || v === undefined) return 'nothing (null)';
    if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
    return String(v);
  }

  /**
   * The entries of a mapping whose keys are in `known`; every other key is an `unknown_key` issue
   * with a suggestion. A null section (`thresholds:` with everything commented out) counts as empty.
   */
  entries(node: unknown, field: string, known: readonly string[], what = 'a mapping'): Map<string, Entry> | undefined {
    const n = this.deref(node, field);
    if (this.isNull(n)) return new Map();
    if (!isMap(n)) {
      this.report('invalid_type', field, n, `expected ${what}, got ${this.describe(n)}`);
      return undefined;
    }
    const out = new Map<string, Entry>();
    for (const pair of n.items) {
      const keyNode = pair.key;
      const raw = isScalar(keyNode) ? keyNode.value : undefined;
      if (raw === undefined || raw === null || typeof raw === 'object') {
        this.report('unknown_key', field, keyNode ?? pair.value ?? n, `keys must be plain names, got ${this.describe(keyNode)}`);
        continue;
      }
      const key = String(raw);
      if (known.includes(key)) {
        out.set(key, { key: keyNode, value: pair.value });
        continue;
      }
      this.report('unknown_key', fieldOf(field, key), keyNode, this.unknownKeyMessage(key, field, known));
    }
    return out;
  }

  private unknownKeyMessage(key: string, field: string, known: readonly string[]): string {
    const near = suggestKey(key, known);
    if (near) return `unknown key \`${key}\`; did you mean \`${near}\`?`;
    const home = this.elsewhere.get(canonicalKey(key));
    const here = field.replace(/\[\d+\]/g, '[]');
    if (home && home !== fieldOf(here, canonicalKey(key))) return `unknown key \`${key}\` here; did you mean \`${home}\`?`;
    return `unknown key \`${key}\` (allowed: ${known.join(', ')})`;
  }

  items(node: unknown, field: string, what = 'a list'): unknown[] | undefined {
    const n = this.deref(node, field);
    if (this.isNull(n)) return [];
    if (!isSeq(n)) {
      this.report('invalid_type', field, n, `expected ${what}, got ${this.describe(n)}`);
      return undefined;
    }
    return n.items;
  }

  /** A scalar's value; reports `invalid_type` for a mapping, list or null. */
  scalar(node: unknown, field: string, expected: string): { value: unknown; node: unknown } | undefined {
    const n = this.deref(node, field);
    if (n === undefined && isAlias(node)) return undefined; // unresolved alias, already reported
    if (!isScalar(n) || n.value === null) {
      this.report('invalid_type', field, n ?? node, `expected ${expected}, got ${this.describe(n)}`);
      return undefined;
    }
    return { value: n.value, node: n };
  }

  bool(node: unknown, field: string): boolean | undefined {
    const s = this.scalar(node, field, 'true or false');
    if (!s) return undefined;
    if (typeof s.value === 'boolean') return s.value;
    this.report('invalid_type', field, s.node, `expected true or false, got ${this.describe(s.value)}`);
    return undefined;
  }

  string(node: unknown, field: string, what = 'a non-empty string'): string | undefined {
    const s = this.scalar(node, field, what);
    if (!s) return undefined;
    if (typeof s.value !== 'string') {
      this.report('invalid_type', field, s.node, `expected ${what}, got ${this.describe(s.value)} (quote it if it is meant as text)`);
      return undefined;
    }
    if (s.value.trim() === '') {
      this.report('invalid_value', field, s.node, `expected ${what}, got an empty string`);
      return undefined;
    }
    return s.value;
  }

  number(node: unknown, field: string, rule: NumberRule): number | undefined {
    const what = describeRule(rule);
    const s = this.scalar(node, field, what);
    if (!s) return undefined;
    const v = s.value;
    if (typeof v !== 'number' || Number.isNaN(v)) {
      this.report('invalid_type', field, s.node, `expected ${what}, got ${this.describe(v)}`);
      return undefined;
    }
    const bad =
      !Number.isFinite(v) || (rule.integer && !Number.isInteger(v)) ||
      (rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max) ||
      (rule.above !== undefined && v <= rule.above);
    if (bad) {
      this.report('out_of_range', field, s.node, `expected ${what}, got ${v}`);
      return undefined;
    }
    return v;
  }
}

function describeRule(r: NumberRule): string {
  const kind = r.integer ? 'an integer' : 'a number';
  if (r.min !== undefined && r.max !== undefined) return `${kind} from ${r.min} to ${r.max}`;
  if (r.above !== undefined) return `${kind} > ${r.above}`;
  if (r.min !== undefined) return `${kind} ≥ ${r.min}`;
  return kind;
}
