import { runDiff, runPropose } from '../app/inventory.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { INVENTORY } from './specs/inventory.js';

export async function inventoryCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ policy?: string; out?: string; format: string; 'fail-on-findings'?: boolean }>(INVENTORY, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  const [sub, baseline, ...extra] = args.positionals;
  if (sub !== 'propose' && sub !== 'diff') throw new UsageError(sub ? `unknown inventory subcommand '${sub}'` : 'inventory needs a subcommand: propose or diff');
  if (!baseline || extra.length) throw new UsageError(`inventory ${sub} needs exactly one BASELINE.json`);
  if (sub === 'propose') {
    if (v.format !== 'text' || v['fail-on-findings']) throw new UsageError('inventory propose: --format and --fail-on-findings apply to diff');
    await runPropose({ baseline, ...(v.policy ? { policy: v.policy } : {}), ...(v.out ? { out: v.out } : {}) });
    return 0;
  }
  if (!v.policy) throw new UsageError('inventory diff needs --policy CURRENT');
  if (v.out) throw new UsageError('--out applies to propose');
  const r = await runDiff({ baseline, policy: v.policy, json: v.format === 'json' });
  process.stdout.write(r.text);
  return v['fail-on-findings'] && r.findings > 0 ? 1 : 0;
}
