import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { newPartnerKey, TestApp } from '../../support/harness.js';
import { staffUser } from '../../support/staff.js';
import { expectProblem, partnerKeysMatrix, partnerTablesSnapshot, tokenFor } from './fixtures.js';

/** A partner's own keys: read by any of its callers, registered and removed by its admin staff only. */
let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

async function partnerWithStaff() {
  const onboarded = await app.onboardPartner();
  const admin = await staffUser(app, { role: 'admin', partnerId: onboarded.partner.id });
  const finance = await staffUser(app, { role: 'finance', partnerId: onboarded.partner.id });
  return { ...onboarded, admin, finance };
}

describe('GET /v1/partners/{partnerId}/keys', () => {
  test('lists every key, removed ones too, oldest first, without key material', async () => {
    const { partner, key } = await app.onboardPartner();
    const second = await app.registerPartnerKey(partner.id);
    app.clock.advance(60_000);
    await app.request('DELETE', `/v1/partners/${partner.id}/keys/${key.kid}`, {
      token: await app.operatorToken(),
    });
    const response = await app.request('GET', `/v1/partners/${partner.id}/keys`, {
      token: await app.operatorToken(),
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [
        {
          kid: key.kid,
          alg: 'ES256',
          createdAt: '2026-11-23T09:00:00.000Z',
          removedAt: '2026-11-23T09:01:00.000Z',
        },
        { kid: second.kid, alg: 'ES256', createdAt: '2026-11-23T09:00:00.000Z', removedAt: null },
      ],
    });
  });

  test('a partner reads its own keys with its token, and the finance staff too', async () => {
    const { partner, key, token, finance } = await partnerWithStaff();
    for (const bearer of [await token(), finance.accessToken]) {
      const response = await app.request('GET', `/v1/partners/${partner.id}/keys`, { token: bearer });
      expect(response.status).toBe(200);
      expect(response.body.data.map((row: { kid: string }) => row.kid)).toEqual([key.kid]);
    }
  });

  test.each(partnerKeysMatrix(200))('$principal: $status $code', async ({ principal, status, code }) => {
    const { partner } = await app.onboardPartner();
    const token = await tokenFor(app, principal);
    const response = await app.request('GET', `/v1/partners/${partner.id}/keys`, {
      ...(token === undefined ? {} : { token }),
    });
    if (code === null) expect(response.status).toBe(status);
    else expectProblem(response, status, code);
  });

  test('an unknown partner is 404 partner_not_found for the operator', async () => {
    const response = await app.request('GET', '/v1/partners/ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q/keys', {
      token: await app.operatorToken(),
    });
    expectProblem(response, 404, 'partner_not_found');
  });
});

describe('partner staff manage their own keys', () => {
  test('an admin registers a key and removes the old one: the old token stops, the new one works, both audited', async () => {
    const { partner, key, admin } = await partnerWithStaff();
    const next = await newPartnerKey('EdDSA');
    const registered = await app.request('POST', `/v1/partners/${partner.id}/keys`, {
      token: admin.accessToken,
      body: { publicJwk: next.publicJwk },
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ kid: next.kid, alg: 'EdDSA', removedAt: null });
    const removed = await app.request('DELETE', `/v1/partners/${partner.id}/keys/${key.kid}`, {
      token: admin.accessToken,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.removedAt).not.toBeNull();

    const oldToken = await app.partnerToken(partner.id, key);
    const newToken = await app.partnerToken(partner.id, next);
    const path = `/v1/partners/${partner.id}/keys`;
    expectProblem(await app.request('GET', path, { token: oldToken }), 401, 'invalid_token');
    expect((await app.request('GET', path, { token: newToken })).status).toBe(200);

    const audit = await app.deps.client.execute({
      sql: 'SELECT actor, action, target FROM audit_log WHERE actor = ? ORDER BY rowid',
      args: [admin.userId],
    });
    expect(audit.rows.map((row) => ({ ...row }))).toEqual([
      { actor: admin.userId, action: 'partner_key.register', target: expect.any(String) },
      { actor: admin.userId, action: 'partner_key.remove', target: expect.any(String) },
    ]);
  });

  test('finance staff may not register or remove a key: 403 staff_role_forbidden, nothing changed', async () => {
    const { partner, key, finance } = await partnerWithStaff();
    const before = await partnerTablesSnapshot(app);
    const next = await newPartnerKey();
    expectProblem(
      await app.request('POST', `/v1/partners/${partner.id}/keys`, {
        token: finance.accessToken,
        body: { publicJwk: next.publicJwk },
      }),
      403,
      'staff_role_forbidden',
    );
    expectProblem(
      await app.request('DELETE', `/v1/partners/${partner.id}/keys/${key.kid}`, {
        token: finance.accessToken,
      }),
      403,
      'staff_role_forbidden',
    );
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test("a partner token may not register or remove its partner's keys: 403 forbidden, nothing changed", async () => {
    const { partner, key, token } = await app.onboardPartner();
    const before = await partnerTablesSnapshot(app);
    const next = await newPartnerKey();
    expectProblem(
      await app.request('POST', `/v1/partners/${partner.id}/keys`, {
        token: await token(),
        body: { publicJwk: next.publicJwk },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await app.request('DELETE', `/v1/partners/${partner.id}/keys/${key.kid}`, { token: await token() }),
      403,
      'forbidden',
    );
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test("an admin of one partner cannot read, register or remove another partner's keys", async () => {
    const { admin } = await partnerWithStaff();
    const other = await app.onboardPartner({
      name: 'Berlin Boutique',
      country: 'DE',
      settlementCurrency: 'EUR',
    });
    const before = await partnerTablesSnapshot(app);
    const path = `/v1/partners/${other.partner.id}/keys`;
    const next = await newPartnerKey();
    expectProblem(await app.request('GET', path, { token: admin.accessToken }), 403, 'forbidden');
    expectProblem(
      await app.request('POST', path, { token: admin.accessToken, body: { publicJwk: next.publicJwk } }),
      403,
      'forbidden',
    );
    expectProblem(
      await app.request('DELETE', `${path}/${other.key.kid}`, { token: admin.accessToken }),
      403,
      'forbidden',
    );
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });
});
