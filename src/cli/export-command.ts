import { exportRules, TARGETS, type Target } from '../export/index.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { EXPORT } from './specs/export.js';
import { policyArg } from './policy-arg.js';
import { writeOutput } from './output-arg.js';

export async function exportCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ to?: string; policy?: string; out?: string }>(EXPORT, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  if (!v.to) throw new UsageError(`export needs --to ${TARGETS.join('|')}`);
  if (!TARGETS.includes(v.to as Target)) throw new UsageError(`--to: want ${TARGETS.join(', ')}, got '${v.to}'`);
  const p = await policyArg(v.policy);
  if (!p) return 2;
  writeOutput(v.out, exportRules(v.to as Target, p.policy));
  return 0;
}
