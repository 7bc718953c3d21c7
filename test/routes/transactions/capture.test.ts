import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  callerMatrix,
  callerToken,
  expectLedgerInvariants,
  ledgerSnapshot,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
let hotel: PartnerClient;
let memberId: string;
let holdId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
  // 434.00 / 1.0850 = 400 points held
  holdId = (await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} })).body.id;
});
afterEach(async () => {
  await app.close();
});

describe('POST /v1/transactions/{transactionId}/capture', () => {
  test('without a body captures the whole hold', async () => {
    const response = await app.request('POST', `/v1/transactions/${holdId}/capture`, {
      token: await hotel.token(),
      idempotencyKey: newKey(),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: holdId,
      kind: 'earn',
      status: 'captured',
      points: 400,
      hold: {
        expiresAt: '2026-12-23T09:00:00.000Z',
        amountCaptured: { amount: '434.00', currency: 'USD' },
        pointsCaptured: 400,
      },
      resolvedAt: '2026-11-23T09:00:00.000Z',
    });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 400, pending: 0 });
    await expectLedgerInvariants(app);
  });

  test('a capture at the hold FX snapshot, even after new rates', async () => {
    await publishRates(app, { USD: '2.0000' });
    // floor(400 * 217.00 / 434.00) = 200; today's rate would give 108
    const response = await hotel.capture(holdId, { amount: { amount: '217.00', currency: 'USD' } });
    expect(response.body).toMatchObject({ hold: { pointsCaptured: 200 }, fx: { rate: '1.0850' } });
  });
});

describe('POST /v1/transactions/{transactionId}/capture refuses and writes nothing', () => {
  test.each([
    ['more than the hold', { amount: { amount: '434.01', currency: 'USD' } }, 422, 'capture_exceeds_hold'],
    ['another currency', { amount: { amount: '400.00', currency: 'EUR' } }, 422, 'currency_mismatch'],
    ['too many decimals', { amount: { amount: '100.001', currency: 'USD' } }, 422, 'too_many_decimals'],
    ['a zero amount', { amount: { amount: '0.00', currency: 'USD' } }, 422, 'invalid_amount'],
    ['an unknown field', { points: 10 }, 422, 'validation_failed'],
  ])('%s is %i %s', async (_name, body, status, code) => {
    const before = await ledgerSnapshot(app);
    const response = await hotel.capture(holdId, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a posted earn, a redemption and a voided hold are 409 hold_not_pending', async () => {
    const posted = await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' } });
    const redeemed = await hotel.redeem({ memberId, points: 10 });
    await hotel.void(holdId);
    const before = await ledgerSnapshot(app);
    for (const transactionId of [posted.body.id, redeemed.body.id]) {
      const response = await hotel.capture(transactionId);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('hold_not_pending');
    }
    const voided = await hotel.capture(holdId);
    expect(voided.status).toBe(409);
    expect(voided.body).toMatchObject({ code: 'hold_not_pending', holdStatus: 'voided' });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test("an unknown id and another partner's hold are 404 transaction_not_found", async () => {
    const bistro = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    const before = await ledgerSnapshot(app);
    for (const [partner, transactionId] of [
      [hotel, 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q'],
      [bistro, holdId],
    ] as const) {
      const response = await partner.capture(transactionId);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('transaction_not_found');
    }
    expect(await ledgerSnapshot(app)).toEqual(before);
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, pending: 400 });
  });
});

describe('POST /v1/transactions/{transactionId}/capture is for partners only', () => {
  test.each(callerMatrix('partner'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const before = await ledgerSnapshot(app);
    const response = await app.request('POST', `/v1/transactions/${holdId}/capture`, {
      token,
      body: {},
      idempotencyKey: newKey(),
    });
    if (allowed) {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});
