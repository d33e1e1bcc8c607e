// The evidence lines shared by the proposal comments and the diff: one baseline, in words.
import type { AppBaseline } from '../baseline/types.js';
import type { AppSummary } from '../baseline/summary.js';

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

export function evidenceLines(a: AppBaseline, s: AppSummary): string[] {
  const out = [`seen on ${s.devices} device(s), ${s.events} event(s), ${iso(a.first_ts)} .. ${iso(a.last_ts)}`];
  if (s.sends) out.push(`sends: ${s.sends} (${s.bytes_sent} bytes), ${s.background_sends} in background; contexts ${Object.keys(a.fields.send_contexts.values).sort().join(', ')}`);
  if (s.domains.length || s.bare_ips.length) out.push(`destinations: ${[...s.domains, ...s.bare_ips].join(', ')}${a.fields.destinations.truncated ? ` (+${a.fields.destinations.truncated} more not kept)` : ''}`);
  if (s.encrypt_ops || s.decrypt_ops) out.push(`crypto: ${Object.keys(a.fields.crypto_algorithms.values).sort().join(', ')}; ${s.encrypt_ops} encrypt op(s) (${s.bytes_encrypted} bytes), ${s.decrypt_ops} decrypt op(s)`);
  if (s.key_origins.length) out.push(`key origins: ${s.key_origins.join(', ')}${s.hw_backed_keys ? ` (${s.hw_backed_keys} hardware-backed)` : ''}`);
  if (s.data_categories.length) out.push(`data read: ${s.data_categories.join(', ')}`);
  if (s.high_entropy_writes) out.push(`high-entropy file writes: ${s.high_entropy_writes}`);
  if (s.signers.length) out.push(`signer(s): ${s.signers.join(', ')}`);
  if (s.installers.length) out.push(`installer(s): ${s.installers.join(', ')}`);
  return out;
}
