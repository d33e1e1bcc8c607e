import type { CommandSpec } from '../options/spec.js';
import { OUT_FILE, POLICY } from '../options/common.js';

export const EXPORT: CommandSpec = {
  name: 'export',
  synopsis: 'export --to FORMAT',
  summary: 'the AN1731 correlation as Sigma, EQL, KQL or SPL rules',
  usage: ['export --to sigma|eql|kql|spl [-p FILE] [-o FILE]'],
  description: 'Writes the AN1731 correlation as rules for other engines, with the policy\'s thresholds (TimeWindow, EntropyThreshold, KeyReuseThreshold, AllowedCryptoApps):\n  sigma  base detection rules (one per step) + correlation rules (temporal_ordered grouped by\n         device and app; event_count for key reuse), YAML multi-document\n  eql    Elasticsearch EQL sequences by device, app with maxspan\n  kql    Kusto (Microsoft Sentinel / Data Explorer) queries with scan-ordered steps\n  spl    Splunk SPL searches with transaction\nEach output starts with the telemetry v1 field mapping it assumes. What the rules cannot express compared with the engine is listed in docs/response.md (section "Detection as code").',
  positionals: false,
  options: [
    { name: 'to', type: 'string', arg: 'FORMAT', values: ['sigma', 'eql', 'kql', 'spl'], help: 'the rule language (required)' },
    { ...POLICY, help: 'policy v1 (default thresholds without it)' },
    OUT_FILE,
  ],
  exits: ['0  done', '2  usage or policy error'],
};
