import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { expectLedgerInvariants, newKey, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

const DAY_MS = 86_400_000;
let app: TestApp;
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

describe('the seed scenario: San Diego, Berlin and Prague in one household, spending in London', () => {
  test('three currencies, one household, one pool redemption at a fourth partner, exact at every step', async () => {
    await publishRates(app);
    const hotel = await partnerClient(app, {
      name: 'Harbor Hotel San Diego',
      sector: 'hotel',
      country: 'US',
      settlementCurrency: 'USD',
      earnRate: '1',
    });
    const shop = await partnerClient(app, {
      name: 'Mitte Mode Berlin',
      sector: 'retail',
      country: 'DE',
      settlementCurrency: 'EUR',
      earnRate: '2',
    });
    const pharmacy = await partnerClient(app, {
      name: 'Lékárna U Anděla',
      sector: 'pharmacy',
      country: 'CZ',
      settlementCurrency: 'CZK',
      earnRate: '1',
      categoryMultipliers: { prescription: '0' },
    });
    const bookshop = await partnerClient(app, {
      name: 'Marylebone Books',
      sector: 'retail',
      country: 'GB',
      settlementCurrency: 'GBP',
      earnRate: '1',
    });

    const ana = await hotel.enrol({ externalReference: 'CARD-ANA' });
    const ben = await shop.enrol({ externalReference: 'CARD-BEN' });
    const cecilie = await pharmacy.enrol({ externalReference: 'CARD-CECILIE' });

    // Prague first (its lot expires first): 2532.00 CZK = 100 EUR, of which 60 EUR is a
    // prescription (0x) and 40 EUR cosmetics (1x): 40 points.
    const prague = await pharmacy.earn({
      memberId: cecilie,
      amount: { amount: '2532.00', currency: 'CZK' },
      lines: [
        { amount: '1519.20', category: 'prescription' },
        { amount: '1012.80', category: 'cosmetics' },
      ],
    });
    expect(prague.body.points).toBe(40);
    app.clock.advance(DAY_MS);
    // Berlin: 120.00 EUR at 2 points per EUR: 240 points.
    expect(
      (await shop.earn({ memberId: ben, amount: { amount: '120.00', currency: 'EUR' } })).body.points,
    ).toBe(240);
    app.clock.advance(DAY_MS);
    // San Diego: 542.50 USD = 500 EUR at 1 point per EUR: 500 points.
    expect(
      (await hotel.earn({ memberId: ana, amount: { amount: '542.50', currency: 'USD' } })).body.points,
    ).toBe(500);

    const anaToken = await app.memberToken(ana);
    const created = await app.request('POST', '/v1/pools', {
      token: anaToken,
      body: { kind: 'household', name: 'Our family' },
    });
    expect(created.status).toBe(201);
    const poolId = created.body.id as string;
    for (const invitee of [ben, cecilie]) {
      const invite = await app.request('POST', `/v1/pools/${poolId}/invites`, { token: anaToken });
      expect(invite.status).toBe(201);
      const joined = await app.request('POST', '/v1/pools/join', {
        token: await app.memberToken(invitee),
        body: { code: invite.body.code },
      });
      expect(joined.status).toBe(200);
    }

    const pool = await app.request('GET', `/v1/pools/${poolId}`, { token: anaToken });
    expect(pool.body.totalPoints).toBe(780);
    expect(pool.body.members.map((member: { drawablePoints: number }) => member.drawablePoints)).toEqual([
      500, 240, 40,
    ]);

    const me = await app.request('GET', '/v1/me', { token: anaToken });
    expect(me.body).toMatchObject({
      available: 500,
      unifiedAvailable: 780,
      pools: [{ poolId, kind: 'household', spendablePoints: 280 }],
    });

    // London: 600 points from the pool, soonest-expiring first: Cecilie 40, Ben 240, Ana 320.
    // Worth 600 x 0.01 EUR x 0.86 = 5.16 GBP.
    const redeemed = await app.request('POST', '/v1/redeem', {
      token: await bookshop.token(),
      idempotencyKey: newKey(),
      body: { memberId: ana, points: 600, source: { type: 'pool', poolId } },
    });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body.value).toEqual({ amount: '5.16', currency: 'GBP' });
    expect(redeemed.body.draws).toEqual([
      { memberId: ana, poolId, points: 320 },
      { memberId: ben, poolId, points: 240 },
      { memberId: cecilie, poolId, points: 40 },
    ]);
    expect((await hotel.balance(ana)).available).toBe(180);
    expect((await hotel.balance(ben)).available).toBe(0);
    expect((await hotel.balance(cecilie)).available).toBe(0);

    const after = await app.request('GET', `/v1/pools/${poolId}`, { token: await app.memberToken(ben) });
    expect(after.body.totalPoints).toBe(180);
    expect(after.body.activity).toEqual([
      expect.objectContaining({
        redeemerMemberId: ana,
        points: 600,
        partner: expect.objectContaining({ name: 'Marylebone Books', country: 'GB' }),
      }),
    ]);

    // Breaking up loses and creates nothing.
    const dissolved = await app.request('DELETE', `/v1/pools/${poolId}`, { token: anaToken });
    expect(dissolved.status).toBe(200);
    expect((await app.request('GET', '/v1/me', { token: anaToken })).body).toMatchObject({
      available: 180,
      unifiedAvailable: 180,
      pools: [],
    });
    await expectLedgerInvariants(app);
  });
});
