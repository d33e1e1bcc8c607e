import { runCollect } from '../collect/collect.js';
import { fpSecretFromEnv } from './fp-secret.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { COLLECT } from './specs/collect.js';

export async function collectCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ package?: string; spawn?: boolean; device?: string; out?: string; frida?: string; agent?: string }>(COLLECT, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  if (!v.package) throw new UsageError('collect needs --package PKG');
  return runCollect({
    package: v.package, spawn: v.spawn === true, fpSecret: fpSecretFromEnv(),
    ...(v.device ? { device: v.device } : {}), ...(v.out ? { out: v.out } : {}),
    ...(v.frida ? { fridaPath: v.frida } : {}), ...(v.agent ? { agentPath: v.agent } : {}),
  });
}
