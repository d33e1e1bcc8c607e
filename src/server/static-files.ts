// The dashboard's static files (src/server/dashboard, copied to dist/server/dashboard by the
// build). Paths are resolved inside that folder only; unknown paths are 404.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_DIR = fileURLToPath(new URL('./dashboard/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon', '.json': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2', '.map': 'application/json; charset=utf-8', '.webp': 'image/webp',
};

export async function staticFile(dir: string, urlPath: string): Promise<{ body: Buffer; type: string } | undefined> {
  let rel: string;
  try { rel = decodeURIComponent(urlPath); } catch { return undefined; }
  if (rel.includes('\0')) return undefined;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = resolve(dir);
  const file = resolve(join(root, rel));
  if (!file.startsWith(root + sep)) return undefined;
  // TypeScript sources and tests are not served
  if (/\.(ts|md)$/.test(file)) return undefined;
  try {
    const s = await stat(file);
    if (!s.isFile()) return undefined;
    return { body: await readFile(file), type: TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
  } catch { return undefined; }
}
