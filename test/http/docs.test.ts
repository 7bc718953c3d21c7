import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../src/app.js';
import { DOCS_CONTENT_SECURITY_POLICY } from '../../src/http/docs.js';
import { TestApp } from '../support/harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await TestApp.create();
});
afterAll(() => app.close());

describe('the docs site', () => {
  test.each([
    ['/docs', 'text/html; charset=utf-8', 'swagger-ui-bundle.js'],
    ['/docs/partner-guide', 'text/html; charset=utf-8', 'Tessera partner guide'],
    ['/docs/partner-guide.md', 'text/markdown; charset=utf-8', '# Tessera partner guide'],
  ])('%s is served with the docs CSP', async (path, contentType, content) => {
    const response = await app.request('GET', path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('content-security-policy')).toBe(DOCS_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(String(response.body)).toContain(content);
  });

  test('no docs page has an inline script or loads anything from another host', async () => {
    for (const path of ['/docs', '/docs/partner-guide']) {
      const html = String((await app.request('GET', path)).body);
      for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/src="\/docs\/assets\//);
      // Links to other sites are fine; nothing the page loads (src, stylesheets, icons) may be.
      expect(html).not.toMatch(/src="(https?:)?\/\//);
      for (const tag of html.match(/<link[^>]*>/g) ?? []) expect(tag).toMatch(/href="\/docs\/assets\//);
    }
  });

  test.each([
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ['swagger-ui.css', 'text/css; charset=utf-8'],
    ['tessera-docs.js', 'text/javascript; charset=utf-8'],
    ['favicon-32x32.png', 'image/png'],
  ])('the asset %s is served from Tessera itself', async (file, contentType) => {
    const response = await app.request('GET', `/docs/assets/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  test.each(['/docs/assets/nothing.js', '/docs/assets/..%2F..%2Fpackage.json', '/docs/assets/.env'])(
    '%s is 404 route_not_found',
    async (path) => {
      const response = await app.request('GET', path);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('route_not_found');
    },
  );

  test('without a docs site, /docs says how to build it', async () => {
    const { docsSite: _site, ...withoutSite } = app.deps;
    const response = await createApp(withoutSite).request('/docs');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain('npm run build:docs');
  });
});
