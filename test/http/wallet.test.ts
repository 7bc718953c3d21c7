import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WALLET_CONTENT_SECURITY_POLICY } from '../../src/http/wallet.js';
import { TestApp } from '../support/harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await TestApp.create();
});
afterAll(async () => {
  await app?.close();
});

describe('the wallet routes on Node', () => {
  test.each([
    '/wallet/',
    '/wallet/claim',
    '/wallet/activity',
    '/wallet/inbox',
    '/wallet/privacy',
    '/wallet/choices',
    '/wallet/profile',
    '/wallet/pools/pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  ])('GET %s answers the wallet page under its policy', async (path) => {
    const response = await app.request('GET', path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(WALLET_CONTENT_SECURITY_POLICY);
    expect(response.body).toContain('<script type="module" src="/wallet/assets/wallet.js"></script>');
  });

  test.each([
    '/wallet/nothing',
    '/wallet/assets/other.js',
    '/wallet/pools/..%2f..%2fetc',
    '/wallet/assets/..%2findex.html',
  ])('GET %s is the 404 problem, never a file outside the wallet', async (path) => {
    const response = await app.request('GET', path);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('route_not_found');
  });

  test('GET /wallet and /claim lead into the wallet', async () => {
    expect((await app.request('GET', '/wallet')).headers.get('location')).toBe('/wallet/');
    const claim = await app.request('GET', '/claim');
    expect(claim.status).toBe(302);
    expect(claim.headers.get('location')).toBe('/wallet/claim');
  });
});
