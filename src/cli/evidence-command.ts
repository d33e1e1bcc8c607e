import { readFileSync } from 'node:fs';
import { verifyChain } from '../evidence/index.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { EVIDENCE } from './specs/evidence.js';
import { hmacKey } from './evidence-args.js';

export async function evidenceCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ 'key-file'?: string; head?: string; format: string }>(EVIDENCE, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const [sub, file, ...rest] = args.positionals;
  if (sub !== 'verify') throw new UsageError(sub ? `unknown evidence subcommand '${sub}'` : 'evidence needs a subcommand: verify FILE');
  if (!file || rest.length) throw new UsageError('evidence verify takes one FILE');
  const v = args.values;
  if (v.head !== undefined && !/^[0-9a-f]{64}$/.test(v.head)) throw new UsageError(`--head: want a 64-digit lowercase hex hash, got '${v.head}'`);
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new UsageError(`cannot read ${file}: ${(e as Error).message}`); }
  const key = hmacKey(v['key-file'], process.env);
  const r = verifyChain(text, { ...(key ? { key } : {}), ...(v.head ? { head: v.head } : {}) });
  if (v.format === 'json') process.stdout.write(JSON.stringify({ file, ...r }) + '\n');
  else if (r.ok) process.stdout.write(`${file}: intact, ${r.records} record(s)${key ? `, all signed (HMAC-SHA256)` : r.signed ? `, ${r.signed} signed (signatures not checked: no key)` : ''}; head ${r.head ?? '-'}\n`);
  else process.stdout.write(`${file}: TAMPERED after ${r.records} intact record(s): ${r.problem!.kind}: ${r.problem!.message}\n`);
  return r.ok ? 0 : 1;
}
