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
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
  // 1085.00 / 1.0850 = 1000 points
  await hotel.earn({ memberId, amount: { amount: '1085.00', currency: 'USD' } });
});
afterEach(async () => {
  await app.close();
});

describe('POST /v1/redeem', () => {
  test('redeems points from the wallet and answers their value at this partner', async () => {
    const response = await hotel.redeem({ memberId, points: 300, externalReference: 'order-5521' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^txn_[0-9A-Z]{26}$/),
      kind: 'redeem',
      status: 'posted',
      partnerId: hotel.partner.id,
      memberId,
      externalReference: 'order-5521',
      amount: null,
      points: 300,
      pointsReversed: 0,
      amountReversed: null,
      fx: { snapshotId: expect.stringMatching(/^fx_/), rate: '1.0850' },
      earnRate: null,
      hold: null,
      // 3.00 EUR * 1.0850 = 3.255 USD, half-even -> 3.26
      value: { amount: '3.26', currency: 'USD' },
      source: { type: 'wallet' },
      draws: [{ memberId, poolId: null, points: 300 }],
      pointsRepaid: 0,
      pointsOwed: 0,
      originalTransactionId: null,
      createdAt: '2026-11-23T09:00:00.000Z',
      resolvedAt: null,
      // Every transaction answers in one shape; only earns, captures and refunds carry a tier bonus.
      tierBonus: null,
    });
    expect((await hotel.balance(memberId)).available).toBe(700);
    await expectLedgerInvariants(app);
  });

  test('redeems what covers an amount, the points rounded up', async () => {
    const response = await hotel.redeem({ memberId, amount: { amount: '2.00', currency: 'USD' } });
    // 2.00 / 1.0850 / 0.01 = 184.33... -> 185
    expect(response.body).toMatchObject({
      points: 185,
      amount: { amount: '2.00', currency: 'USD' },
      value: { amount: '2.00', currency: 'USD' },
    });
    expect((await hotel.balance(memberId)).available).toBe(815);
  });

  test('may spend the whole wallet, to the last point', async () => {
    expect((await hotel.redeem({ memberId, points: 1000 })).status).toBe(201);
    expect((await hotel.balance(memberId)).available).toBe(0);
  });

  test('`auto` spends the own wallet first', async () => {
    const response = await hotel.redeem({ memberId, points: 10, source: { type: 'auto' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      source: { type: 'auto' },
      draws: [{ memberId, poolId: null, points: 10 }],
    });
  });
});

describe('POST /v1/redeem refuses bad requests and writes nothing', () => {
  test.each([
    [
      'more points than the wallet holds',
      { points: 1001 },
      422,
      'insufficient_points',
      { availablePoints: 1000, requestedPoints: 1001 },
    ],
    [
      'an amount worth more than the wallet',
      { amount: { amount: '10.86', currency: 'USD' } },
      422,
      'insufficient_points',
      { availablePoints: 1000, requestedPoints: 1001 },
    ],
    [
      'both points and an amount',
      { points: 1, amount: { amount: '1.00', currency: 'USD' } },
      422,
      'validation_failed',
      {},
    ],
    ['neither points nor an amount', {}, 422, 'validation_failed', {}],
    ['zero points', { points: 0 }, 422, 'validation_failed', {}],
    ['a fraction of a point', { points: 1.5 }, 422, 'validation_failed', {}],
    ['points as a string', { points: '10' }, 422, 'validation_failed', {}],
    [
      'a currency without a rate',
      { points: 10, currency: 'CHF' },
      422,
      'fx_rate_missing',
      { currency: 'CHF' },
    ],
    [
      'a pool the member may not draw from',
      { points: 10, source: { type: 'pool', poolId: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q' } },
      404,
      'pool_not_found',
      {},
    ],
    ['an unknown source', { points: 10, source: { type: 'card' } }, 422, 'validation_failed', {}],
    ['an unknown field', { points: 10, lines: [] }, 422, 'validation_failed', {}],
  ])('%s is %i %s', async (_name, body, status, code, members) => {
    const before = await ledgerSnapshot(app);
    const response = await hotel.redeem({ memberId, ...body });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ code, ...members });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('an unknown member is 404 member_not_found', async () => {
    const before = await ledgerSnapshot(app);
    const response = await hotel.redeem({ memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q', points: 1 });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('member_not_found');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});

describe('POST /v1/redeem is for partners only', () => {
  test.each(callerMatrix('partner'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const before = await ledgerSnapshot(app);
    const response = await app.request('POST', '/v1/redeem', {
      token,
      body: { memberId, points: 10 },
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
