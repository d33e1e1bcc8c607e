// When a key event or an encrypt op must wake a quiet context. The score bound
// (an1731/upper-bound.ts) reads keys only through the encrypt ops in view, and only as a set: which
// fingerprints (and whether some op had none), each once. So an op whose key (or absence of one) an
// op in the window already had adds nothing the bound has not counted when it made the context
// quiet — every op in the window was either there then or added later without waking for this very
// reason — and a key record that no op in the window uses is not read at all. Expiry only lowers
// the bound. Anything else still wakes the context (engine.ts).
import type { AppContext } from './an1731/app-context.js';

/** an encrypt op in the context's window has this key (undefined: an op without a key) */
export function usedInWindow(ctx: AppContext, fp: string | undefined): boolean {
  return ctx.encrypts.hasKey(fp);
}
