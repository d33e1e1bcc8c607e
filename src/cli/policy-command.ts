import { parseArgs } from 'node:util';
import { checkPolicy } from '../policy/index.js';
import { POLICY_HELP } from './usage.js';
import { UsageError } from './usage-error.js';

export async function policyCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'boolean', default: false } } });
  } catch (e) { throw new UsageError((e as Error).message, POLICY_HELP); }
  const [sub, file, ...extra] = args.positionals;
  if (sub !== 'check') throw new UsageError(sub ? `unknown policy subcommand '${sub}'` : 'policy needs a subcommand: check', POLICY_HELP);
  if (!file || extra.length) throw new UsageError('policy check needs exactly one FILE', POLICY_HELP);
  const r = await checkPolicy(file);
  const out = args.values.json ? JSON.stringify(r.json, null, 2) + '\n' : r.text.endsWith('\n') ? r.text : r.text + '\n';
  (r.ok ? process.stdout : process.stderr).write(out);
  return r.ok ? 0 : 2;
}
