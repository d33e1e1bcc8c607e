// Shrinks a diverging corpus to a minimal one that still diverges: whole devices out, then whole
// (device, app) streams, then delta debugging over single lines. Dropping lines keeps the arrival
// order, so what is left is still shuffled within the lateness.
import { writeFileSync } from 'node:fs';
import type { Corpus } from './corpus.js';

export type Check = (c: Corpus) => Promise<boolean>;

function withLines(c: Corpus, lines: string[]): Corpus {
  writeFileSync(c.file, lines.join('\n') + '\n');
  return { ...c, lines };
}

const field = (line: string, k: 'device' | 'app'): string => String((JSON.parse(line) as Record<string, unknown>)[k] ?? '');

export async function shrink(c: Corpus, diverges: Check, log: (s: string) => void = () => {}): Promise<Corpus> {
  let lines = c.lines;
  const tryWithout = async (drop: (l: string, i: number) => boolean): Promise<boolean> => {
    const kept = lines.filter((l, i) => !drop(l, i));
    if (kept.length === lines.length || kept.length === 0) return false;
    if (!(await diverges(withLines(c, kept)))) return false;
    lines = kept;
    return true;
  };
  for (const by of [(l: string) => field(l, 'device'), (l: string) => `${field(l, 'device')}\u0000${field(l, 'app')}`]) {
    for (const g of [...new Set(lines.map(by))]) await tryWithout((l) => by(l) === g);
    log(`${lines.length} lines`);
  }
  // ddmin: remove chunks, halving the chunk size when no chunk can go
  for (let size = Math.max(1, lines.length >> 1); ; size = Math.max(1, size >> 1)) {
    let removed = false;
    for (let start = 0; start < lines.length;) {
      if (await tryWithout((_, i) => i >= start && i < start + size)) removed = true;
      else start += size;
    }
    log(`${lines.length} lines (chunks of ${size})`);
    if (size === 1 && !removed) break;
  }
  return withLines(c, lines);
}
