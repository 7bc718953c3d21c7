import { and, eq, gt, sum } from 'drizzle-orm';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { readMemberLots } from '../../src/db/ledger.js';
import { pointsOwed, transactions } from '../../src/db/schema/index.js';
import { spendableLots, sumPoints } from '../../src/domain/ledger/lots.js';
import { EXPIRY_WINDOW_DAYS, unifiedBalance } from '../../src/ledger/balance.js';
import { memberPoolCapacities } from '../../src/pools/draws.js';
import {
  advanceDays,
  DAY_MS,
  earn,
  formPool,
  fromPool,
  memberWith,
  poolApi,
  poolCoalition,
  redeemFrom,
} from '../pools/fixtures.js';
import { type PartnerClient, partnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * The balance is read in two statements built once per database handle. This compares it with
 * the reads it replaced, one query per part (lots, holds, debts, each pool and each of its
 * wallets), on a ledger with a bit of everything: lots of several issuers, some expiring soon
 * and some expired, holds live and lapsed, debts, and pools with caps, monthly limits, a member
 * who may not redeem, a member alone in a pool, a member who left and a dissolved pool.
 */
let app: TestApp;
let shop: PartnerClient;
let pharmacy: PartnerClient;
beforeEach(async () => {
  // Lots live two months, so that some expire soon and some are gone while the test runs.
  app = await TestApp.create({ environment: { POINTS_EXPIRY_MONTHS: '2' } });
  ({ shop } = await poolCoalition(app));
  pharmacy = await partnerClient(app, {
    name: 'Lékárna U Anděla',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
});
afterEach(async () => {
  await app.close();
});

/** The balance as it was composed before: one read for each part. */
async function composedBalance(memberId: string) {
  const { db } = app.deps;
  const nowMs = app.clock.nowMs;
  const lots = spendableLots(await readMemberLots(db, memberId), nowMs);
  const [pending] = await db
    .select({ points: sum(transactions.points) })
    .from(transactions)
    .where(
      and(
        eq(transactions.memberId, memberId),
        eq(transactions.status, 'pending'),
        gt(transactions.holdExpiresAt, nowMs),
      ),
    );
  const [owed] = await db
    .select({ points: sum(pointsOwed.pointsRemaining) })
    .from(pointsOwed)
    .where(eq(pointsOwed.memberId, memberId));
  const expiring = new Map<string, number>();
  for (const lot of lots) {
    if (lot.expiresAt > nowMs + EXPIRY_WINDOW_DAYS * DAY_MS) break;
    const date = new Date(lot.expiresAt).toISOString().slice(0, 10);
    expiring.set(date, (expiring.get(date) ?? 0) + lot.pointsRemaining);
  }
  const pools = (await memberPoolCapacities(app.deps, memberId, new Map(), true)).map((capacity) => ({
    poolId: capacity.pool.id,
    name: capacity.pool.name,
    kind: capacity.pool.kind,
    spendablePoints: capacity.spendable,
  }));
  const available = sumPoints(lots);
  return {
    available,
    pending: Number(pending?.points ?? 0),
    owed: Number(owed?.points ?? 0),
    expiringSoon: [...expiring].map(([date, points]) => ({ date, points })),
    pools,
    unifiedAvailable: available + pools.reduce((total, pool) => total + pool.spendablePoints, 0),
  };
}

async function expectSameAsComposed(memberIds: readonly string[]) {
  for (const memberId of memberIds) {
    const read = await unifiedBalance(app.deps, memberId);
    expect(JSON.stringify(read), memberId).toBe(JSON.stringify(await composedBalance(memberId)));
  }
}

test('the two-statement balance equals the composed one, part by part, on a rich ledger', async () => {
  const api = poolApi(app);
  const ana = await memberWith(shop, 500);
  const ben = await memberWith(pharmacy, 240);
  const cecilie = await memberWith(shop, 40);
  const dana = await memberWith(pharmacy, 90);
  const emil = await memberWith(shop, 0);
  const alone = await memberWith(shop, 70);
  // Lots of both issuers in several wallets, a week apart, so that they expire on different days.
  await advanceDays(app, 7);
  await earn(pharmacy, ana, 120);
  await earn(shop, ben, 60);
  await earn(pharmacy, cecilie, 35);
  // A hold that stays pending, and one that lapses once the clock passes its expiry.
  await shop.earn({ memberId: ana, amount: { amount: '80.00', currency: 'EUR' }, hold: {} });
  await pharmacy.earn({ memberId: ben, amount: { amount: '45.00', currency: 'EUR' }, hold: {} });
  // A debt: the points of a refunded earn were partly spent already.
  const refunded = await pharmacy.earn({ memberId: dana, amount: { amount: '100.00', currency: 'EUR' } });
  expect((await redeemFrom(shop, dana, 150)).status).toBe(201);
  expect((await pharmacy.reverse(refunded.body.id)).status).toBe(201);

  const home = await formPool(app, ana, [ben, cecilie, emil], { kind: 'household', name: 'The Novaks' });
  const trip = await formPool(app, dana, [ana, cecilie], { kind: 'friends', name: 'Ski trip' });
  const gone = await formPool(app, emil, [dana], { kind: 'friends', name: 'Book club' });
  await formPool(app, alone, [], { kind: 'household', name: 'Just me' });
  expect((await api.pledge(home, ben, 100)).status).toBe(200);
  expect((await api.permissions(home, ana, cecilie, { monthlyLimitPoints: 60 })).status).toBe(200);
  expect((await api.permissions(home, ana, emil, { mayRedeem: false })).status).toBe(200);
  expect((await api.pledge(trip, dana, 'all')).status).toBe(200);
  expect((await api.pledge(trip, ana, 150)).status).toBe(200);
  expect((await api.permissions(trip, dana, cecilie, { mayRedeem: true })).status).toBe(200);
  expect((await api.dissolve(gone, emil)).status).toBe(200);
  expect((await redeemFrom(shop, cecilie, 25, fromPool(home))).status).toBe(201);
  expect((await redeemFrom(shop, dana, 30, fromPool(trip))).status).toBe(201);
  const everyone = [ana, ben, cecilie, dana, emil, alone];
  await expectSameAsComposed(everyone);
  expect((await unifiedBalance(app.deps, ana)).pending).toBe(80);

  // A member leaves; weeks pass: holds lapse, the first lots expire and the later ones expire soon.
  expect((await api.leave(home, cecilie)).status).toBe(200);
  await advanceDays(app, 40);
  await earn(shop, emil, 15);
  await expectSameAsComposed(everyone);
  expect((await unifiedBalance(app.deps, ana)).expiringSoon.length).toBeGreaterThan(1);
  await advanceDays(app, 25);
  await expectSameAsComposed(everyone);
  const read = await unifiedBalance(app.deps, ana);
  // The ledger did have every part the comparison is about.
  expect(read.pools.length).toBe(2);
  expect((await unifiedBalance(app.deps, dana)).owed).toBeGreaterThan(0);
});
