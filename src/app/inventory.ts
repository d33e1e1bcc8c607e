// Composition root of `ciphertrail inventory propose|diff`: baseline + current policy -> draft
// inventory YAML, or the diff (text or JSON).
import { writeFile } from 'node:fs/promises';
import { CiphertrailError, formatIssue, type Policy } from '../model/index.js';
import { loadPolicy } from '../policy/index.js';
import { loadBaselineOrThrow } from './baseline.js';
import { proposeYaml, diffInventory, formatDiff, diffFindings } from '../inventory/index.js';

async function policyOrThrow(file: string): Promise<Policy> {
  const r = await loadPolicy(file);
  if (!r.value || r.issues.length) throw new CiphertrailError('invalid_policy', `policy ${file} is invalid (${r.issues.length} problem(s)):\n${r.issues.map((i) => '  ' + formatIssue(i)).join('\n')}`);
  return r.value;
}

export async function runPropose(o: { baseline: string; policy?: string; out?: string }): Promise<void> {
  const b = await loadBaselineOrThrow(o.baseline);
  const text = proposeYaml(b, o.policy ? await policyOrThrow(o.policy) : undefined);
  if (o.out && o.out !== '-') await writeFile(o.out, text);
  else process.stdout.write(text);
}

export async function runDiff(o: { baseline: string; policy: string; json: boolean }): Promise<{ text: string; findings: number }> {
  const d = diffInventory(await loadBaselineOrThrow(o.baseline), await policyOrThrow(o.policy));
  return { text: o.json ? JSON.stringify(d, null, 2) + '\n' : formatDiff(d), findings: diffFindings(d) };
}
