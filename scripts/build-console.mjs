/**
 * Builds the staff console (web/console: Preact, TSX) into the static site beside the docs:
 * `console/index.html`, and its one script and stylesheet under `console/assets/`. The script is
 * bundled and minified by esbuild; nothing is loaded from another host and nothing runs inline,
 * so the page works under the same content security policy as /docs.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, 'web/console');

/** Writes the console into `site` (the docs site folder being built). */
export function buildConsole(site) {
  const assets = join(site, 'console/assets');
  mkdirSync(assets, { recursive: true });
  buildSync({
    entryPoints: [join(SOURCE, 'main.tsx')],
    outfile: join(assets, 'console.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(SOURCE, 'console.css'), join(assets, 'console.css'));
  copyFileSync(join(SOURCE, 'index.html'), join(site, 'console/index.html'));
}
