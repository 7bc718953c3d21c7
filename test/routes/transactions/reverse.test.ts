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
let earnId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
  // 100.00 / 1.0850 = 92.165... -> 92 points
  earnId = (await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } })).body.id;
});
afterEach(async () => {
  await app.close();
});

describe('POST /v1/transactions/{transactionId}/reversals', () => {
  test('a refund is a new transaction that reverses the earn in proportion', async () => {
    app.clock.advance(60_000);
    const response = await hotel.reverse(earnId, {
      amount: { amount: '50.00', currency: 'USD' },
      reason: 'Room returned',
      externalReference: 'refund-1182',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^txn_[0-9A-Z]{26}$/),
      kind: 'reversal',
      status: 'posted',
      partnerId: hotel.partner.id,
      memberId,
      externalReference: 'refund-1182',
      amount: { amount: '50.00', currency: 'USD' },
      // floor(92 * 50.00 / 100.00) = 46
      points: 46,
      pointsReversed: 0,
      amountReversed: null,
      fx: { snapshotId: expect.stringMatching(/^fx_/), rate: '1.0850' },
      earnRate: '1',
      hold: null,
      value: null,
      source: null,
      draws: null,
      pointsRepaid: 0,
      pointsOwed: 0,
      tierBonus: null,
      originalTransactionId: earnId,
      createdAt: '2026-11-23T09:01:00.000Z',
      resolvedAt: null,
    });
    expect((await hotel.balance(memberId)).available).toBe(46);
    await expectLedgerInvariants(app);
  });

  test('without a body it refunds all that remains', async () => {
    await hotel.reverse(earnId, { amount: { amount: '33.33', currency: 'USD' } });
    const rest = await app.request('POST', `/v1/transactions/${earnId}/reversals`, {
      token: await hotel.token(),
      idempotencyKey: newKey(),
    });
    expect(rest.status).toBe(201);
    // floor(92 * 33.33 / 100) = 30 first; 92 - 30 = 62 now
    expect(rest.body).toMatchObject({ points: 62, amount: { amount: '66.67', currency: 'USD' } });
  });
});

describe('POST /v1/transactions/{transactionId}/reversals refuses and writes nothing', () => {
  test.each([
    [
      'a refund in another currency',
      { amount: { amount: '10.00', currency: 'EUR' } },
      422,
      'currency_mismatch',
    ],
    [
      'a refund above the original',
      { amount: { amount: '100.01', currency: 'USD' } },
      422,
      'reversal_exceeds_original',
    ],
    [
      'a refund with too many decimals',
      { amount: { amount: '10.001', currency: 'USD' } },
      422,
      'too_many_decimals',
    ],
    ['a zero refund', { amount: { amount: '0.00', currency: 'USD' } }, 422, 'invalid_amount'],
    // Ignoring `points` would refund the whole earn instead of a part.
    ['points for an earn', { points: 10 }, 422, 'validation_failed'],
    [
      'an unknown field',
      { amount: { amount: '10.00', currency: 'USD' }, note: 'x' },
      422,
      'validation_failed',
    ],
  ])('%s is %i %s', async (_name, body, status, code) => {
    const before = await ledgerSnapshot(app);
    const response = await hotel.reverse(earnId, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a second full refund is 422 reversal_exceeds_original', async () => {
    await hotel.reverse(earnId);
    const before = await ledgerSnapshot(app);
    const again = await hotel.reverse(earnId);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('reversal_exceeds_original');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test.each([
    [
      'a pending hold',
      async () =>
        (await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} })).body.id,
    ],
    [
      'a voided hold',
      async () => {
        const hold = await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} });
        await hotel.void(hold.body.id);
        return hold.body.id;
      },
    ],
    [
      'a reversal',
      async () => (await hotel.reverse(earnId, { amount: { amount: '1.00', currency: 'USD' } })).body.id,
    ],
  ])('reversing %s is 409 reversal_not_allowed', async (_name, prepare) => {
    const transactionId = await prepare();
    const before = await ledgerSnapshot(app);
    const response = await hotel.reverse(transactionId);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('reversal_not_allowed');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a redemption is returned in points, not an amount', async () => {
    const redeemed = await hotel.redeem({ memberId, points: 50 });
    const before = await ledgerSnapshot(app);
    const response = await hotel.reverse(redeemed.body.id, { amount: { amount: '0.50', currency: 'USD' } });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test("an unknown id and another partner's earn are 404 transaction_not_found", async () => {
    const bistro = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    const before = await ledgerSnapshot(app);
    for (const [partner, transactionId] of [
      [hotel, 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q'],
      [bistro, earnId],
    ] as const) {
      const response = await partner.reverse(transactionId);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('transaction_not_found');
    }
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});

describe('POST /v1/transactions/{transactionId}/reversals is for partners only', () => {
  test.each(callerMatrix('partner'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const before = await ledgerSnapshot(app);
    const response = await app.request('POST', `/v1/transactions/${earnId}/reversals`, {
      token,
      body: {},
      idempotencyKey: newKey(),
    });
    if (allowed) {
      expect(response.status).toBe(201);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});
