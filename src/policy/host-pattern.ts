// expected_domains entries: exact host names (or IP literals) and `*.domain` wildcards.
//
// Matching rules (the engine calls these on every send, via Inventory):
// - case-insensitive, one trailing dot ignored (`Api.Example.com.` == `api.example.com`);
// - an exact entry matches that host only;
// - `*.example.com` matches any depth of subdomain (`a.example.com`, `x.y.example.com`) AND the
//   apex `example.com` itself: a domain owner who writes `*.example.com` means "our domain".
//   This differs from TLS certificate wildcards (one label, no apex) on purpose.
import { isIP } from 'node:net';

export function normalizeHost(h: string): string {
  let s = h.trim().toLowerCase();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1); // bracketed IPv6 literal
  if (s.endsWith('.')) s = s.slice(0, -1);
  return s;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** could be an IP literal: IPv4 is digits and dots, IPv6 has a colon (isIP is asked only then:
 *  its first IPv6 answer compiles a large regex, ~10 ms of every policy load) */
const MAYBE_IP = /^[0-9.]+$|:/;

function hostProblem(h: string): string | undefined {
  if (MAYBE_IP.test(h) && isIP(h)) return undefined;
  if (h.length > 253) return 'is longer than 253 characters';
  if (!h.split('.').every((l) => LABEL.test(l))) return 'is not a valid host name';
  return undefined;
}

/** Why `raw` is not a usable expected_domains entry, or undefined when it is. */
export function domainPatternProblem(raw: string): string | undefined {
  const p = normalizeHost(raw);
  if (p === '') return 'is empty';
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(p) || p.includes('/')) return 'must be a host name, not a URL (drop the scheme and path)';
  if (p === '*' || p === '*.') return 'would match every host; list the domains the app is expected to reach';
  const base = p.startsWith('*.') ? p.slice(2) : p;
  if (base.includes('*')) return 'may only use a leading `*.` wildcard (e.g. `*.example.com`)';
  if (base.includes(':') && !isIP(base)) return 'must be a host name without a port';
  return hostProblem(base);
}

/** Compiled form of a list of patterns: exact hosts in a set, wildcard bases in a list. */
export class HostMatcher {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = normalizeHost(raw);
      if (p.startsWith('*.')) {
        const base = p.slice(2);
        this.exact.add(base); // the apex matches too (see above)
        this.suffixes.push('.' + base);
      } else if (p !== '') {
        this.exact.add(p);
      }
    }
  }

  matches(host: string): boolean {
    const h = normalizeHost(host);
    if (h === '') return false;
    if (this.exact.has(h)) return true;
    for (const s of this.suffixes) if (h.endsWith(s)) return true;
    return false;
  }
}
