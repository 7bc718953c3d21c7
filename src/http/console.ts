import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { serveDocsFile } from './docs.js';

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$/;

/**
 * The staff console (web/console, built by scripts/build-console.mjs into the docs site): one page
 * and its assets, served like /docs under the same content security policy (scripts and styles
 * from this origin only, requests to this origin only). It calls the public JSON API.
 */
export function registerConsole(app: OpenAPIHono<AppEnv>): void {
  app.get('/console', (c) => c.redirect('/console/', 301));
  app.get('/console/', (c) => serveDocsFile(c, 'console/index.html', 'no-cache'));
  app.get('/console/assets/:file', (c) => {
    const file = c.req.param('file');
    if (!ASSET_NAME.test(file)) return serveDocsFile(c, 'console/assets/none', 'no-cache');
    return serveDocsFile(c, `console/assets/${file}`, 'no-cache');
  });
}
