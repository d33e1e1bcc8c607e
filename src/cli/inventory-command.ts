import { parseArgs } from 'node:util';
import { runDiff, runPropose } from '../app/inventory.js';
import { INVENTORY_HELP } from './usage.js';
import { UsageError } from './usage-error.js';

export async function inventoryCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { policy: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false }, 'fail-on-findings': { type: 'boolean', default: false } },
    });
  } catch (e) { throw new UsageError((e as Error).message, INVENTORY_HELP); }
  const v = args.values;
  const [sub, baseline, ...extra] = args.positionals;
  if (sub !== 'propose' && sub !== 'diff') throw new UsageError(sub ? `unknown inventory subcommand '${sub}'` : 'inventory needs a subcommand: propose or diff', INVENTORY_HELP);
  if (!baseline || extra.length) throw new UsageError(`inventory ${sub} needs exactly one BASELINE.json`, INVENTORY_HELP);
  if (sub === 'propose') {
    if (v.json || v['fail-on-findings']) throw new UsageError('--json and --fail-on-findings apply to diff', INVENTORY_HELP);
    await runPropose({ baseline, ...(v.policy ? { policy: v.policy } : {}), ...(v.out ? { out: v.out } : {}) });
    return 0;
  }
  if (!v.policy) throw new UsageError('inventory diff needs --policy CURRENT', INVENTORY_HELP);
  if (v.out) throw new UsageError('--out applies to propose', INVENTORY_HELP);
  const r = await runDiff({ baseline, policy: v.policy, json: v.json });
  process.stdout.write(r.text);
  return v['fail-on-findings'] && r.findings > 0 ? 1 : 0;
}
