// Where the real third-party data lives (../shared/realdata next to the project, see its
// SOURCES.md). Tests read it in place and never copy it into the project; a missing file fails
// under CI and is skipped with a line in the run's "skipped:" summary otherwise (test/need.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { need } from '../../../test/need.js';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** ../shared/realdata beside the project, or $CIPHERTRAIL_SHARED/realdata for a clone elsewhere */
export const REAL_DATA_DIR = join(process.env.CIPHERTRAIL_SHARED ?? join(projectRoot, '../shared'), 'realdata');

/** absolute path of a file under realdata, or undefined when it is not on this machine */
export function realDataPath(rel: string): string | undefined {
  const p = join(REAL_DATA_DIR, rel);
  return need(`../shared/realdata/${rel}`, existsSync(p), 'the shared real data set, see its SOURCES.md') ? p : undefined;
}

export const PROJECT_ROOT = projectRoot;
