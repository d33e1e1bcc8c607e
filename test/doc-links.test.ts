// Every relative link in README.md and docs/**/*.md resolves: the file (or folder) exists inside
// the repository, and a #fragment names a heading of the target (GitHub's anchor rules).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './helpers.js';

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2… */
export function anchorsOf(md: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of md.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) { fenced = !fenced; continue; }
    const h = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const text = h[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const m of md.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(m[1]);
  return out;
}

/** the link targets of `md` outside code (fenced blocks and inline code spans) */
export function linksOf(md: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of md.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) { fenced = !fenced; continue; }
    if (fenced) continue;
    const text = line.replace(/`[^`]*`/g, '');
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]);
    for (const m of text.matchAll(/^\s*\[[^\]]+\]:\s+(\S+)/g)) out.push(m[1]);
  }
  return out;
}

function markdownFiles(): string[] {
  const out = [join(ROOT, 'README.md')];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.md')) out.push(p);
    }
  };
  walk(join(ROOT, 'docs'));
  return out;
}

/** why `target` (a link in `file`) does not resolve, or undefined */
function problem(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // http:, https:, mailto:
  const [pathPart, fragment] = target.split('#', 2);
  const path = decodeURIComponent(pathPart);
  const abs = path === '' ? file : resolve(dirname(file), path);
  const rel = relative(ROOT, abs);
  if (rel.startsWith('..')) return 'leaves the repository';
  if (!existsSync(abs)) return 'no such file';
  if (fragment !== undefined && abs.endsWith('.md') && !anchorsOf(readFileSync(abs, 'utf8')).has(fragment)) return `no heading #${fragment} in ${rel}`;
  return undefined;
}

describe('documentation links', () => {
  it('every relative link and anchor in README.md and docs/ resolves inside the repository', () => {
    const files = markdownFiles();
    expect(files.length).toBeGreaterThan(10);
    const broken: string[] = [];
    let checked = 0;
    for (const f of files) {
      for (const t of linksOf(readFileSync(f, 'utf8'))) {
        checked++;
        const why = problem(f, t);
        if (why) broken.push(`${relative(ROOT, f)}: (${t}) ${why}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('the checker finds what is broken (a missing file, a missing anchor, a link out of the repository)', () => {
    const readme = join(ROOT, 'README.md');
    expect(problem(readme, 'docs/no-such-page.md')).toBe('no such file');
    expect(problem(readme, 'docs/operations.md#no-such-heading')).toMatch(/no heading/);
    expect(problem(readme, '../shared/spec/alerts-v1.md')).toBe('leaves the repository');
    expect(problem(readme, 'docs/operations.md#token-rotation')).toBeUndefined();
    expect([...anchorsOf('# A `b` — c?\n## A `b` — c?\n```\n# not a heading\n```\n')]).toEqual(['a-b--c', 'a-b--c-1']);
    expect(linksOf('see [x](a.md#b) and `[y](not-a-link.md)`\n```\n[z](in-code.md)\n```\n![i](img.png "t")')).toEqual(['a.md#b', 'img.png']);
  });
});
