// Policy look-ups the engine makes on the hot path, precomputed once per policy: the app entry by
// package name, AllowedCryptoApps membership, expected-domain matching (rules in host-pattern.ts:
// `*.example.com` matches the apex `example.com` too) and pinned-signer comparison.
// Works on any Policy, loaded or built in code: nothing here assumes the loader normalised it.
import type { AppEntry, Policy } from '../model/policy.js';
import { HostMatcher } from './host-pattern.js';
import { signerMatches } from './signer.js';

export class Inventory {
  private readonly apps = new Map<string, AppEntry>();
  private readonly allowedCrypto: ReadonlySet<string>;
  private readonly matchers = new WeakMap<AppEntry, HostMatcher>();
  /** answers per (entry, host): a fleet asks about the same few hosts millions of times */
  private readonly answers = new WeakMap<AppEntry, Map<string, boolean>>();
  private static readonly ANSWER_CAP = 4096;

  constructor(policy: Policy) {
    for (const app of policy.apps) {
      if (!this.apps.has(app.package)) this.apps.set(app.package, app); // first entry wins
      this.matchers.set(app, new HostMatcher(app.expected_domains ?? []));
    }
    this.allowedCrypto = new Set(policy.allowed_crypto_apps);
  }

  /** The inventory entry of a package (exact, case-sensitive name), if listed. */
  entry(pkg: string): AppEntry | undefined {
    return this.apps.get(pkg);
  }

  isAllowedCrypto(pkg: string): boolean {
    return this.allowedCrypto.has(pkg);
  }

  /** Whether `host` is one of the entry's expected_domains; false when it declares none. */
  domainExpected(entry: AppEntry, host: string): boolean {
    let known = this.answers.get(entry);
    if (!known) this.answers.set(entry, (known = new Map()));
    const hit = known.get(host);
    if (hit !== undefined) return hit;
    const answer = this.match(entry, host);
    if (known.size >= Inventory.ANSWER_CAP) known.clear(); // bounded: DGA hosts must not grow it
    known.set(host, answer);
    return answer;
  }

  private match(entry: AppEntry, host: string): boolean {
    let m = this.matchers.get(entry);
    if (!m) {
      m = new HostMatcher(entry.expected_domains ?? []);
      this.matchers.set(entry, m);
    }
    return m.matches(host);
  }

  signerMatches(expected: string, seen: string): boolean {
    return signerMatches(expected, seen);
  }
}

export { signerMatches };
