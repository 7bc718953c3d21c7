import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { members } from '../../../src/db/schema/index.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

/** Enrolment belongs to another route; here a member row is all the endpoint needs. */
async function insertMember(): Promise<string> {
  const partner = await app.createPartner();
  const id = app.deps.ids('mem');
  await app.deps.db
    .insert(members)
    .values({ id, externalReference: null, enrolledByPartnerId: partner.id, createdAt: app.clock.nowMs });
  return id;
}

async function mint(memberId: string, token?: string) {
  return app.request('POST', `/v1/members/${memberId}/tokens`, {
    token: token ?? (await app.operatorToken()),
  });
}

describe('POST /v1/members/{memberId}/tokens', () => {
  test('mints a network-signed member token that verifies against the published JWKS', async () => {
    const memberId = await insertMember();
    const response = await mint(memberId);
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toEqual({
      token: expect.any(String),
      tokenType: 'Bearer',
      expiresAt: '2026-11-23T10:00:00.000Z',
    });
    expect(decodeProtectedHeader(response.body.token)).toMatchObject({
      typ: 'tessera-member+jwt',
      alg: 'ES256',
      kid: app.deps.networkKeys.signing.kid,
    });
    const jwks = (await app.request('GET', '/.well-known/jwks.json')).body;
    const { payload } = await jwtVerify(response.body.token, createLocalJWKSet(jwks), {
      issuer: app.config.tokenIssuer,
      audience: app.config.tokenAudience,
      typ: 'tessera-member+jwt',
      currentDate: new Date(app.clock.nowMs),
    });
    expect(payload).toMatchObject({ sub: memberId, exp: Date.parse(response.body.expiresAt) / 1000 });
  });

  test('the lifetime is MEMBER_TOKEN_TTL_SECONDS, and expiresAt is the exp claim', async () => {
    await app.close();
    app = await TestApp.create({ environment: { MEMBER_TOKEN_TTL_SECONDS: '600' } });
    app.clock.advance(1234);
    const response = await mint(await insertMember());
    expect(response.body.expiresAt).toBe('2026-11-23T09:10:01.000Z');
    const [, payload = ''] = response.body.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(600);
    expect(claims.exp * 1000).toBe(Date.parse(response.body.expiresAt));
  });

  test('an unknown member is 404 member_not_found', async () => {
    await insertMember();
    const response = await mint('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'member_not_found' });
    expect(response.body.detail).toContain('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q');
  });

  test('an id longer than 64 characters is 422 validation_failed', async () => {
    const response = await mint(`mem_${'A'.repeat(70)}`);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'param.memberId' }] });
  });
});

describe('POST /v1/members/{memberId}/tokens is for the operator only', () => {
  test.each([
    ['no token', async () => undefined, 401, 'unauthorized'],
    ['a partner token', async () => (await app.onboardPartner()).token(), 401, 'invalid_token'],
    ["the member's own token", async (memberId: string) => app.memberToken(memberId), 401, 'invalid_token'],
    ['an operator token', async () => app.operatorToken(), 201, undefined],
  ] as const)('%s', async (_name, tokenFor, status, code) => {
    const memberId = await insertMember();
    const token = await tokenFor(memberId);
    const response = await app.request(
      'POST',
      `/v1/members/${memberId}/tokens`,
      token === undefined ? {} : { token },
    );
    expect(response.status).toBe(status);
    if (code === undefined) {
      expect(response.body.tokenType).toBe('Bearer');
    } else {
      expect(response.body).toMatchObject({ code, status });
      expect(response.body).not.toHaveProperty('token');
    }
  });
});
