import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestApp } from '../../support/harness.js';
import { expectMatrixOutcome, expectProblem, operatorOnlyMatrix, tokenFor } from './fixtures.js';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

describe('GET /v1/partners/{partnerId}', () => {
  test('answers the partner with its keys, removed ones included, and no key material', async () => {
    const partner = await app.createPartner({ categoryMultipliers: { prescription: '0' } });
    const first = await app.registerPartnerKey(partner.id, 'ES256');
    app.clock.advance(60_000);
    const second = await app.registerPartnerKey(partner.id, 'EdDSA');
    app.clock.advance(60_000);
    const token = await app.operatorToken();
    await app.request('DELETE', `/v1/partners/${partner.id}/keys/${first.kid}`, { token });

    const response = await app.request('GET', `/v1/partners/${partner.id}`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ...partner, categoryMultipliers: { prescription: '0' } });
    expect(response.body.keys).toEqual([
      {
        kid: first.kid,
        alg: 'ES256',
        createdAt: '2026-11-23T09:00:00.000Z',
        removedAt: '2026-11-23T09:02:00.000Z',
      },
      { kid: second.kid, alg: 'EdDSA', createdAt: '2026-11-23T09:01:00.000Z', removedAt: null },
    ]);
    expect(JSON.stringify(response.body)).not.toContain(String(first.publicJwk.x));
  });

  test('a partner without keys has an empty key list', async () => {
    const partner = await app.createPartner();
    const response = await app.request('GET', `/v1/partners/${partner.id}`, {
      token: await app.operatorToken(),
    });
    expect(response.status).toBe(200);
    expect(response.body.keys).toEqual([]);
  });

  test('keys of another partner are not listed', async () => {
    const partner = await app.createPartner();
    const other = await app.createPartner({ name: 'Other' });
    await app.registerPartnerKey(other.id);
    const response = await app.request('GET', `/v1/partners/${partner.id}`, {
      token: await app.operatorToken(),
    });
    expect(response.body.keys).toEqual([]);
  });

  test.each(['ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 'nobody', "ptn_'; DROP TABLE partners; --"])(
    'an unknown partner %s is 404 partner_not_found',
    async (partnerId) => {
      const response = await app.request('GET', `/v1/partners/${encodeURIComponent(partnerId)}`, {
        token: await app.operatorToken(),
      });
      expectProblem(response, 404, 'partner_not_found');
    },
  );

  test('a partner id over 64 characters is 422 validation_failed', async () => {
    const response = await app.request('GET', `/v1/partners/ptn_${'A'.repeat(80)}`, {
      token: await app.operatorToken(),
    });
    expectProblem(response, 422, 'validation_failed');
  });

  test.each(operatorOnlyMatrix(200))('$principal: $status $code', async ({ principal, status, code }) => {
    const partner = await app.createPartner();
    const token = await tokenFor(app, principal);
    const response = await app.request('GET', `/v1/partners/${partner.id}`, {
      ...(token === undefined ? {} : { token }),
    });
    expectMatrixOutcome(response, { status, code });
    if (code !== null) expect(response.body).not.toHaveProperty('keys');
  });
});
