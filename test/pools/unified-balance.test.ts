import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  expectLedgerInvariants,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import {
  DAY_MS,
  earn,
  expectRefusedUnchanged,
  formPool,
  fromPool,
  memberWith,
  type PoolApi,
  poolApi,
  poolCoalition,
  redeemFrom,
  walletBalances,
} from './fixtures.js';

/**
 * What a member sees: the unified balance of GET /v1/me (own wallet plus what they may spend
 * from each pool today), `auto` redemptions (own wallet first, then the pools in membership
 * order), and the pool's activity, which never shows a member's own wallet activity.
 */
let app: TestApp;
let shop: PartnerClient;
let pharmacy: PartnerClient;
let api: PoolApi;
beforeEach(async () => {
  app = await TestApp.create();
  ({ shop } = await poolCoalition(app));
  pharmacy = await partnerClient(app, {
    name: 'Lékárna U Anděla',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  api = poolApi(app);
});
afterEach(async () => {
  await app.close();
});

const household = { kind: 'household', name: 'The Novaks' };
const friends = { kind: 'friends', name: 'Ski trip' };

async function unified(memberId: string) {
  const response = await api.me(memberId);
  expect(response.status).toBe(200);
  return response.body as {
    available: number;
    unifiedAvailable: number;
    pools: { poolId: string; name: string; kind: string; spendablePoints: number }[];
  };
}

describe('GET /v1/me: own wallet plus what each pool lets me spend today', () => {
  test("household: everyone may spend everyone else's points by default", async () => {
    const ana = await memberWith(shop, 500);
    const ben = await memberWith(shop, 240);
    const cecilie = await memberWith(shop, 40);
    const poolId = await formPool(app, ana, [ben, cecilie], household);
    expect(await unified(ana)).toMatchObject({
      available: 500,
      unifiedAvailable: 780,
      pools: [{ poolId, name: 'The Novaks', kind: 'household', spendablePoints: 280 }],
    });
    expect(await unified(ben)).toMatchObject({
      available: 240,
      unifiedAvailable: 780,
      pools: [{ poolId, spendablePoints: 540 }],
    });
    expect(await unified(cecilie)).toMatchObject({
      available: 40,
      unifiedAvailable: 780,
      pools: [{ poolId, spendablePoints: 740 }],
    });
  });

  test('friends: nothing is pledged and only the owner may redeem until they choose otherwise', async () => {
    const owner = await memberWith(shop, 100);
    const friend = await memberWith(shop, 300);
    const poolId = await formPool(app, owner, [friend], friends);
    expect(await unified(owner)).toMatchObject({
      unifiedAvailable: 100,
      pools: [{ poolId, kind: 'friends', spendablePoints: 0 }],
    });
    expect(await unified(friend)).toMatchObject({
      unifiedAvailable: 300,
      pools: [{ poolId, spendablePoints: 0 }],
    });

    await api.pledge(poolId, friend, 200);
    expect(await unified(owner)).toMatchObject({ unifiedAvailable: 300, pools: [{ spendablePoints: 200 }] });
    // The owner pledges everything, but the friend may not redeem yet.
    await api.pledge(poolId, owner, 'all');
    expect(await unified(friend)).toMatchObject({ unifiedAvailable: 300, pools: [{ spendablePoints: 0 }] });
    await api.permissions(poolId, owner, friend, { mayRedeem: true });
    expect(await unified(friend)).toMatchObject({ unifiedAvailable: 400, pools: [{ spendablePoints: 100 }] });
  });

  test('a pledge cap limits what others may spend of that wallet', async () => {
    const owner = await memberWith(shop, 0);
    const ben = await memberWith(shop, 1000);
    const cecilie = await memberWith(shop, 30);
    const poolId = await formPool(app, owner, [ben, cecilie], household);
    await api.pledge(poolId, ben, 250);
    // Cecilie's cap is above what she holds: her wallet is the limit.
    await api.pledge(poolId, cecilie, 100);
    expect(await unified(owner)).toMatchObject({ pools: [{ spendablePoints: 280 }] });
    const pool = await api.read(poolId, owner);
    expect(pool.body.totalPoints).toBe(280);
    expect(
      pool.body.members.map((entry: { pledge: unknown; drawablePoints: number }) => [
        entry.pledge,
        entry.drawablePoints,
      ]),
    ).toEqual([
      [{ type: 'all' }, 0],
      [{ type: 'cap', capPoints: 250, remainingPoints: 250 }, 250],
      [{ type: 'cap', capPoints: 100, remainingPoints: 100 }, 30],
    ]);
  });

  test('a monthly limit reduces what the member may spend, and the next month restores it', async () => {
    const owner = await memberWith(shop, 1000);
    const member = await memberWith(shop, 50);
    const poolId = await formPool(app, owner, [member], household);
    await api.permissions(poolId, owner, member, { monthlyLimitPoints: 100 });
    expect(await unified(member)).toMatchObject({
      available: 50,
      unifiedAvailable: 150,
      pools: [{ spendablePoints: 100 }],
    });
    await redeemFrom(shop, member, 30, fromPool(poolId));
    // The limit counts what the member redeemed from the pool, whoever's wallet gave it.
    expect((await unified(member)).pools[0]?.spendablePoints).toBe(70);
    app.clock.nowMs = Date.parse('2026-12-01T00:00:00.000Z');
    // A week on: fresh rates (FX_MAX_AGE_HOURS).
    await publishRates(app);
    expect((await unified(member)).pools[0]?.spendablePoints).toBe(100);
  });

  test('a member the owner does not allow to redeem sees 0 from the pool', async () => {
    const owner = await memberWith(shop, 1000);
    const member = await memberWith(shop, 50);
    const poolId = await formPool(app, owner, [member], household);
    await api.permissions(poolId, owner, member, { mayRedeem: false });
    expect(await unified(member)).toMatchObject({
      available: 50,
      unifiedAvailable: 50,
      pools: [{ poolId, spendablePoints: 0 }],
    });
    // The owner still spends the member's pledged points.
    expect(await unified(owner)).toMatchObject({ unifiedAvailable: 1050, pools: [{ spendablePoints: 50 }] });
  });

  test('every pool counts: a household and a friends pool', async () => {
    const me = await memberWith(shop, 10);
    const sister = await memberWith(shop, 200);
    const friend = await memberWith(shop, 300);
    const home = await formPool(app, me, [sister], household);
    const trip = await formPool(app, friend, [me], friends);
    await api.pledge(trip, friend, 120);
    await api.permissions(trip, friend, me, { mayRedeem: true });
    expect(await unified(me)).toEqual(
      expect.objectContaining({
        available: 10,
        unifiedAvailable: 330,
        pools: [
          { poolId: home, name: 'The Novaks', kind: 'household', spendablePoints: 200 },
          { poolId: trip, name: 'Ski trip', kind: 'friends', spendablePoints: 120 },
        ],
      }),
    );
  });

  test('after leaving, the pool is gone from my balance, and my wallet from theirs', async () => {
    const ana = await memberWith(shop, 500);
    const ben = await memberWith(shop, 240);
    const poolId = await formPool(app, ana, [ben], household);
    await api.leave(poolId, ben);
    expect(await unified(ben)).toMatchObject({ available: 240, unifiedAvailable: 240, pools: [] });
    expect(await unified(ana)).toMatchObject({
      available: 500,
      unifiedAvailable: 500,
      pools: [{ poolId, spendablePoints: 0 }],
    });
  });
});

describe('auto: own wallet first, then each pool in membership order', () => {
  async function twoPools() {
    const me = await memberWith(shop, 100);
    const sister = await memberWith(shop, 200);
    const friend = await memberWith(shop, 300);
    const home = await formPool(app, me, [sister], household);
    const trip = await formPool(app, friend, [me], friends);
    await api.pledge(trip, friend, 'all');
    await api.permissions(trip, friend, me, { mayRedeem: true });
    return { me, sister, friend, home, trip };
  }

  test('450 points: 100 from my wallet, 200 from the household (joined first), 150 from the friends pool', async () => {
    const { me, sister, friend, home, trip } = await twoPools();
    const redeemed = await redeemFrom(pharmacy, me, 450, { type: 'auto' });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body.source).toEqual({ type: 'auto' });
    expect(redeemed.body.draws).toEqual([
      { memberId: me, poolId: null, points: 100 },
      { memberId: sister, poolId: home, points: 200 },
      { memberId: friend, poolId: trip, points: 150 },
    ]);
    expect(await walletBalances(app, [me, sister, friend])).toEqual([0, 0, 150]);
    // Each pool records only its own part.
    const activity = (poolId: string) => api.read(poolId, me).then((response) => response.body.activity);
    expect(await activity(home)).toEqual([
      expect.objectContaining({ transactionId: redeemed.body.id, redeemerMemberId: me, points: 200 }),
    ]);
    expect(await activity(trip)).toEqual([
      expect.objectContaining({ transactionId: redeemed.body.id, redeemerMemberId: me, points: 150 }),
    ]);
    expect(await unified(me)).toMatchObject({ available: 0, unifiedAvailable: 150 });
    await expectLedgerInvariants(app);
  });

  test('what my own wallet covers touches no pool', async () => {
    const { me, home, trip } = await twoPools();
    const redeemed = await redeemFrom(pharmacy, me, 100, { type: 'auto' });
    expect(redeemed.body.draws).toEqual([{ memberId: me, poolId: null, points: 100 }]);
    for (const poolId of [home, trip]) expect((await api.read(poolId, me)).body.activity).toEqual([]);
  });

  /** A friends pool joined first (the friend pledges all of 300), then my own household with my sister's 200. */
  async function friendsFirst() {
    const me = await memberWith(shop, 100);
    const sister = await memberWith(shop, 200);
    const friend = await memberWith(shop, 300);
    const trip = await formPool(app, friend, [me], friends);
    await api.pledge(trip, friend, 'all');
    const home = await formPool(app, me, [sister], household);
    return { me, sister, friend, home, trip };
  }

  test('a pool I may not redeem from is skipped, and the next pool gives', async () => {
    const { me, sister, home } = await friendsFirst();
    const redeemed = await redeemFrom(pharmacy, me, 250, { type: 'auto' });
    expect(redeemed.body.draws).toEqual([
      { memberId: me, poolId: null, points: 100 },
      { memberId: sister, poolId: home, points: 150 },
    ]);
  });

  test('a monthly limit caps what one pool gives, and the next pool gives the rest', async () => {
    const { me, sister, friend, home, trip } = await friendsFirst();
    await api.permissions(trip, friend, me, { mayRedeem: true, monthlyLimitPoints: 50 });
    const redeemed = await redeemFrom(pharmacy, me, 250, { type: 'auto' });
    expect(redeemed.body.draws).toEqual([
      { memberId: me, poolId: null, points: 100 },
      { memberId: friend, poolId: trip, points: 50 },
      { memberId: sister, poolId: home, points: 100 },
    ]);
    expect((await unified(me)).pools).toEqual([
      { poolId: trip, name: 'Ski trip', kind: 'friends', spendablePoints: 0 },
      { poolId: home, name: 'The Novaks', kind: 'household', spendablePoints: 100 },
    ]);
    await expectRefusedUnchanged(
      app,
      () => redeemFrom(pharmacy, me, 101, { type: 'auto' }),
      422,
      'insufficient_points',
    );
  });

  test('more than the unified balance is 422 insufficient_points with what is available, and writes nothing', async () => {
    const { me } = await twoPools();
    expect((await unified(me)).unifiedAvailable).toBe(600);
    const refused = await expectRefusedUnchanged(
      app,
      () => redeemFrom(pharmacy, me, 601, { type: 'auto' }),
      422,
      'insufficient_points',
    );
    expect(refused.body).toMatchObject({ availablePoints: 600, requestedPoints: 601 });
    expect((await redeemFrom(pharmacy, me, 600, { type: 'auto' })).status).toBe(201);
  });

  test('the wallet source never touches a pool', async () => {
    const { me } = await twoPools();
    await expectRefusedUnchanged(app, () => redeemFrom(pharmacy, me, 101), 422, 'insufficient_points');
  });

  // Known bug (reported, in src/ledger/redeem.ts): `auto` computes every pool's capacity before
  // drawing from the first, so a wallet in two of the member's pools is planned twice; the batch
  // then fails the lots CHECK on every retry and the answer is 409 write_conflict. Flip to
  // `test` once chooseDraws computes each pool's capacity after the draws planned so far.
  test('a wallet in two of my pools: auto takes its points once, from its other lots for the second pool', async () => {
    const me = await memberWith(shop, 0);
    const sister = await memberWith(shop, 100);
    app.clock.advance(DAY_MS);
    await earn(shop, sister, 100);
    const home = await formPool(app, me, [sister], household);
    const trip = await formPool(app, me, [sister], friends);
    await api.pledge(home, sister, 100);
    await api.pledge(trip, sister, 100);
    const redeemed = await redeemFrom(pharmacy, me, 150, { type: 'auto' });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body.draws).toEqual([
      { memberId: sister, poolId: home, points: 100 },
      { memberId: sister, poolId: trip, points: 50 },
    ]);
    expect(await walletBalances(app, [sister])).toEqual([50]);
  });
});

