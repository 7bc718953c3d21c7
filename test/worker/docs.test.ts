import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DOCS_CONTENT_SECURITY_POLICY } from '../../src/http/docs.js';
import { TestApp } from '../support/harness.js';
import { LocalWorker, WORKER_START_TIMEOUT_MS } from './support.js';

// wrangler.toml as deployed: its build command writes the docs site, uploaded as static assets.
let worker: LocalWorker;
beforeAll(async () => {
  worker = await LocalWorker.start({ docsSite: true });
}, WORKER_START_TIMEOUT_MS);
afterAll(async () => {
  await worker?.stop();
}, 15_000);

describe('the docs site on Workers, from the static assets', () => {
  test.each([
    ['/docs', 'text/html; charset=utf-8'],
    ['/docs/partner-guide', 'text/html; charset=utf-8'],
    ['/docs/assets/swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ['/docs/assets/swagger-ui.css', 'text/css; charset=utf-8'],
  ])('GET %s is served by the worker with the docs headers', async (path, contentType) => {
    const response = await fetch(new URL(path, worker.baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('content-security-policy')).toBe(DOCS_CONTENT_SECURITY_POLICY);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  test('the API is served beside them', async () => {
    const response = await worker.request('GET', '/health');
    expect(response.status).toBe(200);
  });

  test('GET /openapi.json is, byte for byte, the document the Node build generates', async () => {
    const node = await TestApp.create();
    try {
      const [onNode, onWorker] = await Promise.all([
        node.app.request('/openapi.json'),
        fetch(new URL('/openapi.json', worker.baseUrl)),
      ]);
      expect(onNode.status).toBe(200);
      expect(onWorker.status).toBe(200);
      expect(onWorker.headers.get('content-type')).toBe(onNode.headers.get('content-type'));
      expect(onWorker.headers.get('x-request-id')).toMatch(/^req_/);
      const [nodeText, workerText] = await Promise.all([onNode.text(), onWorker.text()]);
      expect(workerText.length).toBeGreaterThan(100_000);
      expect(workerText).toBe(nodeText);
    } finally {
      await node.close();
    }
  });

  test('an asset that is not there is the app 404 problem', async () => {
    const response = await worker.request('GET', '/docs/assets/nothing.js');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('route_not_found');
  });
});
