import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
let hotel: PartnerClient;
let bistro: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
});
afterEach(async () => {
  await app.close();
});

const get = async (partner: PartnerClient, transactionId: string) =>
  app.request('GET', `/v1/transactions/${transactionId}`, { token: await partner.token() });

describe('GET /v1/transactions/{transactionId}', () => {
  test('answers an earn, a redemption and a reversal exactly as they were created', async () => {
    const earned = await hotel.earn({ memberId, amount: { amount: '217.00', currency: 'USD' } });
    const redeemed = await hotel.redeem({ memberId, points: 50 });
    const returned = await hotel.reverse(redeemed.body.id, { points: 20 });
    for (const created of [earned, redeemed, returned]) {
      const read = await get(hotel, created.body.id);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(
        created.body.id === redeemed.body.id ? { ...created.body, pointsReversed: 20 } : created.body,
      );
    }
  });

  test('shows what was refunded so far', async () => {
    const earned = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    await hotel.reverse(earned.body.id, { amount: { amount: '25.00', currency: 'USD' } });
    // floor(92 * 25.00 / 100.00) = 23
    expect((await get(hotel, earned.body.id)).body).toMatchObject({
      points: 92,
      pointsReversed: 23,
      amountReversed: { amount: '25.00', currency: 'USD' },
    });
  });

  test("another partner's transaction is 404 transaction_not_found, shaped exactly like a missing one", async () => {
    const earned = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    const foreign = await get(bistro, earned.body.id);
    const missingId = 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q';
    const missing = await get(bistro, missingId);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const shape = (body: Record<string, unknown>, transactionId: string) => ({
      ...body,
      requestId: typeof body.requestId,
      detail: String(body.detail).replace(transactionId, '<id>'),
    });
    expect(shape(foreign.body, earned.body.id)).toEqual(shape(missing.body, missingId));
    expect(foreign.body).toMatchObject({ code: 'transaction_not_found', status: 404 });
    expect(foreign.headers.get('content-type')).toBe(missing.headers.get('content-type'));
  });
});

describe('GET /v1/transactions/{transactionId} is for partners only', () => {
  test.each(callerMatrix('partner'))('$caller', async ({ caller, allowed, code }) => {
    const earned = await hotel.earn({ memberId, amount: { amount: '10.00', currency: 'USD' } });
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const response = await app.request('GET', `/v1/transactions/${earned.body.id}`, { token });
    if (allowed) {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
  });
});
