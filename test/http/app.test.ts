import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestApp } from '../support/harness.js';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

describe('public routes', () => {
  test('GET /health answers ok once the database answers', async () => {
    const response = await app.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', time: '2026-11-23T09:00:00.000Z' });
  });

  test('GET /.well-known/jwks.json publishes the public network key only', async () => {
    const response = await app.request('GET', '/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.body.keys).toHaveLength(1);
    expect(response.body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      kid: app.deps.networkKeys.signing.kid,
    });
    expect(response.body.keys[0]).not.toHaveProperty('d');
  });

  test('GET /openapi.json is OpenAPI 3.1 with security schemes', async () => {
    const response = await app.request('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.components.securitySchemes).sort()).toEqual([
      'memberToken',
      'operatorToken',
      'partnerToken',
    ]);
    expect(response.body.paths['/v1/partners'].post.security).toEqual([{ operatorToken: [] }]);
  });

  test('GET /docs serves Swagger UI', async () => {
    const response = await app.request('GET', '/docs');
    expect(response.status).toBe(200);
    expect(String(response.body)).toContain('/openapi.json');
  });
});

describe('bad requests are problems, never 5xx', () => {
  test('an unknown route is 404 route_not_found as problem+json', async () => {
    const response = await app.request('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'route_not_found',
      status: 404,
      type: 'urn:tessera:problem:route_not_found',
    });
    expect(response.body.requestId).toMatch(/^req_/);
  });

  test('a wrong method is 405 with Allow', async () => {
    const response = await app.request('DELETE', '/health');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(response.body.code).toBe('method_not_allowed');
  });

  test('malformed JSON is 400 malformed_json and creates nothing', async () => {
    const response = await app.request('POST', '/v1/partners', {
      token: await app.operatorToken(),
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
    expect(await app.deps.db.query.partners.findMany()).toEqual([]);
  });

  test('a body that is not JSON is 415 unsupported_media_type', async () => {
    const response = await app.request('POST', '/v1/partners', {
      token: await app.operatorToken(),
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
    expect(await app.deps.db.query.partners.findMany()).toEqual([]);
  });

  test('a body over 64 KiB is 413 payload_too_large', async () => {
    const response = await app.request('POST', '/v1/partners', {
      token: await app.operatorToken(),
      rawBody: JSON.stringify({ name: 'x'.repeat(70 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
    expect(await app.deps.db.query.partners.findMany()).toEqual([]);
  });

  test('a schema violation is 422 validation_failed naming each field', async () => {
    const response = await app.request('POST', '/v1/partners', {
      token: await app.operatorToken(),
      body: {
        name: '',
        sector: 'casino',
        country: 'usa',
        settlementCurrency: 'USD',
        earnRate: '-1',
        issuePrice: '0.01',
        redeemRate: '0.01',
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    const paths = response.body.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining(['json.name', 'json.sector', 'json.country', 'json.earnRate']),
    );
    expect(await app.deps.db.query.partners.findMany()).toEqual([]);
  });
});
