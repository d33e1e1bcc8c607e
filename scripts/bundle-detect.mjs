// Build step after tsc: rewrites dist/cli/detect-command.js as one file holding its whole module
// graph, so `ciphertrail detect` starts without resolving, reading and compiling ~80 small ESM
// modules (~25-30 ms of every run). What main.js itself loads stays a plain import (one module
// instance: `instanceof CiphertrailError` in main.js must see the same class), and so do dynamic
// imports (the OCSF sink, --from adapters: still loaded only when used).
import { build } from 'esbuild';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const outFile = join(dist, 'cli/detect-command.js');

/** packages copied into the bundle: the policy parser is ~75 CommonJS files (~35 ms to load) */
const INLINE_PACKAGES = new Set(['yaml']);

/** relative imports to leave as imports: dynamic ones, and any in `shared`; packages stay imports
 *  too (native addons cannot be bundled), but for INLINE_PACKAGES */
const keepImports = (shared) => ({
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.kind === 'dynamic-import' || !INLINE_PACKAGES.has(args.path.split('/')[0])) return { path: args.path, external: true };
      return undefined;
    });
    b.onResolve({ filter: /^\./ }, (args) => {
      const path = resolve(args.resolveDir, args.path);
      if (args.kind !== 'dynamic-import' && !shared.has(path)) return undefined;
      const rel = relative(dirname(outFile), path);
      return { path: rel.startsWith('.') ? rel : './' + rel, external: true };
    });
  },
});

// 1. the files main.js loads statically (before any command runs)
const main = await build({
  entryPoints: [join(dist, 'cli/main.js')], bundle: true, write: false, metafile: true,
  platform: 'node', format: 'esm', packages: 'external', logLevel: 'error', plugins: [keepImports(new Set())],
});
const shared = new Set(Object.keys(main.metafile.inputs).map((f) => resolve(f)));

// 2. detect's graph, minus those
await build({
  entryPoints: [outFile], outfile: outFile, allowOverwrite: true, bundle: true, sourcemap: true,
  platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', plugins: [keepImports(shared)],
  // the inlined CommonJS code requires Node built-ins ('process'): give it a real require
  banner: { js: "import { createRequire as __ctCreateRequire } from 'node:module'; const require = __ctCreateRequire(import.meta.url);" },
});
