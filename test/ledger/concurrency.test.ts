import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sweepExpiredPoints } from '../../src/ledger/expiry.js';
import {
  accountBalance,
  expectLedgerInvariants,
  expectTransactionInvariants,
  interleaveDatabaseCalls,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';

/**
 * Writes fired at once at the same points, their database calls interleaved so that they really
 * plan on the same reads. Every batch is guarded inside itself; the loser of a race is planned
 * again (at most WRITE_RETRY_LIMIT = 8 times), so each outcome below is exact, never "at most".
 */
let app: TestApp;
let hotel: PartnerClient;
let bistro: PartnerClient;
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
  interleaveDatabaseCalls(app);
});
afterEach(async () => {
  await app.close();
});

/** How many responses had each outcome, e.g. { '201': 5, '422 insufficient_points': 25 }. */
function tally(responses: TestResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of responses) {
    const outcome =
      response.status < 300 ? String(response.status) : `${response.status} ${response.body.code}`;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

describe('redemptions fired at once never overdraw a wallet', () => {
  test('30 redemptions of 20 points at a wallet of 100: exactly 5 succeed, 25 are refused, the wallet ends at 0', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => hotel.redeem({ memberId, points: 20 })),
    );
    // No write_conflict: with K = 5 winners each loser is planned again at most 6 times.
    expect(tally(responses)).toEqual({ '201': 5, '422 insufficient_points': 25 });
    expect(await accountBalance(app, `wallet:${memberId}`)).toBe(0);
    expect(await accountBalance(app, `redemption:${hotel.partner.id}`)).toBe(100);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('20 redemptions of 15 points at five lots of 20: exactly 6 succeed, drawing across lots, 10 points stay', async () => {
    const memberId = await bistro.enrol();
    for (let lot = 0; lot < 5; lot += 1)
      await (lot % 2 === 0 ? bistro : hotel).earn({ memberId, amount: { amount: '20.00', currency: 'EUR' } });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => hotel.redeem({ memberId, points: 15 })),
    );
    // floor(100 / 15) = 6 winners, 100 - 6 * 15 = 10 points left
    expect(tally(responses)).toEqual({ '201': 6, '422 insufficient_points': 14 });
    expect((await hotel.balance(memberId)).available).toBe(10);
    for (const refused of responses.filter((response) => response.status === 422)) {
      expect(refused.body).toMatchObject({ availablePoints: expect.any(Number), requestedPoints: 15 });
      expect(refused.body.availablePoints).toBeLessThan(15);
    }
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('redemptions by amount at once: the points rounded up are taken exactly as often as they fit', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '5000.00', currency: 'EUR' } });
    // 5000 points; 10.00 USD / 1.0850 / 0.01 = 921.658... -> 922 points each; 5000 / 922 = 5 fit, 390 remain
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        hotel.redeem({ memberId, amount: { amount: '10.00', currency: 'USD' } }),
      ),
    );
    expect(tally(responses)).toEqual({ '201': 5, '422 insufficient_points': 7 });
    expect((await hotel.balance(memberId)).available).toBe(5000 - 5 * 922);
    await expectLedgerInvariants(app);
  });
});

