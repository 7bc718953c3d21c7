import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WALLET_CONTENT_SECURITY_POLICY } from '../../src/http/wallet.js';
import { LocalWorker, WORKER_START_TIMEOUT_MS } from './support.js';

// wrangler.toml as deployed: the docs site build also writes the wallet, uploaded as static assets.
let worker: LocalWorker;
beforeAll(async () => {
  worker = await LocalWorker.start({ docsSite: true });
}, WORKER_START_TIMEOUT_MS);
afterAll(async () => {
  await worker?.stop();
}, 15_000);

describe('the member wallet on Workers, from the static assets', () => {
  test.each([
    ['/wallet/', 'text/html; charset=utf-8'],
    ['/wallet/pools', 'text/html; charset=utf-8'],
    ['/wallet/pools/pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 'text/html; charset=utf-8'],
    ['/wallet/assets/wallet.js', 'text/javascript; charset=utf-8'],
    ['/wallet/assets/wallet.css', 'text/css; charset=utf-8'],
    ['/wallet/sw.js', 'text/javascript; charset=utf-8'],
    ['/wallet/manifest.webmanifest', 'application/manifest+json'],
  ])('GET %s is served by the worker with the wallet headers', async (path, contentType) => {
    const response = await fetch(new URL(path, worker.baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('content-security-policy')).toBe(WALLET_CONTENT_SECURITY_POLICY);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  test('a claim link leads to the claim page', async () => {
    const response = await fetch(new URL('/claim', worker.baseUrl), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/wallet/claim');
  });

  test('a page the wallet does not have is the app 404 problem', async () => {
    const response = await worker.request('GET', '/wallet/nothing');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('route_not_found');
  });
});
