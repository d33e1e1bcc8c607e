import { parseArgs } from 'node:util';
import { exportRules, TARGETS, type Target } from '../export/index.js';
import { EXPORT_HELP } from './usage-assure.js';
import { UsageError } from './usage-error.js';
import { policyArg } from './policy-arg.js';
import { writeOutput } from './output-arg.js';

export async function exportCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: false, strict: true, options: { to: { type: 'string' }, policy: { type: 'string' }, out: { type: 'string' } } });
  } catch (e) { throw new UsageError((e as Error).message, EXPORT_HELP); }
  const v = args.values;
  if (!v.to) throw new UsageError(`export needs --to ${TARGETS.join('|')}`, EXPORT_HELP);
  if (!TARGETS.includes(v.to as Target)) throw new UsageError(`--to: want ${TARGETS.join(', ')}, got '${v.to}'`, EXPORT_HELP);
  const p = await policyArg(v.policy);
  if (!p) return 2;
  writeOutput(v.out, exportRules(v.to as Target, p.policy));
  return 0;
}