describe('other races on the same points', () => {
  test('7 refunds of 20.00 at once against a 100.00 earn: exactly 5 succeed and take back all 92 points', async () => {
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    const responses = await Promise.all(
      Array.from({ length: 7 }, () =>
        hotel.reverse(earned.body.id, { amount: { amount: '20.00', currency: 'USD' } }),
      ),
    );
    expect(tally(responses)).toEqual({ '201': 5, '422 reversal_exceeds_original': 2 });
    // floor(92 * 100.00 / 100.00) = 92 in total, however the five refunds were ordered
    expect(
      responses.reduce((total, response) => total + (response.status === 201 ? response.body.points : 0), 0),
    ).toBe(92);
    const original = await app.request('GET', `/v1/transactions/${earned.body.id}`, {
      token: await hotel.token(),
    });
    expect(original.body).toMatchObject({
      points: 92,
      pointsReversed: 92,
      amountReversed: { amount: '100.00', currency: 'USD' },
    });
    expect((await hotel.balance(memberId)).available).toBe(0);
    await expectTransactionInvariants(app);
  });

  test('a write that loses more than 8 races is 409 write_conflict, writes nothing, and completes when retried with its key', async () => {
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    const refund = { amount: { amount: '10.00', currency: 'USD' } };
    const keys = Array.from({ length: 12 }, () => newKey('refund'));
    const responses = await Promise.all(keys.map((key) => hotel.reverse(earned.body.id, refund, key)));
    const outcomes = tally(responses);
    // Ten refunds fit; each round of the race has one winner, so some lose 8 times in a row.
    expect(
      Object.keys(outcomes).every((outcome) =>
        ['201', '409 write_conflict', '422 reversal_exceeds_original'].includes(outcome),
      ),
    ).toBe(true);
    expect(outcomes['201']).toBeLessThanOrEqual(10);
    const succeeded = outcomes['201'] ?? 0;
    // floor(92 * n * 10.00 / 100.00) after n refunds: a conflicted write wrote nothing
    const read = async () =>
      (await app.request('GET', `/v1/transactions/${earned.body.id}`, { token: await hotel.token() })).body;
    expect((await read()).pointsReversed).toBe(Math.floor((92 * succeeded) / 10));
    for (const [index, response] of responses.entries()) {
      if (response.status !== 409) continue;
      expect(response.body.code).toBe('write_conflict');
      const retried = await hotel.reverse(earned.body.id, refund, keys[index]);
      expect([201, 422]).toContain(retried.status);
    }
    expect(await read()).toMatchObject({
      pointsReversed: Math.floor((92 * Math.min(10, succeeded + (outcomes['409 write_conflict'] ?? 0))) / 10),
    });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('5 earns at once repay a debt of 80 exactly once', async () => {
    const memberId = await bistro.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    await hotel.redeem({ memberId, points: 80 });
    await bistro.reverse(earned.body.id);
    expect((await bistro.balance(memberId)).owed).toBe(80);
    // 5 * 50 points earned, 80 of them repay the debt to the bistro
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => hotel.earn({ memberId, amount: { amount: '50.00', currency: 'EUR' } })),
    );
    expect(tally(responses)).toEqual({ '201': 5 });
    expect(responses.reduce((total, response) => total + response.body.pointsRepaid, 0)).toBe(80);
    expect(await bistro.balance(memberId)).toMatchObject({ available: 170, owed: 0 });
    // The bistro issued 100, took 20 back and was repaid 80: its issuance account is square.
    expect(await accountBalance(app, `issuance:${bistro.partner.id}`)).toBe(0);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('a redemption and a full refund racing for the same 100 points: the wallet ends at 0 either way', async () => {
    const memberId = await hotel.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    const [redeemed, refunded] = await Promise.all([
      hotel.redeem({ memberId, points: 100 }),
      bistro.reverse(earned.body.id),
    ]);
    expect(refunded.status).toBe(201);
    if (redeemed.status === 201) {
      // The redemption committed first: the refund finds the points spent and records them as owed.
      expect(refunded.body).toMatchObject({ points: 100, pointsOwed: 100 });
    } else {
      expect(redeemed.body.code).toBe('insufficient_points');
      expect(refunded.body).toMatchObject({ points: 100, pointsOwed: 0 });
    }
    expect(await hotel.balance(memberId)).toMatchObject({
      available: 0,
      owed: redeemed.status === 201 ? 100 : 0,
    });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('an expiry sweep racing a refund of the expired points: they go to breakage or back to the issuer, never both', async () => {
    const memberId = await bistro.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    app.clock.advance(37 * 31 * 86_400_000);
    await publishRates(app);
    const [swept, refunded] = await Promise.all([
      sweepExpiredPoints(app.deps),
      bistro.reverse(earned.body.id),
    ]);
    expect(refunded.status).toBe(201);
    const breakage = await accountBalance(app, 'network:breakage');
    expect(breakage).toBe(swept.pointsExpired);
    expect(swept.pointsExpired + (refunded.body.points - refunded.body.pointsOwed)).toBe(100);
    expect(await accountBalance(app, `wallet:${memberId}`)).toBe(0);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });
});
