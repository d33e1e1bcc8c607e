// The AN1731 correlation as a small engine-neutral spec (steps, ordered sequences, a count),
// built from the policy's thresholds. Every exporter renders this one spec, so the four outputs
// encode the same thresholds by construction.
import type { Policy } from '../model/index.js';
import { HIDDEN_STATES as ENGINE_HIDDEN } from '../analytics/index.js';
import { formatDuration } from '../policy/index.js';

export type Predicate =
  | { field: string; op: 'eq'; value: string | boolean }
  | { field: string; op: 'in'; value: string[] }
  | { field: string; op: 'not_in'; value: string[] }
  | { field: string; op: 'gte'; value: number }
  | { field: string; op: 'exists' };

export interface Step { name: string; title: string; description: string; type: string; where: Predicate[] }
export interface Sequence { name: string; title: string; description: string; steps: string[]; level: 'medium' | 'high' | 'critical' }
export interface Count { name: string; title: string; description: string; step: string; by: string[]; gte: number }

export interface ChainSpec {
  /** TimeWindow in ms and as the policy writes it (e.g. 10m) */
  windowMs: number;
  window: string;
  entropy: number;
  keyReuse: number;
  allowedCryptoApps: string[];
  groupBy: string[];
  steps: Step[];
  sequences: Sequence[];
  count: Count;
}

/** app states the engine counts as "not visibly in use" */
export const HIDDEN_STATES = [...ENGINE_HIDDEN].sort();

export function chainSpec(policy: Policy): ChainSpec {
  const t = policy.thresholds;
  const allowed = [...policy.allowed_crypto_apps].sort();
  const notAllowed: Predicate[] = allowed.length ? [{ field: 'app', op: 'not_in', value: allowed }] : [];
  const steps: Step[] = [
    { name: 'data_access', title: 'App reads user or device data', description: 'data.access of collected data (every category but other) that may go into the cipher',
      type: 'data.access', where: [{ field: 'category', op: 'not_in', value: ['other'] }] },
    { name: 'encrypt', title: 'App encrypts with a symmetric cipher', description: 'crypto.op encrypt (decrypt is obfuscation, not exfiltration); AllowedCryptoApps excluded',
      type: 'crypto.op', where: [{ field: 'dir', op: 'eq', value: 'encrypt' }, ...notAllowed] },
    { name: 'key_use', title: 'Encryption with a known key fingerprint', description: 'crypto.op encrypt carrying key_fp, counted per key for KeyReuseThreshold',
      type: 'crypto.op', where: [{ field: 'dir', op: 'eq', value: 'encrypt' }, { field: 'key_fp', op: 'exists' }, ...notAllowed] },
    { name: 'staging_write', title: 'App writes a high-entropy file', description: `file.write with entropy >= EntropyThreshold (${t.entropy_threshold} bits/byte): staged ciphertext`,
      type: 'file.write', where: [{ field: 'entropy', op: 'gte', value: t.entropy_threshold }] },
    { name: 'background', title: 'App leaves the foreground', description: 'app.state in a state without visible activity',
      type: 'app.state', where: [{ field: 'state', op: 'in', value: HIDDEN_STATES }] },
    { name: 'send', title: 'App sends data out', description: 'net.send: outbound transmission',
      type: 'net.send', where: [{ field: 'bytes_out', op: 'gte', value: 1 }] },
  ];
  const window = formatDuration(t.time_window);
  return {
    windowMs: t.time_window, window, entropy: t.entropy_threshold, keyReuse: t.key_reuse_threshold, allowedCryptoApps: allowed,
    groupBy: ['device', 'app'],
    steps,
    sequences: [
      { name: 'exfil_chain', title: 'AN1731: collected data encrypted then sent', level: 'high', steps: ['data_access', 'encrypt', 'send'],
        description: `data.access, then crypto.op encrypt, then net.send by the same app on the same device within TimeWindow ${window}` },
      { name: 'staged_exfil_chain', title: 'AN1731: collected data encrypted, staged to a high-entropy file, then sent', level: 'critical', steps: ['data_access', 'encrypt', 'staging_write', 'send'],
        description: `the exfil chain with a file.write of entropy >= ${t.entropy_threshold} between encryption and transmission, within ${window}` },
      { name: 'background_exfil_chain', title: 'AN1731: app leaves the foreground, encrypts, then sends', level: 'medium', steps: ['background', 'encrypt', 'send'],
        description: `app.state without visible activity (${HIDDEN_STATES.join('/')}), then crypto.op encrypt, then net.send within ${window}` },
    ],
    count: { name: 'key_reuse', title: 'AN1731: one key fingerprint reused for encryption', step: 'key_use', by: ['device', 'app', 'key_fp'], gte: t.key_reuse_threshold,
      description: `one key_fp used for >= KeyReuseThreshold (${t.key_reuse_threshold}) encryptions within ${window}` },
  };
}
