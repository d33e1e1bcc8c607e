// Build step after tsc: copies the dashboard's static files (src/server/dashboard) to
// dist/server/dashboard, where the server serves them from. TypeScript sources and tests are
// skipped (tsc compiles them, if any, into the same folder).
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src/server/dashboard');
const to = join(root, 'dist/server/dashboard');
if (existsSync(from)) {
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true, filter: (src) => !/\.tsx?$/.test(src) && !/\.test\./.test(src) });
}
