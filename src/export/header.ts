// The comment block every export starts with: what it is, the thresholds it encodes, the mapping.
import type { ChainSpec } from './chain-spec.js';
import { fieldMapComment, type Target } from './field-map.js';

export function header(s: ChainSpec, target: Target, prefix: string): string {
  return [
    `${prefix} ciphertrail AN1731 (MITRE ATT&CK Mobile T1521.001) exported as ${target}; generated, do not edit.`,
    `${prefix} Thresholds: TimeWindow=${s.window} EntropyThreshold=${s.entropy} KeyReuseThreshold=${s.keyReuse} AllowedCryptoApps=[${s.allowedCryptoApps.join(', ')}]`,
    `${prefix} These rules match event patterns only; the engine's scoring, explanations, inventory checks and`,
    `${prefix} visibility handling are not expressible here (see docs/response.md, "Detection as code").`,
    fieldMapComment(target, prefix),
  ].join('\n') + '\n';
}
