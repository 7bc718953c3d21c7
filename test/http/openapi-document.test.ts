import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from '../../src/app.js';
import { OPENAPI_DOCUMENT_FILE } from '../../src/http/openapi.js';
import { folderDocsSite } from '../../src/node-docs-site.js';
import { TestApp } from '../support/harness.js';

/**
 * On Workers `/openapi.json` is the file Node generated into the static assets (their script has no
 * document generator): the app with `openApiDocument: 'docs-site'` sends that file as Node sends the
 * document it generates. test/worker/docs.test.ts compares the two in workerd.
 */
let node: TestApp;
let site: string;
beforeAll(async () => {
  node = await TestApp.create();
  site = mkdtempSync(join(tmpdir(), 'tessera-openapi-site-'));
});
afterAll(async () => {
  await node?.close();
  rmSync(site, { recursive: true, force: true });
});

test('the document from the docs site is sent as the generated one is', async () => {
  const generated = await node.app.request('/openapi.json');
  const text = await generated.text();
  writeFileSync(join(site, OPENAPI_DOCUMENT_FILE), text);
  const fromSite = createApp({ ...node.deps, openApiDocument: 'docs-site', docsSite: folderDocsSite(site) });
  const served = await fromSite.request('/openapi.json');
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe(generated.headers.get('content-type'));
  expect(served.headers.get('x-request-id')).toMatch(/^req_/);
  expect(await served.text()).toBe(text);
});

test('without the file the answer is a 404 problem that says how to build it', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'tessera-openapi-empty-'));
  try {
    const app = createApp({ ...node.deps, openApiDocument: 'docs-site', docsSite: folderDocsSite(empty) });
    const response = await app.request('/openapi.json');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      code: 'route_not_found',
      detail: expect.stringContaining('build command of wrangler.toml'),
    });
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
