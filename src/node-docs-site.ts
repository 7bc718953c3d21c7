import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocsSite } from './http/docs.js';

/** Where scripts/build-docs-site.mjs writes the docs site (`npm start` runs it first). */
export const DOCS_SITE_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/docs-site');

/** The docs site read from a folder, for Node. The app only asks for names it validated. */
export function folderDocsSite(folder: string = DOCS_SITE_FOLDER): DocsSite {
  return {
    async read(path) {
      if (path.split('/').includes('..')) return undefined;
      try {
        return new Response(await readFile(resolve(folder, path)));
      } catch {
        return undefined;
      }
    },
  };
}
