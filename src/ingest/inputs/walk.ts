// Directory arguments: every file below, in name order (so runs are repeatable), dot-files left out.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function walkFiles(dir: string, match: (rel: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await visit(r);
      else if (e.isFile() && match(r)) out.push(join(dir, r));
    }
  };
  await visit('');
  return out;
}
