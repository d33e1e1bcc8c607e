import type { CommandSpec } from '../options/spec.js';
import { JSON_ALIAS, format } from '../options/common.js';

export const POLICY_SPEC: CommandSpec = {
  name: 'policy',
  synopsis: 'policy check FILE',
  summary: 'validate a policy v1 file, listing every problem',
  usage: ['policy check FILE [--format text|json]'],
  description: 'Validates a policy v1 file and lists every problem with its path and line.',
  positionals: true,
  options: [format(['text', 'json'], 'text', 'the result as text or JSON'), JSON_ALIAS],
  exits: ['0  valid', '2  invalid, or a usage error'],
};
