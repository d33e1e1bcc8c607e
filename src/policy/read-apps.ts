// `allowed_crypto_apps` and `apps` (the enterprise-approved inventory).
import type { AppEntry } from '../model/policy.js';
import { DATA_CATEGORIES } from '../model/event.js';
import { domainPatternProblem, normalizeHost } from './host-pattern.js';
import { packageNameProblem } from './package-name.js';
import { APP_KEYS } from './policy-keys.js';
import { normalizeSigner, SHA256_HEX } from './signer.js';
import { fieldOf, indexOf, type YamlWalk } from './yaml-walk.js';

function readPackage(w: YamlWalk, node: unknown, field: string): string | undefined {
  const s = w.string(node, field, 'an Android package name');
  if (s === undefined) return undefined;
  const problem = packageNameProblem(s);
  if (problem) {
    w.report('invalid_value', field, w.deref(node, field), `\`${s}\` ${problem}`);
    return undefined;
  }
  return s;
}

export function readAllowedCrypto(w: YamlWalk, node: unknown): string[] {
  const items = w.items(node, 'allowed_crypto_apps', 'a list of package names') ?? [];
  const out: string[] = [];
  items.forEach((item, i) => {
    const pkg = readPackage(w, item, indexOf('allowed_crypto_apps', i));
    if (pkg !== undefined) out.push(pkg);
  });
  return out;
}

/** Lower-case hex without colons; a wrong length or a non-hex character is an `invalid_signer`. */
function readSigner(w: YamlWalk, node: unknown, field: string): string | undefined {
  const s = w.string(node, field, 'a SHA-256 fingerprint (64 hex digits, colons allowed)');
  if (s === undefined) return undefined;
  const hex = normalizeSigner(s);
  if (SHA256_HEX.test(hex)) return hex;
  const why = /^[0-9a-f]*$/.test(hex)
    ? `has ${hex.length} hex digits; a SHA-256 fingerprint has 64`
    : 'may only contain hex digits and colons';
  w.report('invalid_signer', field, w.deref(node, field), `signer ${JSON.stringify(s)} ${why}`);
  return undefined;
}

/** A list of strings, each checked by `problem` (a reason, or undefined when good) and kept as
 *  `keep` makes it; undefined when the list or any item is bad (every bad item is reported). */
function readStrings(w: YamlWalk, node: unknown, field: string, what: string, itemWhat: string,
  problem: (s: string) => string | undefined, keep: (s: string) => string = (s) => s): string[] | undefined {
  const items = w.items(node, field, what);
  if (!items) return undefined;
  const out: string[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const f = indexOf(field, i);
    const s = w.string(item, f, itemWhat);
    const why = s === undefined ? undefined : problem(s);
    if (s === undefined) ok = false;
    else if (why) { ok = false; w.report('invalid_value', f, w.deref(item, f), `\`${s}\` ${why}`); }
    else out.push(keep(s));
  });
  return ok ? out : undefined;
}

const readDomains = (w: YamlWalk, node: unknown, field: string): string[] | undefined =>
  readStrings(w, node, field, 'a list of host names or `*.domain` wildcards', 'a host name or `*.domain` wildcard', domainPatternProblem, normalizeHost);

const CATEGORY_LIST = DATA_CATEGORIES.join(', ');
const readCategories = (w: YamlWalk, node: unknown, field: string): string[] | undefined =>
  readStrings(w, node, field, `a list of data categories (${CATEGORY_LIST})`, 'a data category',
    (s) => ((DATA_CATEGORIES as readonly string[]).includes(s) ? undefined : `is not a data category (${CATEGORY_LIST})`));

/** The entry (undefined when any of its fields is bad) and the node of its `package` value. */
function readApp(w: YamlWalk, node: unknown, field: string): { app?: AppEntry; pkg?: string; pkgNode?: unknown } {
  const e = w.entries(node, field, APP_KEYS, 'an app entry (a mapping with at least `package`)');
  if (!e) return {};
  const pkgEntry = e.get('package');
  if (!pkgEntry) w.report('missing_field', fieldOf(field, 'package'), w.deref(node, field), 'every app entry needs a `package`');
  const pkg = pkgEntry ? readPackage(w, pkgEntry.value, fieldOf(field, 'package')) : undefined;
  const at = (k: string) => e.get(k)?.value;
  const app: Partial<AppEntry> = {};
  if (e.has('approved')) app.approved = w.bool(at('approved'), fieldOf(field, 'approved'));
  if (e.has('label')) app.label = w.string(at('label'), fieldOf(field, 'label'));
  if (e.has('signer')) app.signer = readSigner(w, at('signer'), fieldOf(field, 'signer'));
  if (e.has('expected_domains')) app.expected_domains = readDomains(w, at('expected_domains'), fieldOf(field, 'expected_domains'));
  if (e.has('background_network')) app.background_network = w.bool(at('background_network'), fieldOf(field, 'background_network'));
  if (e.has('data_categories')) app.data_categories = readCategories(w, at('data_categories'), fieldOf(field, 'data_categories'));
  if (pkg === undefined || !pkgEntry) return {};
  const pkgNode = w.deref(pkgEntry.value, '');
  const out: AppEntry = { package: pkg };
  for (const k of APP_KEYS) if (k !== 'package' && app[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = app[k];
  return { app: out, pkg, pkgNode };
}

export function readApps(w: YamlWalk, node: unknown): AppEntry[] {
  const items = w.items(node, 'apps', 'a list of app entries') ?? [];
  const out: AppEntry[] = [];
  const seen = new Map<string, { field: string; line?: number }>();
  items.forEach((item, i) => {
    const field = indexOf('apps', i);
    const { app, pkg, pkgNode } = readApp(w, item, field);
    if (pkg === undefined) return;
    const first = seen.get(pkg);
    if (first) {
      const where = first.line !== undefined ? `${first.field}, line ${first.line}` : first.field;
      w.report('duplicate_package', fieldOf(field, 'package'), pkgNode, `duplicate package \`${pkg}\` (first listed at ${where})`);
      return;
    }
    seen.set(pkg, { field, line: w.lineOf(pkgNode) });
    if (app) out.push(app);
  });
  return out;
}
