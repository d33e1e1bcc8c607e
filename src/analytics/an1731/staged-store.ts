// Staged artifacts outlive the window: an encrypted file written by an app stays linked to what was
// encrypted into it until a send takes it out, it is deleted, or it ages out under its own horizon
// (policy `staging_horizon`). A send whose size or path matches an artifact written before the
// window recalls it: the artifact's encryption and collected data join the window (facets take it
// through their `recalled` hook) for as long as that send is in the window.
// Plain data, bounded per context: the oldest artifact goes first past the cap.

import type { KeyRecord } from './types.js';

/** what went into one staged file, as figures (never content) */
export interface StagedArtifact {
  /** the file write */
  ts: number; ref: string; path: string; bytes: number; entropy: number;
  /** the file's name (a request path naming it carries it) */
  base: string;
  /** the encryption that produced it: the newest encrypt op before the write */
  opRef: string; opTs: number; alg: string; mode: string | undefined; keyFp: string | undefined;
  /** the key's record as it was then (its own horizon may have passed when the file is sent) */
  key: KeyRecord | undefined;
  legacy: boolean; inBytes: number; outBytes: number;
  /** collected data read in the window before the write */
  categories: string[]; items: number; readBytes: number; readRefs: string[]; readTs: number[];
  /** how hidden the write's moment was (0..1, as the background facet judges a moment) */
  hidden: number;
}

/** an artifact recalled into the window by a send */
export interface Recalled { artifact: StagedArtifact; sendTs: number; sendRef: string; waitedMs: number }

export const STAGED_CAP = 32;
/** the most read refs an artifact keeps as evidence */
const READ_REFS_CAP = 16;

export const READ_REFS = READ_REFS_CAP;

/** a send carries this artifact: its bytes hold the artifact plus framing (multipart, base64 of it),
 *  or its request path names the file */
export function sendCarries(a: StagedArtifact, bytes: number, path: string | undefined): boolean {
  if (bytes >= a.bytes * 0.95 && bytes <= a.bytes * 1.4 + 4096) return true;
  return path !== undefined && a.base.length >= 6 && path.includes(a.base);
}

export class StagedStore {
  items: StagedArtifact[] = [];

  add(a: StagedArtifact): void {
    this.items.push(a);
    if (this.items.length > STAGED_CAP) this.items.shift();
  }

  /** artifacts still within the horizon at `t`; the others go */
  live(t: number, horizon: number): StagedArtifact[] {
    const from = t - horizon;
    if (this.items.length > 0 && this.items[0].ts < from) this.items = this.items.filter((a) => a.ts >= from);
    return this.items;
  }

  /** a deleted file can no longer be sent: it leaves the store */
  delete(path: string, ts: number): void {
    const i = this.items.findIndex((a) => a.path === path && a.ts <= ts);
    if (i >= 0) this.items.splice(i, 1);
  }

  /** the artifact a send at `ts` takes out (it leaves the store), written before the send */
  take(ts: number, bytes: number, path: string | undefined, horizon: number): StagedArtifact | undefined {
    const items = this.live(ts, horizon);
    for (let i = items.length - 1; i >= 0; i--) {
      const a = items[i];
      if (a.ts > ts) continue;
      if (sendCarries(a, bytes, path)) { items.splice(i, 1); return a; }
    }
    return undefined;
  }

  get size(): number { return this.items.length; }
  /** the newest artifact's time (-Infinity when none) */
  get newest(): number { return this.items.length ? this.items[this.items.length - 1].ts : -Infinity; }
}
