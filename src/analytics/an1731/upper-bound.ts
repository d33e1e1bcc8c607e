// An optimistic bound on a chain's score that costs a few loops and no strings: every facet that
// can be present at all counts at full strength, and only the adjustments that are certain are
// applied. Evaluations whose bound stays under the report floor are skipped: the hot path of a
// fleet (VPN keepalives, messengers, Keystore-backed apps) never builds an explanation.
import type { ChainView, Analysis } from './chain-view.js';
import { WEIGHTS, NO_STAGING_FACTOR, STAGING_UNSEEN_FACTOR, KEYSTORE_FACTOR, FLEET_KEY_BONUS, APPROVED_CONSISTENT_FACTOR } from './scoring.js';
import { breaksExpectations, type InventoryVerdict } from './inconsistency.js';
import { LOCAL_ORIGINS } from './key-reuse.js';

export function scoreUpperBound(v: ChainView, a: Analysis, verdict: InventoryVerdict, stagingUnseen: boolean): number {
  const allowed = a.inventory.isAllowedCrypto(v.ctx.app);
  let key = 0, fleet = false, keystoreOnly = v.encrypts.length > 0;
  let lastFp: string | undefined;
  for (const op of v.encrypts) {
    const fp = op.key_fp;
    if (fp === undefined) { keystoreOnly = false; continue; }
    if (fp === lastFp) continue;
    lastFp = fp;
    const r = v.ctx.keys.get(fp);
    const hw = r !== undefined && (r.hw_backed || r.origin === 'keystore');
    if (!hw) keystoreOnly = false;
    if (hw) continue;
    const born = r !== undefined && (r.origin === 'generated' || r.origin === 'remote');
    if (!born) { fleet = true; key = 1; }
    else if (!allowed && key < 0.4) key = 0.4;
  }
  const staging = v.reads.length > 0 || v.files.length > 0;
  let score = WEIGHTS.crypto * (allowed ? 0.3 : 1) + WEIGHTS.key_reuse * key + (staging ? WEIGHTS.staging : 0) + WEIGHTS.background + WEIGHTS.network;
  if (v.ctx.facts.signerMismatch) return 100; // critical evidence is never skipped
  const inc = !verdict.approved || breaksExpectations(v, a, verdict);
  if (inc) score += WEIGHTS.inconsistency;
  if (!staging) score *= stagingUnseen ? STAGING_UNSEEN_FACTOR : NO_STAGING_FACTOR;
  if (keystoreOnly) score *= KEYSTORE_FACTOR;
  if (fleet) score += FLEET_KEY_BONUS;
  if (!inc) score *= APPROVED_CONSISTENT_FACTOR;
  return score;
}
