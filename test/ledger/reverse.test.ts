import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  accountBalance,
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
  partnerClient,
  publishRates,
  STANDARD_RATES,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * Refunds of earns and returns of redemptions: proportional to the refunded amount at the
 * original FX snapshot and earn rate, never more than was earned in total, and what is already
 * spent becomes points owed to the issuer, repaid by the member's next earnings.
 */

describe('repeated partial refunds never take back more than was earned', () => {
  let app: TestApp;
  let shop: PartnerClient;
  // One app for the whole property; each run builds its own member and earn.
  beforeAll(async () => {
    app = await TestApp.create();
    await publishRates(app);
    shop = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
      earnRate: '1.5',
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const CURRENCIES = [
    { currency: 'EUR', exponent: 2 },
    { currency: 'USD', exponent: 2 },
    { currency: 'CZK', exponent: 2 },
    { currency: 'JPY', exponent: 0 },
    { currency: 'KWD', exponent: 3 },
  ];
  const format = (minor: number, exponent: number) =>
    exponent === 0
      ? String(minor)
      : `${Math.floor(minor / 10 ** exponent)}.${String(minor % 10 ** exponent).padStart(exponent, '0')}`;

  /** A purchase and a random split of it into refunds: cut points between 1 and the amount. */
  const purchaseAndSplit = fc
    .record({ money: fc.constantFrom(...CURRENCIES), amountMinor: fc.integer({ min: 2, max: 500_000 }) })
    .chain((purchase) =>
      fc.record({
        purchase: fc.constant(purchase),
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: purchase.amountMinor - 1 }), { maxLength: 8 }),
        lastWithoutAmount: fc.boolean(),
      }),
    );

  test('property: the running total of reversed points is floor(points * refunded / amount); all of it after a full refund', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(purchaseAndSplit, async ({ purchase, cuts, lastWithoutAmount }) => {
        const { currency, exponent } = purchase.money;
        const memberId = await shop.enrol();
        const earned = await shop.earn({
          memberId,
          amount: { amount: format(purchase.amountMinor, exponent), currency },
        });
        expect(earned.status).toBe(201);
        const points: number = earned.body.points;
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), purchase.amountMinor];
        let reversed = 0;
        for (let part = 1; part < bounds.length; part += 1) {
          const isLast = part === bounds.length - 1;
          const partMinor = bounds[part]! - bounds[part - 1]!;
          const body =
            isLast && lastWithoutAmount ? {} : { amount: { amount: format(partMinor, exponent), currency } };
          const refund = await shop.reverse(earned.body.id, body);
          expect(refund.status).toBe(201);
          reversed += refund.body.points;
          // The target is taken on the cumulative refund, so rounding never accumulates.
          expect(reversed).toBe(
            Number((BigInt(points) * BigInt(bounds[part]!)) / BigInt(purchase.amountMinor)),
          );
          expect(reversed).toBeLessThanOrEqual(points);
        }
        expect(reversed).toBe(points);
        const beyond = await shop.reverse(earned.body.id, {
          amount: { amount: format(1, exponent), currency },
        });
        expect(beyond.status).toBe(422);
        expect(beyond.body.code).toBe('reversal_exceeds_original');
        expect((await shop.balance(memberId)).available).toBe(0);
      }),
      { numRuns: 20 },
    );
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });
});

