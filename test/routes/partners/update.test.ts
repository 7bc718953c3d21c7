import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { partnerClient, publishRates } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import {
  expectMatrixOutcome,
  expectProblem,
  operatorOnlyMatrix,
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

async function patch(partnerId: string, body: unknown) {
  return app.request('PATCH', `/v1/partners/${partnerId}`, { token: await app.operatorToken(), body });
}

describe('PATCH /v1/partners/{partnerId}', () => {
  test('changes the terms sent, keeps the rest, and moves updatedAt', async () => {
    const partner = await app.createPartner({ categoryMultipliers: { prescription: '0' } });
    app.clock.advance(3_600_000);
    const response = await patch(partner.id, { earnRate: '2.5', categoryMultipliers: { cosmetics: '2' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...partner,
      earnRate: '2.5',
      categoryMultipliers: { cosmetics: '2' },
      updatedAt: '2026-11-23T10:00:00.000Z',
    });
    const stored = await app.request('GET', `/v1/partners/${partner.id}`, {
      token: await app.operatorToken(),
    });
    expect(stored.body).toMatchObject({
      earnRate: '2.5',
      issuePrice: '0.012',
      redeemRate: '0.009',
      categoryMultipliers: { cosmetics: '2' },
    });
  });

  test('renames the partner', async () => {
    const partner = await app.createPartner();
    const response = await patch(partner.id, { name: '  Harbor Hotel & Spa  ' });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('Harbor Hotel & Spa');
  });

  test('an empty multiplier map removes every multiplier', async () => {
    const partner = await app.createPartner({ categoryMultipliers: { prescription: '0' } });
    const response = await patch(partner.id, { categoryMultipliers: {} });
    expect(response.body.categoryMultipliers).toEqual({});
  });

  test('suspends and reactivates', async () => {
    const partner = await app.createPartner();
    expect((await patch(partner.id, { status: 'suspended' })).body.status).toBe('suspended');
    expect((await patch(partner.id, { status: 'active' })).body.status).toBe('active');
  });

  test("a suspended partner's tokens are refused at once, and work again after reactivation", async () => {
    const { partner, token } = await app.onboardPartner();
    const enrol = async () =>
      app.request('POST', '/v1/members', {
        token: await token(),
        body: {},
        idempotencyKey: crypto.randomUUID(),
      });
    await patch(partner.id, { status: 'suspended' });
    const refused = await enrol();
    expectProblem(refused, 401, 'invalid_token');
    expect(refused.body.detail).toContain('suspended');
    await patch(partner.id, { status: 'active' });
    expect((await enrol()).status).toBe(201);
  });

  test('new terms apply to earnings from now on; an earlier transaction keeps the rate it used', async () => {
    await publishRates(app);
    const client = await partnerClient(app, { country: 'DE', settlementCurrency: 'EUR' });
    const memberId = await client.enrol();
    const before = await client.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    expect(before.body).toMatchObject({ points: 100, earnRate: '1' });

    await patch(client.partner.id, { earnRate: '2' });
    const after = await client.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    expect(after.body).toMatchObject({ points: 200, earnRate: '2' });
    const earlier = await app.request('GET', `/v1/transactions/${before.body.id}`, {
      token: await client.token(),
    });
    expect(earlier.body).toMatchObject({ points: 100, earnRate: '1' });
  });

  test.each([
    [{}, 'json'],
    [{ name: '' }, 'json.name'],
    [{ earnRate: '-1' }, 'json.earnRate'],
    [{ issuePrice: '1e3' }, 'json.issuePrice'],
    [{ redeemRate: 0.009 }, 'json.redeemRate'],
    [{ status: 'closed' }, 'json.status'],
    [{ categoryMultipliers: { Prescription: '0' } }, 'json.categoryMultipliers.Prescription'],
    [{ settlementCurrency: 'EUR' }, 'json'],
    [{ id: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }, 'json'],
  ])('%j is 422 validation_failed at %s and changes nothing', async (body, path) => {
    const partner = await app.createPartner();
    const before = await partnerTablesSnapshot(app);
    const response = await patch(partner.id, body);
    expectProblem(response, 422, 'validation_failed');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test('a term with more than 8 decimals is 422 invalid_amount and changes nothing', async () => {
    const partner = await app.createPartner();
    const before = await partnerTablesSnapshot(app);
    const response = await patch(partner.id, { name: 'Renamed', earnRate: '0.123456789' });
    expectProblem(response, 422, 'invalid_amount');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test('an unknown partner is 404 partner_not_found and creates nothing', async () => {
    const before = await partnerTablesSnapshot(app);
    const response = await patch('ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', { status: 'suspended' });
    expectProblem(response, 404, 'partner_not_found');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test('malformed JSON is 400 and changes nothing', async () => {
    const partner = await app.createPartner();
    const before = await partnerTablesSnapshot(app);
    const response = await app.request('PATCH', `/v1/partners/${partner.id}`, {
      token: await app.operatorToken(),
      rawBody: '{"status": "suspended"',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, 'malformed_json');
    expect(await partnerTablesSnapshot(app)).toEqual(before);
  });

  test.each(operatorOnlyMatrix(200))(
    '$principal: $status $code, and a refusal changes nothing',
    async ({ principal, status, code }) => {
      const partner = await app.createPartner();
      const token = await tokenFor(app, principal);
      const before = await partnerTablesSnapshot(app);
      const response = await app.request('PATCH', `/v1/partners/${partner.id}`, {
        body: { status: 'suspended', earnRate: '9' },
        ...(token === undefined ? {} : { token }),
      });
      expectMatrixOutcome(response, { status, code });
      if (code !== null) expect(await partnerTablesSnapshot(app)).toEqual(before);
    },
  );
});
