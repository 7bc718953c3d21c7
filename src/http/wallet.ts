import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import { fail } from './problems.js';

/**
 * The member wallet's pages call the JSON API of their own origin and nothing else: scripts,
 * styles, images, the manifest and the service worker only from Tessera itself, no inline script,
 * no eval, never framed. Its QR codes and timeline are SVG drawn in the page.
 */
export const WALLET_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The wallet is one page; these are its addresses (the page itself reads which one it is at). */
const PAGES = new Set([
  '',
  'claim',
  'passkey',
  'activity',
  'card',
  'pools',
  'join',
  'status',
  'rewards',
  'choices',
  'inbox',
  'privacy',
  'profile',
]);
const POOL_ID = /^[A-Za-z0-9_]{1,64}$/;
const ASSETS: Readonly<Record<string, string>> = {
  'wallet.js': 'text/javascript; charset=utf-8',
  'wallet.css': 'text/css; charset=utf-8',
};
const ROOT_FILES: Readonly<Record<string, string>> = {
  'manifest.webmanifest': 'application/manifest+json',
  'icon.svg': 'image/svg+xml',
  'sw.js': 'text/javascript; charset=utf-8',
};

/**
 * `/wallet/…`: the member wallet built by scripts/build-wallet.mjs into the docs site folder (read
 * from disk on Node, from the static assets binding on Workers). `/claim`, the address a claim
 * link names on the wallet's origin, leads to the wallet's claim page; the browser keeps the
 * link's `#code=…` fragment across the redirect, and no server ever sees it.
 */
export function registerWallet(app: OpenAPIHono<AppEnv>): void {
  app.get('/claim', (c) => c.redirect('/wallet/claim', 302));
  app.get('/wallet', (c) => c.redirect('/wallet/', 301));
  app.get('/wallet/', (c) => serveWalletFile(c, 'wallet/index.html', 'text/html; charset=utf-8'));
  app.get('/wallet/pools/:poolId', (c) => {
    if (!POOL_ID.test(c.req.param('poolId'))) return notFound(c);
    return serveWalletFile(c, 'wallet/index.html', 'text/html; charset=utf-8');
  });
  app.get('/wallet/assets/:file', (c) => {
    const type = ASSETS[c.req.param('file')];
    return type === undefined
      ? notFound(c)
      : serveWalletFile(c, `wallet/assets/${c.req.param('file')}`, type);
  });
  app.get('/wallet/:name', (c) => {
    const name = c.req.param('name');
    const type = ROOT_FILES[name];
    if (type !== undefined) return serveWalletFile(c, `wallet/${name}`, type);
    if (!PAGES.has(name)) return notFound(c);
    return serveWalletFile(c, 'wallet/index.html', 'text/html; charset=utf-8');
  });
}

async function serveWalletFile(c: Context<AppEnv>, path: string, contentType: string): Promise<Response> {
  const site = c.get('deps').docsSite;
  const file = site === undefined ? undefined : await site.read(path);
  if (file === undefined) return notFound(c);
  return new Response(file.body, {
    status: 200,
    headers: {
      'content-type': contentType,
      // The file names carry no hash: a browser asks again each time (the service worker answers
      // from its copy when offline), so a new release is seen at once.
      'cache-control': 'no-cache',
      'content-security-policy': WALLET_CONTENT_SECURITY_POLICY,
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
      : 'The wallet is not built here: run `npm run build:docs` (npm start does it first).',
  });
}
