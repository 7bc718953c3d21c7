/**
 * Builds the documentation site that Tessera serves under /docs into dist/docs-site: Swagger UI
 * from the pinned swagger-ui-dist package, Tessera's own pages and scripts from docs/site, and
 * docs/partner-guide.md rendered to HTML. The Node server serves the folder (npm start builds it
 * first); on Workers it is the static assets directory of wrangler.toml (its build command,
 * scripts/build-worker.mjs, adds the OpenAPI document as `openapi.json`).
 */
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { buildConsole } from './build-console.mjs';
import { buildWallet } from './build-wallet.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DOCS_SITE = join(ROOT, 'dist/docs-site');
/** Where the Worker reads the OpenAPI document from (src/http/openapi.ts names the same file). */
export const OPENAPI_DOCUMENT_FILE = 'openapi.json';

const SWAGGER_UI_FILES = [
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.LICENSE.txt',
  'swagger-ui.css',
  'favicon-32x32.png',
  'LICENSE',
  'NOTICE',
];

/** With `openApiDocument` (the text of Node's `/openapi.json`), the site holds it as `openapi.json`. */
export function buildDocsSite({ openApiDocument } = {}) {
  const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const site = join(ROOT, 'docs/site');
  // Built aside and renamed into place, so that a server never reads a half-written site.
  const partial = `${DOCS_SITE}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const assets = join(partial, 'docs/assets');
  mkdirSync(assets, { recursive: true });
  for (const file of SWAGGER_UI_FILES) {
    const target = file === 'LICENSE' || file === 'NOTICE' ? `swagger-ui-${file}.txt` : file;
    copyFileSync(join(swaggerUi, file), join(assets, target));
  }
  for (const file of ['tessera-docs.js', 'tessera-docs.css'])
    copyFileSync(join(site, file), join(assets, file));
  copyFileSync(join(site, 'index.html'), join(partial, 'docs/index.html'));

  const guide = readFileSync(join(ROOT, 'docs/partner-guide.md'), 'utf8');
  const page = readFileSync(join(site, 'partner-guide.html'), 'utf8');
  const rendered = marked.parse(guide, { async: false, gfm: true });
  writeFileSync(join(partial, 'docs/partner-guide.html'), page.replace('<!-- the guide -->', rendered));
  writeFileSync(join(partial, 'docs/partner-guide.md'), guide);
  buildConsole(partial);

  buildWallet(partial);
  if (openApiDocument !== undefined) writeFileSync(join(partial, OPENAPI_DOCUMENT_FILE), openApiDocument);

  // A rebuild that changes nothing leaves the site alone: `wrangler dev` runs its build command
  // again once it watches, and a server must not lose its files for a moment while it serves them.
  if (sameFiles(partial, DOCS_SITE)) {
    rmSync(partial, { recursive: true, force: true });
    return;
  }
  rmSync(DOCS_SITE, { recursive: true, force: true });
  renameSync(partial, DOCS_SITE);
}

function sameFiles(left, right) {
  const files = (folder) => {
    try {
      return readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(folder, join(entry.parentPath ?? entry.path, entry.name)))
        .sort();
    } catch {
      return undefined;
    }
  };
  const names = files(left);
  const others = files(right);
  if (names === undefined || others === undefined || names.join('\n') !== others.join('\n')) return false;
  return names.every((name) => readFileSync(join(left, name)).equals(readFileSync(join(right, name))));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildDocsSite();
