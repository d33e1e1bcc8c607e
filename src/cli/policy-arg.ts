// `--policy FILE` of every command that takes one: the default policy without it; an invalid policy
// prints every problem and the command exits 2 (returned as undefined).
import { DEFAULT_POLICY, formatIssue, type Policy } from '../model/index.js';
import { loadPolicy } from '../policy/index.js';

export async function policyArg(path: string | undefined): Promise<{ policy: Policy; text?: string } | undefined> {
  if (!path) return { policy: DEFAULT_POLICY };
  const r = await loadPolicy(path);
  if (!r.value || r.issues.length) {
    process.stderr.write(`ciphertrail: policy ${path} is invalid (${r.issues.length} problem(s)):\n${r.issues.map((i) => '  ' + formatIssue(i)).join('\n')}\n`);
    return undefined;
  }
  return { policy: r.value };
}
