import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  expectLedgerInvariants,
  ledgerSnapshot,
  type PartnerClient,
  partnerClient,
  publishRates,
  STANDARD_RATES,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * How money becomes points and points become money, through the API, across currencies with
 * 0, 2 and 3 decimals. Rates: 1 EUR = 1.0850 USD = 25.320 CZK = 162.35 JPY = 0.3345 KWD; one
 * point is worth 0.01 EUR. Each expected value is computed by hand in its comment.
 */
let app: TestApp;
let hotel: PartnerClient;
let bistro: PartnerClient;
let pharmacy: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    sector: 'hotel',
    country: 'US',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
    earnRate: '1.5',
  });
  pharmacy = await partnerClient(app, {
    name: 'Lékárna U Anděla',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'CZK',
    earnRate: '1',
    categoryMultipliers: { prescription: '0', cosmetics: '2' },
  });
});
afterEach(async () => {
  await app.close();
});

const transferCount = async () => (await ledgerSnapshot(app)).transfers.length;

describe('earning rounds down, once, on the whole purchase', () => {
  test.each([
    // [amount, currency, points]: at 1 point per EUR
    ['100.00', 'EUR', 100], // 100.00 / 1 = 100 exactly
    ['99.99', 'EUR', 99], // 99.99 -> 99
    ['100.00', 'USD', 92], // 100.00 / 1.0850 = 92.165... -> 92
    ['10000', 'JPY', 61], // 10000 / 162.35 = 61.595... -> 61
    ['163', 'JPY', 1], // 163 / 162.35 = 1.004... -> 1
    ['1000.00', 'CZK', 39], // 1000.00 / 25.320 = 39.494... -> 39
    ['10.000', 'KWD', 29], // 10.000 / 0.3345 = 29.895... -> 29
    ['0.335', 'KWD', 1], // 0.335 / 0.3345 = 1.0014... -> 1
  ])('%s %s earns %i points', async (amount, currency, points) => {
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({ memberId, amount: { amount, currency } });
    expect(earned.status).toBe(201);
    expect(earned.body).toMatchObject({
      kind: 'earn',
      status: 'posted',
      points,
      amount: { amount, currency },
      fx: { rate: currency === 'EUR' ? '1' : STANDARD_RATES[currency as keyof typeof STANDARD_RATES] },
      earnRate: '1',
    });
    expect(await hotel.balance(memberId)).toMatchObject({ available: points, pending: 0, owed: 0 });
    await expectLedgerInvariants(app);
  });

  test.each([
    ['162', 'JPY'], // 162 / 162.35 = 0.9978... -> 0
    ['0.334', 'KWD'], // 0.334 / 0.3345 = 0.9985... -> 0
    ['0.01', 'USD'], // 0.01 / 1.0850 = 0.0092... -> 0
  ])('%s %s earns nothing: the earn is recorded, no transfer and no lot', async (amount, currency) => {
    const memberId = await hotel.enrol();
    const before = await ledgerSnapshot(app);
    const earned = await hotel.earn({ memberId, amount: { amount, currency } });
    expect(earned.status).toBe(201);
    expect(earned.body).toMatchObject({ points: 0, status: 'posted' });
    const after = await ledgerSnapshot(app);
    expect(after.transfers).toEqual(before.transfers);
    expect(after.lots).toEqual(before.lots);
    expect(after.transactions).toHaveLength(before.transactions.length + 1);
  });

  test.each([
    // at 1.5 points per EUR
    ['33.33', 'EUR', 49], // 33.33 * 1.5 = 49.995 -> 49
    ['100.00', 'USD', 138], // 100.00 / 1.0850 * 1.5 = 138.248... -> 138
    ['1000', 'JPY', 9], // 1000 / 162.35 * 1.5 = 9.239... -> 9
    ['1.000', 'KWD', 4], // 1.000 / 0.3345 * 1.5 = 4.484... -> 4
  ])('at an earn rate of 1.5, %s %s earns %i points', async (amount, currency, points) => {
    const memberId = await bistro.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount, currency } });
    expect(earned.body).toMatchObject({ points, earnRate: '1.5' });
  });

  test('two lines of 0.60 EUR earn 1 point: the basket is rounded once, not each line', async () => {
    const memberId = await hotel.enrol();
    // 0.60 + 0.60 = 1.20 -> 1; flooring each line first would give 0 + 0
    const earned = await hotel.earn({
      memberId,
      amount: { amount: '1.20', currency: 'EUR' },
      lines: [{ amount: '0.60' }, { amount: '0.60' }],
    });
    expect(earned.body.points).toBe(1);
  });
});

