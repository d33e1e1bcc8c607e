// Where the real third-party data lives (../shared/realdata next to the project, see its
// SOURCES.md). Tests read it in place and never copy it into the project; when it is absent they
// skip with a message.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const REAL_DATA_DIR: string | undefined = [join(projectRoot, '../shared/realdata'), '/work/shared/realdata'].find((d) => existsSync(d));

/** absolute path of a file under realdata, or undefined when it is not on this machine */
export function realDataPath(rel: string): string | undefined {
  if (!REAL_DATA_DIR) return undefined;
  const p = join(REAL_DATA_DIR, rel);
  return existsSync(p) ? p : undefined;
}

export const PROJECT_ROOT = projectRoot;
