import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  expectLedgerInvariants,
  ledgerSnapshot,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

let app: TestApp;
let hotel: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
});
afterEach(async () => {
  await app.close();
});

describe('a purchase life cycle: earn, hold, capture, redeem, refund', () => {
  test('earn 100.00 USD at 1 point per EUR credits floor(100 / 1.085) = 92 points', async () => {
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({
      memberId,
      amount: { amount: '100.00', currency: 'USD' },
      externalReference: 'folio-1',
    });
    expect(earned.status).toBe(201);
    expect(earned.body).toMatchObject({
      kind: 'earn',
      status: 'posted',
      points: 92,
      amount: { amount: '100.00', currency: 'USD' },
      fx: { rate: '1.0850' },
    });
    expect((await hotel.balance(memberId)).available).toBe(92);
    await expectLedgerInvariants(app);
  });

  test('a hold is pending, not spendable, until captured in part; the rest is released', async () => {
    const memberId = await hotel.enrol();
    const hold = await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} });
    expect(hold.body).toMatchObject({ status: 'pending', points: 400 });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, pending: 400 });
    const captured = await hotel.capture(hold.body.id, { amount: { amount: '217.00', currency: 'USD' } });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({
      status: 'captured',
      hold: { pointsCaptured: 200, amountCaptured: { amount: '217.00' } },
    });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 200, pending: 0 });
    const again = await hotel.capture(hold.body.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('hold_not_pending');
    await expectLedgerInvariants(app);
  });

  test('redeem by points pays the same reference value everywhere; by amount rounds the points up', async () => {
    const memberId = await hotel.enrol();
    await hotel.earn({ memberId, amount: { amount: '2170.00', currency: 'USD' } });
    const byPoints = await hotel.redeem({ memberId, points: 100 });
    expect(byPoints.status).toBe(201);
    // 100 points * 0.01 EUR * 1.085 = 1.085 USD -> half-even -> 1.08
    expect(byPoints.body.value).toEqual({ amount: '1.08', currency: 'USD' });
    const byAmount = await hotel.redeem({ memberId, amount: { amount: '10.00', currency: 'USD' } });
    // 10.00 USD / 1.085 / 0.01 = 921.65... -> 922 points
    expect(byAmount.body.points).toBe(922);
    expect((await hotel.balance(memberId)).available).toBe(2000 - 100 - 922);
    await expectLedgerInvariants(app);
  });

  test('a refused redemption writes nothing', async () => {
    const memberId = await hotel.enrol();
    await hotel.earn({ memberId, amount: { amount: '10.85', currency: 'USD' } });
    const before = await ledgerSnapshot(app);
    const refused = await hotel.redeem({ memberId, points: 11 });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'insufficient_points', availablePoints: 10 });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('partial refunds take back proportionally and never more than earned', async () => {
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    const first = await hotel.reverse(earned.body.id, { amount: { amount: '33.33', currency: 'USD' } });
    expect(first.status).toBe(201);
    expect(first.body.points).toBe(30); // floor(92 * 33.33 / 100) = 30
    const second = await hotel.reverse(earned.body.id, { amount: { amount: '66.67', currency: 'USD' } });
    expect(second.body.points).toBe(62); // 92 - 30
    const third = await hotel.reverse(earned.body.id, { amount: { amount: '0.01', currency: 'USD' } });
    expect(third.status).toBe(422);
    expect(third.body.code).toBe('reversal_exceeds_original');
    expect((await hotel.balance(memberId)).available).toBe(0);
    await expectLedgerInvariants(app);
  });

  test('a refund after the points were spent records points owed, repaid by the next earn', async () => {
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' } });
    await hotel.redeem({ memberId, points: 80 });
    const refund = await hotel.reverse(earned.body.id);
    expect(refund.body).toMatchObject({ points: 100, pointsOwed: 80 });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, owed: 80 });
    const next = await hotel.earn({ memberId, amount: { amount: '217.00', currency: 'USD' } });
    expect(next.body).toMatchObject({ points: 200, pointsRepaid: 80 });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 120, owed: 0 });
    await expectLedgerInvariants(app);
  });

  test('a returned redemption puts the points back', async () => {
    const memberId = await hotel.enrol();
    await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' } });
    const redeemed = await hotel.redeem({ memberId, points: 60 });
    const returned = await hotel.reverse(redeemed.body.id, { points: 25 });
    expect(returned.status).toBe(201);
    expect((await hotel.balance(memberId)).available).toBe(65);
    const rest = await hotel.reverse(redeemed.body.id);
    expect(rest.body.points).toBe(35);
    expect((await hotel.balance(memberId)).available).toBe(100);
    await expectLedgerInvariants(app);
  });
});
