import type { CommandSpec } from '../options/spec.js';
import { JSON_ALIAS, OUT_FILE, format } from '../options/common.js';

export const INVENTORY: CommandSpec = {
  name: 'inventory',
  synopsis: 'inventory propose|diff',
  summary: 'propose the approved-app inventory from a baseline, or diff it',
  usage: ['inventory propose BASELINE.json [-p CURRENT] [-o FILE]', 'inventory diff BASELINE.json -p CURRENT [--format text|json] [--fail-on-findings]'],
  description: "propose  writes a policy v1 apps: section for review: one entry per app seen, with its expected_domains, background_network and signer as observed, and the evidence (devices, volumes) in comments. Nothing is approved: 'approved' is kept as CURRENT says, or left out.\ndiff  compares what the fleet does with the inventory: apps seen but not listed (ranked by risk: crypto, background sends, sensitive data), approved apps outside their declared expectations (new domain, background network, second signer, locally accessible keys the label does not explain), and inventory entries never seen (stale).",
  positionals: true,
  options: [
    { name: 'policy', short: 'p', type: 'string', arg: 'FILE', help: 'the current policy v1 (required for diff)' },
    { ...OUT_FILE, help: 'propose: write the proposal there instead of stdout' },
    format(['text', 'json'], 'text', 'diff: as text or JSON'),
    { name: 'fail-on-findings', type: 'boolean', help: 'diff exits 1 when it finds anything to review' },
    JSON_ALIAS,
  ],
  exits: ['0  done', '1  --fail-on-findings and something to review', '2  usage or policy error', '3  unreadable baseline'],
};
