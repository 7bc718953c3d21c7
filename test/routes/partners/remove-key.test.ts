import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestApp } from '../../support/harness.js';
import {
  expectMatrixOutcome,
  expectProblem,
  partnerKeysMatrix,
  partnerTablesSnapshot,
  tokenFor,
} from './fixtures.js';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

async function remove(partnerId: string, kid: string) {
  return app.request('DELETE', `/v1/partners/${partnerId}/keys/${kid}`, { token: await app.operatorToken() });
}

async function enrolWith(token: string) {
  return app.request('POST', '/v1/members', { token, body: {}, idempotencyKey: crypto.randomUUID() });
}

describe('DELETE /v1/partners/{partnerId}/keys/{kid}', () => {
  test('removes the key: 200 with removedAt, and the record is kept', async () => {
    const { partner, key } = await app.onboardPartner();
    app.clock.advance(90_000);
    const response = await remove(partner.id, key.kid);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      kid: key.kid,
      alg: 'ES256',
      createdAt: '2026-11-23T09:00:00.000Z',
      removedAt: '2026-11-23T09:01:30.000Z',
    });
    const stored = await app.request('GET', `/v1/partners/${partner.id}`, {
      token: await app.operatorToken(),
    });
    expect(stored.body.keys).toEqual([response.body]);
  });

  test('a token signed with the removed key is refused at once, even before it expires; the other key still works', async () => {
    const { partner, key, token } = await app.onboardPartner();
    const otherKey = await app.registerPartnerKey(partner.id, 'EdDSA');
    const issuedBeforeRemoval = await token();
    expect((await enrolWith(issuedBeforeRemoval)).status).toBe(201);

    await remove(partner.id, key.kid);
    const refused = await enrolWith(issuedBeforeRemoval);
    expectProblem(refused, 401, 'invalid_token');
    expect((await enrolWith(await app.partnerToken(partner.id, otherKey))).status).toBe(201);
  });

  test('removing it again is 404 partner_key_not_found and keeps the first removal time', async () => {
    const { partner, key } = await app.onboardPartner();
    await remove(partner.id, key.kid);
    app.clock.advance(60_000);
    const before = await partnerTablesSnapshot(app);
    const response = await remove(partner.id, key.kid);
    expectProblem(response, 404, 'partner_key_not_found');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test('a kid never registered is 404 partner_key_not_found', async () => {
    const partner = await app.createPartner();
    const response = await remove(partner.id, 'never-registered');
    expectProblem(response, 404, 'partner_key_not_found');
  });

  test('the kid of another partner is 404 partner_key_not_found and that key stays live', async () => {
    const partner = await app.createPartner();
    const other = await app.onboardPartner({ name: 'Other' });
    const before = await partnerTablesSnapshot(app);
    const response = await remove(partner.id, other.key.kid);
    expectProblem(response, 404, 'partner_key_not_found');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
    expect((await enrolWith(await other.token())).status).toBe(201);
  });

  test('an unknown partner is 404 partner_not_found', async () => {
    const response = await remove('ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 'any-kid');
    expectProblem(response, 404, 'partner_not_found');
  });

  test.each(['key%20one', 'k'.repeat(101), 'key%2Fone'])(
    'the kid %s is 422 validation_failed',
    async (kid) => {
      const partner = await app.createPartner();
      const response = await remove(partner.id, kid);
      expectProblem(response, 422, 'validation_failed');
    },
  );

  test.each(partnerKeysMatrix(200))(
    '$principal: $status $code, and a refusal changes nothing',
    async ({ principal, status, code }) => {
      const { partner, key } = await app.onboardPartner();
      const token = await tokenFor(app, principal);
      const before = await partnerTablesSnapshot(app);
      const response = await app.request('DELETE', `/v1/partners/${partner.id}/keys/${key.kid}`, {
        ...(token === undefined ? {} : { token }),
      });
      expectMatrixOutcome(response, { status, code });
      if (code !== null) expect(await partnerTablesSnapshot(app)).toEqual(before);
    },
  );
});