describe('category multipliers, including 0 for prescription medicines', () => {
  test('a prescription line earns nothing while the other lines earn at their multipliers', async () => {
    const memberId = await pharmacy.enrol();
    const earned = await pharmacy.earn({
      memberId,
      amount: { amount: '1000.00', currency: 'CZK' },
      lines: [
        { amount: '400.00', category: 'prescription' },
        { amount: '100.00', category: 'cosmetics' },
        { amount: '500.00' },
      ],
    });
    // 400.00 * 0 + 100.00 * 2 + 500.00 * 1 = 700.00 CZK; 700.00 / 25.320 = 27.646... -> 27
    expect(earned.status).toBe(201);
    expect(earned.body.points).toBe(27);
    expect((await pharmacy.balance(memberId)).available).toBe(27);
    await expectLedgerInvariants(app);
  });

  test('a purchase of prescriptions only earns 0 points and moves nothing', async () => {
    const memberId = await pharmacy.enrol();
    const before = await transferCount();
    const earned = await pharmacy.earn({
      memberId,
      amount: { amount: '250.00', currency: 'CZK' },
      lines: [{ amount: '250.00', category: 'prescription' }],
    });
    expect(earned.status).toBe(201);
    expect(earned.body.points).toBe(0);
    expect(await transferCount()).toBe(before);
    expect((await pharmacy.balance(memberId)).available).toBe(0);
  });

  test('without line items the whole amount earns at 1, and an unknown category earns at 1', async () => {
    const memberId = await pharmacy.enrol();
    // 1000.00 / 25.320 = 39.494... -> 39
    expect(
      (await pharmacy.earn({ memberId, amount: { amount: '1000.00', currency: 'CZK' } })).body.points,
    ).toBe(39);
    const uncategorised = await pharmacy.earn({
      memberId,
      amount: { amount: '1000.00', currency: 'CZK' },
      lines: [{ amount: '1000.00', category: 'snacks' }],
    });
    expect(uncategorised.body.points).toBe(39);
  });
});

describe('a point pays out the same reference value everywhere, rounded half-even to the minor unit', () => {
  let memberId: string;
  beforeEach(async () => {
    memberId = await bistro.enrol();
    // 10000.00 EUR * 1.5 = 15000 points
    await bistro.earn({ memberId, amount: { amount: '10000.00', currency: 'EUR' } });
  });

  test.each([
    [100, 'USD', '1.08'], // 1.00 EUR * 1.0850 = 1.085 USD: a tie, to the even 1.08 (half-up would say 1.09)
    [300, 'USD', '3.26'], // 3.00 EUR * 1.0850 = 3.255 USD: a tie, to the even 3.26
    [100, 'KWD', '0.334'], // 1.00 EUR * 0.3345 = 0.3345 KWD: a tie, to the even 0.334
    [300, 'KWD', '1.004'], // 3.00 EUR * 0.3345 = 1.0035 KWD: a tie, to the even 1.004
    [1000, 'JPY', '1624'], // 10.00 EUR * 162.35 = 1623.5 JPY: a tie, to the even 1624
    [3000, 'JPY', '4870'], // 30.00 EUR * 162.35 = 4870.5 JPY: a tie, to the even 4870
    [1, 'CZK', '0.25'], // 0.01 EUR * 25.320 = 0.2532 CZK -> 0.25
    [100, 'CZK', '25.32'], // 1.00 EUR * 25.320 = 25.32 CZK exactly
    [100, 'EUR', '1.00'], // the reference currency: 1.00 EUR
  ])('%i points are worth, in %s, %s', async (points, currency, amount) => {
    const redeemed = await bistro.redeem({ memberId, points, currency });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ kind: 'redeem', points, value: { amount, currency } });
    expect((await bistro.balance(memberId)).available).toBe(15000 - points);
    await expectLedgerInvariants(app);
  });

  test('without a currency the value is in the partner settlement currency', async () => {
    // 100 points at the USD hotel: 1.085 USD -> 1.08
    const redeemed = await hotel.redeem({ memberId, points: 100 });
    expect(redeemed.body.value).toEqual({ amount: '1.08', currency: 'USD' });
  });
});

describe('the points to cover an amount round up', () => {
  let memberId: string;
  beforeEach(async () => {
    memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '10000.00', currency: 'EUR' } });
  });

  test.each([
    ['10.00', 'USD', 922], // 10.00 / 1.0850 / 0.01 = 921.658... -> 922
    ['1000', 'JPY', 616], // 1000 / 162.35 / 0.01 = 615.953... -> 616
    ['1', 'JPY', 1], // 1 / 162.35 / 0.01 = 0.615... -> 1
    ['1.000', 'KWD', 299], // 1.000 / 0.3345 / 0.01 = 298.953... -> 299
    ['0.001', 'KWD', 1], // 0.001 / 0.3345 / 0.01 = 0.298... -> 1
    ['100.00', 'CZK', 395], // 100.00 / 25.320 / 0.01 = 394.944... -> 395
    ['5.00', 'EUR', 500], // 5.00 / 0.01 = 500 exactly: nothing to round
  ])('%s %s takes %i points', async (amount, currency, points) => {
    const redeemed = await bistro.redeem({ memberId, amount: { amount, currency } });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({
      points,
      amount: { amount, currency },
      value: { amount, currency },
    });
    expect((await bistro.balance(memberId)).available).toBe(15000 - points);
  });
});