describe('refunds after the points were spent', () => {
  let app: TestApp;
  let bistro: PartnerClient;
  let hotel: PartnerClient;
  let pharmacy: PartnerClient;
  beforeEach(async () => {
    app = await TestApp.create();
    await publishRates(app);
    bistro = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
      earnRate: '1',
    });
    hotel = await partnerClient(app, {
      name: 'Harbor Hotel San Diego',
      settlementCurrency: 'USD',
      earnRate: '1',
    });
    pharmacy = await partnerClient(app, {
      name: 'Lékárna U Anděla',
      sector: 'pharmacy',
      country: 'CZ',
      settlementCurrency: 'CZK',
      earnRate: '1',
    });
  });
  afterEach(async () => {
    await app.close();
  });

  const balanceOf = (account: string) => accountBalance(app, account);

  test('record points owed to the issuer; the next earn at another partner repays the issuer first', async () => {
    const memberId = await bistro.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    await hotel.redeem({ memberId, points: 80 });
    const refund = await bistro.reverse(earned.body.id);
    // 100 to take back; the wallet holds 20, so 80 are owed to the bistro
    expect(refund.body).toMatchObject({
      kind: 'reversal',
      points: 100,
      pointsOwed: 80,
      originalTransactionId: earned.body.id,
    });
    expect(await bistro.balance(memberId)).toMatchObject({ available: 0, owed: 80 });
    expect(await balanceOf(`issuance:${bistro.partner.id}`)).toBe(-80);

    // 5064.00 CZK / 25.320 = 200 points exactly; 80 of them repay the bistro
    const next = await pharmacy.earn({ memberId, amount: { amount: '5064.00', currency: 'CZK' } });
    expect(next.body).toMatchObject({ points: 200, pointsRepaid: 80 });
    expect(await bistro.balance(memberId)).toMatchObject({ available: 120, owed: 0 });
    expect({
      wallet: await balanceOf(`wallet:${memberId}`),
      bistroIssuance: await balanceOf(`issuance:${bistro.partner.id}`),
      pharmacyIssuance: await balanceOf(`issuance:${pharmacy.partner.id}`),
      hotelRedemption: await balanceOf(`redemption:${hotel.partner.id}`),
    }).toEqual({ wallet: 120, bistroIssuance: 0, pharmacyIssuance: -200, hotelRedemption: 80 });
    const repayments =
      await app.deps.db.all(sql`SELECT debit_account_id AS debit, credit_account_id AS credit, points, partner_id AS partnerId
      FROM transfers WHERE kind = 'debt_repayment'`);
    expect(repayments).toEqual([
      {
        debit: `wallet:${memberId}`,
        credit: `issuance:${bistro.partner.id}`,
        points: 80,
        partnerId: bistro.partner.id,
      },
    ]);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('a debt larger than the next earn is repaid in part, the rest by the earn after', async () => {
    const memberId = await bistro.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    await bistro.redeem({ memberId, points: 100 });
    await bistro.reverse(earned.body.id);
    expect(
      (await bistro.earn({ memberId, amount: { amount: '60.00', currency: 'EUR' } })).body,
    ).toMatchObject({ points: 60, pointsRepaid: 60 });
    expect(await bistro.balance(memberId)).toMatchObject({ available: 0, owed: 40 });
    expect(
      (await bistro.earn({ memberId, amount: { amount: '60.00', currency: 'EUR' } })).body,
    ).toMatchObject({ points: 60, pointsRepaid: 40 });
    expect(await bistro.balance(memberId)).toMatchObject({ available: 20, owed: 0 });
    await expectLedgerInvariants(app);
  });

  test('debts to two issuers are repaid oldest first, each to its own issuer', async () => {
    const memberId = await bistro.enrol();
    const atBistro = await bistro.earn({ memberId, amount: { amount: '50.00', currency: 'EUR' } });
    // 54.25 USD / 1.0850 = 50 points exactly
    const atHotel = await hotel.earn({ memberId, amount: { amount: '54.25', currency: 'USD' } });
    await pharmacy.redeem({ memberId, points: 100 });
    await bistro.reverse(atBistro.body.id);
    app.clock.advance(1000);
    await hotel.reverse(atHotel.body.id);
    expect((await bistro.balance(memberId)).owed).toBe(100);
    // 70 points: 50 to the bistro (the older debt), 20 to the hotel
    await bistro.earn({ memberId, amount: { amount: '70.00', currency: 'EUR' } });
    // issued 50 and 70, took nothing back (the wallet was empty), repaid 50
    expect(await balanceOf(`issuance:${bistro.partner.id}`)).toBe(-50 - 70 + 50);
    // issued 50, repaid 20 so far
    expect(await balanceOf(`issuance:${hotel.partner.id}`)).toBe(-50 + 20);
    expect(await bistro.balance(memberId)).toMatchObject({ available: 0, owed: 30 });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('a capture repays debts like an earn', async () => {
    const memberId = await bistro.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount: '30.00', currency: 'EUR' } });
    await bistro.redeem({ memberId, points: 30 });
    await bistro.reverse(earned.body.id);
    const hold = await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' }, hold: {} });
    const captured = await hotel.capture(hold.body.id);
    expect(captured.body).toMatchObject({ hold: { pointsCaptured: 100 }, pointsRepaid: 30 });
    expect(await bistro.balance(memberId)).toMatchObject({ available: 70, owed: 0 });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('a refund uses the original FX snapshot and earn rate, never the current ones', async () => {
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    expect(earned.body.points).toBe(92);
    await publishRates(app, { ...STANDARD_RATES, USD: '1.0000' });
    const changed = await app.request('PATCH', `/v1/partners/${hotel.partner.id}`, {
      token: await app.operatorToken(),
      body: { earnRate: '2' },
    });
    expect(changed.status).toBe(200);
    // floor(92 * 50.00 / 100.00) = 46; today's terms would say 50.00 / 1.0000 * 2 = 100
    const refund = await hotel.reverse(earned.body.id, { amount: { amount: '50.00', currency: 'USD' } });
    expect(refund.body).toMatchObject({
      points: 46,
      fx: { snapshotId: earned.body.fx.snapshotId, rate: '1.0850' },
      earnRate: '1',
    });
  });
});

describe('returns of redemptions', () => {
  let app: TestApp;
  let bistro: PartnerClient;
  let hotel: PartnerClient;
  beforeEach(async () => {
    app = await TestApp.create();
    await publishRates(app);
    bistro = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
      earnRate: '1',
    });
    hotel = await partnerClient(app, {
      name: 'Harbor Hotel San Diego',
      settlementCurrency: 'USD',
      earnRate: '1',
    });
  });
  afterEach(async () => {
    await app.close();
  });

  const lotsOf = async (memberId: string) =>
    app.deps.db.all(
      sql`SELECT issuer_partner_id AS issuer, points_remaining AS remaining FROM lots WHERE member_id = ${memberId} ORDER BY expires_at`,
    );

  test('put the points back into the lots they came from, latest-expiring first', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    app.clock.advance(86_400_000);
    // 108.50 USD / 1.0850 = 100 points, in a lot expiring a day later
    await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' } });
    const redeemed = await hotel.redeem({ memberId, points: 150 });
    expect(await lotsOf(memberId)).toEqual([
      { issuer: bistro.partner.id, remaining: 0 },
      { issuer: hotel.partner.id, remaining: 50 },
    ]);
    const first = await hotel.reverse(redeemed.body.id, { points: 60 });
    expect(first.body).toMatchObject({
      kind: 'reversal',
      points: 60,
      originalTransactionId: redeemed.body.id,
    });
    // 50 back into the hotel's lot (expires later), 10 into the bistro's
    expect(await lotsOf(memberId)).toEqual([
      { issuer: bistro.partner.id, remaining: 10 },
      { issuer: hotel.partner.id, remaining: 100 },
    ]);
    const before = await app.deps.db.all(sql`SELECT COUNT(*) AS count FROM transfers`);
    const beyond = await hotel.reverse(redeemed.body.id, { points: 91 });
    expect(beyond.status).toBe(422);
    expect(beyond.body).toMatchObject({ code: 'reversal_exceeds_original', remainingPoints: 90 });
    expect(await app.deps.db.all(sql`SELECT COUNT(*) AS count FROM transfers`)).toEqual(before);
    expect((await hotel.reverse(redeemed.body.id)).body.points).toBe(90);
    expect(await lotsOf(memberId)).toEqual([
      { issuer: bistro.partner.id, remaining: 100 },
      { issuer: hotel.partner.id, remaining: 100 },
    ]);
    expect(await accountBalance(app, `redemption:${hotel.partner.id}`)).toBe(0);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });
});
