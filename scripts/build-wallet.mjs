/**
 * Builds the member wallet into `<site>/wallet`: web/wallet (Preact, TSX) bundled by esbuild into
 * one minified script and its stylesheet, with the page, the web app manifest, the icon and the
 * service worker beside them. Tessera serves the folder under /wallet/ (src/http/wallet.ts).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STATIC_FILES = ['index.html', 'manifest.webmanifest', 'icon.svg', 'sw.js'];

/** Writes the wallet into `site` (the docs site folder being built). */
export function buildWallet(site) {
  const wallet = join(site, 'wallet');
  const sources = join(ROOT, 'web/wallet');
  mkdirSync(join(wallet, 'assets'), { recursive: true });
  buildSync({
    entryPoints: [join(sources, 'main.tsx')],
    outfile: join(wallet, 'assets/wallet.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  for (const file of STATIC_FILES) copyFileSync(join(sources, 'static', file), join(wallet, file));
  copyFileSync(join(sources, 'static/wallet.css'), join(wallet, 'assets/wallet.css'));
}
