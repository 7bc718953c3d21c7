import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestApp } from '../support/harness.js';

const ALLOWED = 'https://wallet.example.com';
const REFUSED = 'https://evil.example.net';

function preflight(app: TestApp, path: string, origin: string, method: string) {
  return app.request('OPTIONS', path, {
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    },
  });
}

describe('CORS with CORS_ALLOWED_ORIGINS set', () => {
  let app: TestApp;
  let memberToken: string;
  let partnerToken: () => Promise<string>;
  beforeAll(async () => {
    app = await TestApp.create({
      environment: { CORS_ALLOWED_ORIGINS: `${ALLOWED}, http://localhost:5173` },
    });
    const partner = await app.onboardPartner();
    partnerToken = partner.token;
    const enrolled = await app.request('POST', '/v1/members', {
      token: await partnerToken(),
      idempotencyKey: 'enrol-cors',
      body: { externalReference: 'CARD-CORS' },
    });
    memberToken = await app.memberToken(enrolled.body.id);
  });
  afterAll(() => app.close());

  test.each([
    ['a member route', '/v1/me', 'GET'],
    ['a partner write', '/v1/earn', 'POST'],
  ])(
    'a preflight from an allowed origin for %s is answered 204 with what the browser needs',
    async (_name, path, method) => {
      const response = await preflight(app, path, ALLOWED, method);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(response.headers.get('access-control-allow-methods')).toContain(method);
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'authorization,content-type,idempotency-key',
      );
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('vary')).toContain('Origin');
    },
  );

  test('the actual request from an allowed origin carries the origin and exposes the request id', async () => {
    const response = await app.request('GET', '/v1/me', {
      token: memberToken,
      headers: { origin: ALLOWED },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id,retry-after');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('a problem answered to an allowed origin is readable by its web app too', async () => {
    const response = await app.request('GET', '/v1/me', { headers: { origin: 'http://localhost:5173' } });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  test('another origin gets no CORS headers, on the preflight or the request', async () => {
    const refusedPreflight = await preflight(app, '/v1/me', REFUSED, 'GET');
    expect(refusedPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(refusedPreflight.headers.get('access-control-allow-methods')).toBeNull();
    expect(refusedPreflight.status).toBe(405);

    const refused = await app.request('GET', '/v1/me', { token: memberToken, headers: { origin: REFUSED } });
    expect(refused.status).toBe(200);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS by default', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.create();
  });
  afterAll(() => app.close());

  test('no origin is allowed', async () => {
    const refusedPreflight = await preflight(app, '/v1/me', ALLOWED, 'GET');
    expect(refusedPreflight.status).toBe(405);
    expect(refusedPreflight.headers.get('access-control-allow-origin')).toBeNull();
    const response = await app.request('GET', '/health', { headers: { origin: ALLOWED } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
