// `--forward SPEC` (repeatable), `--forward-config FILE`, `--forward-secret-file FILE` of serve,
// worker and detect. The parsing lives in src/forward/config.ts; here only the options' shape.
import { access, constants } from 'node:fs/promises';
import { formatIssue, type Issue } from '../model/index.js';
import { forwardOptions } from '../forward/config.js';
import type { ForwardSetup } from '../forward/outputs.js';

export const FORWARD_OPTIONS = {
  forward: { type: 'string', multiple: true },
  'forward-config': { type: 'string' },
  'forward-secret-file': { type: 'string' },
} as const;

/** undefined: no outputs; null: invalid (every problem printed; the command exits 2) */
export async function forwardArgs(v: { forward?: string[]; 'forward-config'?: string; 'forward-secret-file'?: string }): Promise<ForwardSetup | undefined | null> {
  if (!v.forward?.length && !v['forward-config']) {
    if (v['forward-secret-file']) { process.stderr.write('ciphertrail: --forward-secret-file needs a --forward webhook output\n'); return null; }
    return undefined;
  }
  const r = await forwardOptions(v.forward ?? [], v['forward-config']);
  // the files are read when the outputs start (after a NATS connection, a database): check now
  const files = new Set([v['forward-secret-file'], ...r.outputs.flatMap((o) => [o.secretFile, o.authFile, o.caFile])].filter((f): f is string => !!f));
  for (const f of files) {
    await access(f, constants.R_OK).catch((e: NodeJS.ErrnoException) => { r.issues.push({ code: 'read_error', file: f, message: `cannot read ${f}: ${e.code ?? 'error'}` } satisfies Issue); });
  }
  if (r.issues.length) {
    process.stderr.write(`ciphertrail: forwarding is not configured correctly (${r.issues.length} problem(s)):\n${r.issues.map((i) => '  ' + formatIssue(i)).join('\n')}\n`);
    return null;
  }
  return { outputs: r.outputs, ...(v['forward-secret-file'] ? { secretFile: v['forward-secret-file'] } : {}) };
}