describe('pool activity: who redeemed what, where; never a member’s own wallet activity', () => {
  test('shows pool redemptions newest first, to every member, and nothing of own-wallet earns and redemptions', async () => {
    const ana = await memberWith(shop, 500);
    const ben = await memberWith(pharmacy, 300);
    const poolId = await formPool(app, ana, [ben], household);

    // Own-wallet activity of both members, at both partners.
    const benOwn = await redeemFrom(shop, ben, 20);
    await earn(pharmacy, ben, 40);
    const anaOwn = await redeemFrom(pharmacy, ana, 10, { type: 'auto' });
    expect(anaOwn.body.draws).toEqual([{ memberId: ana, poolId: null, points: 10 }]);
    expect((await api.read(poolId, ben)).body.activity).toEqual([]);

    const first = await redeemFrom(pharmacy, ana, 600, fromPool(poolId));
    app.clock.advance(60_000);
    const second = await redeemFrom(shop, ben, 70, fromPool(poolId));
    expect([first.status, second.status]).toEqual([201, 201]);

    for (const viewer of [ana, ben]) {
      const pool = await api.read(poolId, viewer);
      expect(pool.body.activity).toEqual([
        {
          transactionId: second.body.id,
          redeemerMemberId: ben,
          partner: { id: shop.partner.id, name: 'Mitte Mode Berlin', sector: 'retail', country: 'DE' },
          points: 70,
          createdAt: '2026-11-23T09:01:00.000Z',
        },
        {
          transactionId: first.body.id,
          redeemerMemberId: ana,
          partner: { id: pharmacy.partner.id, name: 'Lékárna U Anděla', sector: 'pharmacy', country: 'CZ' },
          points: 600,
          createdAt: '2026-11-23T09:00:00.000Z',
        },
      ]);
      const text = JSON.stringify(pool.body);
      expect(text).not.toContain(benOwn.body.id);
      expect(text).not.toContain(anaOwn.body.id);
    }
    await expectLedgerInvariants(app);
  });

  test('a former member no longer sees the pool, nor does it show their later own-wallet spending', async () => {
    const ana = await memberWith(shop, 500);
    const ben = await memberWith(shop, 300);
    const poolId = await formPool(app, ana, [ben], household);
    await redeemFrom(shop, ben, 400, fromPool(poolId));
    await api.leave(poolId, ben);
    await expectRefusedUnchanged(app, () => api.read(poolId, ben), 404, 'pool_not_found');
    await redeemFrom(shop, ben, 5);
    const pool = await api.read(poolId, ana);
    expect(pool.body.activity).toHaveLength(1);
    expect(pool.body.members.map((entry: { memberId: string }) => entry.memberId)).toEqual([ana]);
  });
});
