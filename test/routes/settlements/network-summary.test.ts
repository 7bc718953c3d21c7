import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestApp } from '../../support/harness.js';
import { type SettledCoalition, settledCoalition } from './fixtures.js';

let app: TestApp;
let world: SettledCoalition;
beforeEach(async () => {
  app = await TestApp.create();
  world = await settledCoalition(app);
});
afterEach(async () => {
  await app.close();
});

describe('GET /v1/network/summary', () => {
  test('network totals to date and for the open period, from the running totals', async () => {
    await world.hotel.earn({ memberId: world.memberId, amount: { amount: '10.85', currency: 'USD' } }); // 10 points, open period
    const response = await app.request('GET', '/v1/network/summary', { token: await app.operatorToken() });
    expect(response.status).toBe(200);
    const [wallets] = (await app.deps.db.all(
      sql`SELECT SUM(balance) AS total FROM accounts WHERE kind = 'wallet'`,
    )) as { total: number }[];
    expect(response.body).toMatchObject({
      asOfSequence: 4,
      referenceCurrency: 'EUR',
      points: { issued: 1010, redeemed: 400, expired: 0, outstandingLiability: wallets?.total },
      outstandingLiability: { points: 610, value: { amount: '6.10', currency: 'EUR' } },
      breakage: { points: 0 },
      // 1010 x 0.012 = 12.12; 300 x 0.0095 + 100 x 0.009 (default redeem rate) = 3.75
      toDate: {
        issuanceFeesExact: '12.12',
        reimbursementsExact: '3.75',
        adjustmentsExact: '0',
        marginExact: '8.37',
      },
      openPeriod: {
        fromSequence: 3,
        toSequence: 4,
        points: { issued: 10, transfers: 1 },
        marginExact: '0.12',
        adjustmentsPending: 0,
      },
      lastSettlement: { id: world.settlementId, number: 1, toSequence: 3 },
    });
  });
});
