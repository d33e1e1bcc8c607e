import { parseArgs } from 'node:util';
import { runCollect } from '../collect/collect.js';
import { fpSecretFromEnv } from './fp-secret.js';
import { COLLECT_HELP } from './usage.js';
import { UsageError } from './usage-error.js';

export async function collectCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: false, strict: true,
      options: {
        package: { type: 'string' }, spawn: { type: 'boolean', default: false }, device: { type: 'string' },
        out: { type: 'string' }, frida: { type: 'string' }, agent: { type: 'string' },
      },
    });
  } catch (e) { throw new UsageError((e as Error).message, COLLECT_HELP); }
  const v = args.values;
  if (!v.package) throw new UsageError('collect needs --package PKG', COLLECT_HELP);
  return runCollect({
    package: v.package, spawn: v.spawn!,
    ...(v.device ? { device: v.device } : {}), ...(v.out ? { out: v.out } : {}),
    ...(v.frida ? { fridaPath: v.frida } : {}), ...(v.agent ? { agentPath: v.agent } : {}),
    fpSecret: fpSecretFromEnv(),
  });
}