describe('an amount with more decimals than its currency allows is 422 too_many_decimals and writes nothing', () => {
  test.each([
    ['earn', '1.234', 'EUR'],
    ['earn', '12.340', 'EUR'],
    ['earn', '10.5', 'JPY'],
    ['earn', '1.2345', 'KWD'],
    ['earn', '1.001', 'USD'],
    ['earn', '10.123', 'CZK'],
    ['redeem', '1.001', 'USD'],
    ['redeem', '10.5', 'JPY'],
    ['redeem', '0.0001', 'KWD'],
  ])('%s of %s %s', async (route, amount, currency) => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    const before = await ledgerSnapshot(app);
    const response =
      route === 'earn'
        ? await bistro.earn({ memberId, amount: { amount, currency } })
        : await bistro.redeem({ memberId, amount: { amount, currency } });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'too_many_decimals', currency });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a line item with too many decimals names the line', async () => {
    const memberId = await pharmacy.enrol();
    const before = await ledgerSnapshot(app);
    const response = await pharmacy.earn({
      memberId,
      amount: { amount: '1.00', currency: 'CZK' },
      lines: [{ amount: '0.995', category: 'prescription' }, { amount: '0.005' }],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'too_many_decimals', currency: 'CZK' });
    expect(response.body.detail).toMatch(/^lines\[0\]/);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('an amount too large to keep exactly is 422 invalid_amount and writes nothing', async () => {
    const memberId = await bistro.enrol();
    const before = await ledgerSnapshot(app);
    // 2^53 minor units and more would lose precision as a number and in SQLite.
    const response = await bistro.earn({
      memberId,
      amount: { amount: '99999999999999999999.00', currency: 'EUR' },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'invalid_amount', currency: 'EUR' });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});

describe('FX: a missing or too old rate is a 422 naming the currency, never a guess', () => {
  test('an earn in a currency without a published rate is 422 fx_rate_missing and writes nothing', async () => {
    const memberId = await hotel.enrol();
    const before = await ledgerSnapshot(app);
    const response = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'CHF' } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'fx_rate_missing',
      currency: 'CHF',
      fxSnapshotId: expect.stringMatching(/^fx_/),
    });
    expect(response.body.detail).toContain('CHF');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('before any snapshot is published every earn is 422 fx_rate_missing', async () => {
    await app.close();
    app = await TestApp.create();
    const shop = await partnerClient(app, { settlementCurrency: 'USD' });
    const memberId = await shop.enrol();
    const before = await ledgerSnapshot(app);
    const response = await shop.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'fx_rate_missing', currency: 'USD' });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a rate exactly FX_MAX_AGE_HOURS (48) old is still used; a millisecond later it is stale', async () => {
    const memberId = await hotel.enrol();
    app.clock.advance(48 * 3_600_000);
    expect((await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } })).body.points).toBe(
      92,
    );
    app.clock.advance(1);
    const before = await ledgerSnapshot(app);
    const stale = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    expect(stale.status).toBe(422);
    expect(stale.body).toMatchObject({
      code: 'fx_rate_stale',
      currency: 'USD',
      asOf: '2026-11-23T09:00:00.000Z',
    });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test.each([
    [
      'an earn',
      (memberId: string) => hotel.earn({ memberId, amount: { amount: '100', currency: 'JPY' } }),
      'JPY',
    ],
    [
      'a redemption by points, valued in the settlement currency',
      (memberId: string) => hotel.redeem({ memberId, points: 10 }),
      'USD',
    ],
    [
      'a redemption of an amount',
      (memberId: string) => hotel.redeem({ memberId, amount: { amount: '1.000', currency: 'KWD' } }),
      'KWD',
    ],
  ])(
    '%s with a rate older than 48 hours is 422 fx_rate_stale and writes nothing',
    async (_name, send, currency) => {
      const memberId = await bistro.enrol();
      await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
      app.clock.advance(49 * 3_600_000);
      const before = await ledgerSnapshot(app);
      const response = await send(memberId);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'fx_rate_stale', currency });
      expect(await ledgerSnapshot(app)).toEqual(before);
    },
  );

  test('the reference currency never goes stale, and a newly published snapshot is used at once', async () => {
    const memberId = await hotel.enrol();
    app.clock.advance(30 * 86_400_000);
    expect(
      (await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } })).body,
    ).toMatchObject({ points: 100, fx: { rate: '1' } });
    const snapshot = await publishRates(app, { ...STANDARD_RATES, USD: '1.2500' });
    // 100.00 / 1.2500 = 80 exactly
    expect(
      (await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } })).body,
    ).toMatchObject({ points: 80, fx: { snapshotId: snapshot.id, rate: '1.2500' } });
  });

  test('FX_MAX_AGE_HOURS is configuration', async () => {
    await app.close();
    app = await TestApp.create({ environment: { FX_MAX_AGE_HOURS: '1' } });
    await publishRates(app);
    const shop = await partnerClient(app, { settlementCurrency: 'USD' });
    const memberId = await shop.enrol();
    app.clock.advance(3_600_001);
    const response = await shop.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    expect(response.body).toMatchObject({ code: 'fx_rate_stale', currency: 'USD' });
  });
});
