import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  callerMatrix,
  callerToken,
  ledgerSnapshot,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
let pharmacy: PartnerClient;
let snapshotId: string;
beforeEach(async () => {
  app = await TestApp.create();
  snapshotId = (await publishRates(app)).id;
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

const quote = async (query: string, partner: PartnerClient = pharmacy) =>
  app.request('GET', `/v1/quote?${query}`, { token: await partner.token() });

describe('GET /v1/quote', () => {
  test.each([
    ['amount=1000.00&currency=CZK', 39, '1000.00', 'CZK', '25.320'], // 1000.00 / 25.320 = 39.49... -> 39
    ['amount=100.00&currency=USD', 92, '100.00', 'USD', '1.0850'], // 100.00 / 1.0850 = 92.16... -> 92
    ['amount=10000&currency=JPY', 61, '10000', 'JPY', '162.35'], // 10000 / 162.35 = 61.59... -> 61
    ['amount=10.000&currency=KWD', 29, '10.000', 'KWD', '0.3345'], // 10.000 / 0.3345 = 29.89... -> 29
    ['amount=400.00&currency=CZK&category=prescription', 0, '400.00', 'CZK', '25.320'], // 400.00 * 0 = 0
    ['amount=100.00&currency=CZK&category=cosmetics', 7, '100.00', 'CZK', '25.320'], // 100.00 * 2 / 25.320 = 7.89... -> 7
    ['amount=100.00&currency=EUR', 100, '100.00', 'EUR', '1'], // the reference currency
  ])('an amount in points (rounded down): %s -> %i', async (query, points, amount, currency, rate) => {
    const response = await quote(query);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ points, value: { amount, currency }, fx: { snapshotId, rate } });
  });

  test.each([
    ['points=100&currency=USD', 100, '1.08', 'USD'], // 1.085 -> half-even 1.08
    ['points=300&currency=KWD', 300, '1.004', 'KWD'], // 1.0035 -> half-even 1.004
    ['points=1000&currency=JPY', 1000, '1624', 'JPY'], // 1623.5 -> half-even 1624
    ['points=1&currency=CZK', 1, '0.25', 'CZK'], // 0.2532 -> 0.25
  ])('points in money (rounded half-even): %s -> %s', async (query, points, amount, currency) => {
    const response = await quote(query);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ points, value: { amount, currency } });
  });

  test('quotes exactly what the earn then awards, and writes nothing', async () => {
    const memberId = await pharmacy.enrol();
    const before = await ledgerSnapshot(app);
    const quoted = await quote('amount=777.77&currency=CZK');
    expect(await ledgerSnapshot(app)).toEqual(before);
    const earned = await pharmacy.earn({ memberId, amount: { amount: '777.77', currency: 'CZK' } });
    // 777.77 / 25.320 = 30.71... -> 30
    expect(quoted.body.points).toBe(30);
    expect(earned.body.points).toBe(quoted.body.points);
  });

  test('uses the partner own earn rate', async () => {
    const generous = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
      earnRate: '2.5',
    });
    // 100.00 / 1.0850 * 2.5 = 230.41... -> 230
    expect((await quote('amount=100.00&currency=USD', generous)).body.points).toBe(230);
  });
});

describe('GET /v1/quote refuses bad queries', () => {
  test.each([
    ['both an amount and points', 'amount=10.00&points=5&currency=USD', 422, 'validation_failed'],
    ['neither an amount nor points', 'currency=USD', 422, 'validation_failed'],
    ['no currency', 'amount=10.00', 422, 'validation_failed'],
    ['too many decimals', 'amount=10.5&currency=JPY', 422, 'too_many_decimals'],
    ['zero points', 'points=0&currency=USD', 422, 'validation_failed'],
    ['a fraction of a point', 'points=1.5&currency=USD', 422, 'validation_failed'],
    ['a currency without a rate', 'amount=10.00&currency=CHF', 422, 'fx_rate_missing'],
  ])('%s is %i %s', async (_name, query, status, code) => {
    const response = await quote(query);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
  });

  test('a stale rate is 422 fx_rate_stale naming the currency', async () => {
    app.clock.advance(49 * 3_600_000);
    const response = await quote('points=100&currency=USD');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'fx_rate_stale', currency: 'USD' });
  });
});

describe('GET /v1/quote is for partners only', () => {
  test.each(callerMatrix('partner'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, {
      partner: pharmacy,
      memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    });
    const response = await app.request('GET', '/v1/quote?amount=10.00&currency=CZK', { token });
    if (allowed) {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
  });
});
