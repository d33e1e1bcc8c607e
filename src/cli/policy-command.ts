import { checkPolicy } from '../policy/index.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { POLICY_SPEC } from './specs/policy.js';

export async function policyCommand(argv: string[]): Promise<number> {
  const { values, positionals, notices } = parseCommand<{ format: string }>(POLICY_SPEC, argv);
  for (const n of notices) process.stderr.write(n + '\n');
  const [sub, file, ...extra] = positionals;
  if (sub !== 'check') throw new UsageError(sub ? `policy: unknown subcommand '${sub}'; the one there is: check` : 'policy: give a subcommand: check FILE');
  if (!file || extra.length) throw new UsageError('policy check: give exactly one FILE');
  const r = await checkPolicy(file);
  const out = values.format === 'json' ? JSON.stringify(r.json, null, 2) + '\n' : r.text.endsWith('\n') ? r.text : r.text + '\n';
  (r.ok ? process.stdout : process.stderr).write(out);
  return r.ok ? 0 : 2;
}
