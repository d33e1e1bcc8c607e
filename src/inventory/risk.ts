// Risk of an app nobody reviewed yet, from its baseline: what AN1731 looks for, as a ranking aid
// (crypto, locally accessible keys, background sends, sensitive data, bare IPs, cleartext,
// sideloading). Points, not a probability; the reasons say where each point came from.
import type { AppSummary } from '../baseline/summary.js';

export interface Risk { score: number; reasons: string[] }

const STORES = new Set(['com.android.vending', 'com.sec.android.app.samsungapps', 'com.huawei.appmarket', 'com.amazon.venezia',
  'org.fdroid.fdroid', 'com.google.android.packageinstaller.managed', 'com.xiaomi.market', 'com.oppo.market', 'com.heytap.market']);

export function riskOf(s: AppSummary, plainSends: number): Risk {
  const reasons: string[] = [];
  let score = 0;
  const add = (n: number, why: string) => { score += n; reasons.push(`+${n} ${why}`); };
  if (s.encrypt_ops > 0) add(3, `encrypts (${s.encrypt_ops} ops, ${s.bytes_encrypted} bytes)`);
  if (s.local_key_origins.length) add(2, `locally accessible keys (${s.local_key_origins.join(', ')})`);
  if (s.background_sends > 0) add(2, `${s.background_sends} send(s) in background`);
  if (s.sensitive_categories.length) add(Math.min(3, s.sensitive_categories.length), `reads ${s.sensitive_categories.join(', ')}`);
  if (s.bare_ips.length) add(1, `sends to bare IP(s) ${s.bare_ips.slice(0, 3).join(', ')}`);
  if (plainSends > 0) add(1, `${plainSends} send(s) without TLS`);
  if (s.installers.some((i) => !STORES.has(i))) add(1, `installed by ${s.installers.filter((i) => !STORES.has(i)).join(', ')}`);
  if (s.signers.length > 1) add(2, `${s.signers.length} signers`);
  return { score, reasons };
}
