// What the NATS stages of this process have not finished (checkpoints not written, events not
// published), for a process stopped before they could: its last words say what a replacement
// will redo or what was lost. Process-wide, as the signals that stop it are.
const sources = new Set<() => string | undefined>();

/** `describe` returns undefined when nothing is left; call the returned function once done */
export function trackUnfinished(describe: () => string | undefined): () => void {
  sources.add(describe);
  return () => { sources.delete(describe); };
}

export function unfinishedWork(): string[] {
  const out: string[] = [];
  for (const f of sources) { const s = f(); if (s) out.push(s); }
  return out;
}
