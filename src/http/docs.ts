import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import { fail } from './problems.js';

/**
 * Where the files of the docs site come from (built by scripts/build-docs-site.mjs): a folder on
 * Node, the static assets binding on Workers. Tessera serves them itself, from its own origin.
 */
export interface DocsSite {
  /** The file at `path` (such as `docs/assets/tessera-docs.js`), or undefined when there is none. */
  read(path: string): Promise<Response | undefined>;
}

/**
 * The docs pages run Swagger UI and nothing else: scripts and styles only from Tessera's own
 * origin (no inline script, no eval), requests only to it, never framed.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Swagger UI's stylesheet draws its icons as data: SVGs.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  png: 'image/png',
};

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$/;

/** `/docs` (Swagger UI), `/docs/partner-guide` (and its Markdown) and their assets. */
export function registerDocs(app: OpenAPIHono<AppEnv>): void {
  app.get('/docs', (c) => serveDocsFile(c, 'docs/index.html', 'no-cache'));
  app.get('/docs/partner-guide', (c) => serveDocsFile(c, 'docs/partner-guide.html', 'no-cache'));
  app.get('/docs/partner-guide.md', (c) => serveDocsFile(c, 'docs/partner-guide.md', 'no-cache'));
  app.get('/docs/assets/:file', (c) => {
    const file = c.req.param('file');
    if (!ASSET_NAME.test(file)) return notFound(c);
    return serveDocsFile(c, `docs/assets/${file}`, 'public, max-age=3600');
  });
}

export async function serveDocsFile(
  c: Context<AppEnv>,
  path: string,
  cacheControl: string,
): Promise<Response> {
  const site = c.get('deps').docsSite;
  const file = site === undefined ? undefined : await site.read(path);
  if (file === undefined) return notFound(c);
  const extension = path.slice(path.lastIndexOf('.') + 1);
  return new Response(file.body, {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'cache-control': cacheControl,
      'content-security-policy': DOCS_CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  });
}

function notFound(c: Context<AppEnv>): never {
  const built = c.get('deps').docsSite !== undefined;
  fail({
    code: 'route_not_found',
    detail: built
      ? `There is no route ${c.req.method} ${c.req.path}.`
      : 'The docs site is not built here: run `npm run build:docs` (npm start does it first).',
  });
}
