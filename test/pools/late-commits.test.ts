import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { expectLedgerInvariants, type PartnerClient, partnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import {
  DAY_MS,
  drawnBy,
  everything,
  expectProblem,
  formPool,
  fromPool,
  membershipRow,
  memberWith,
  type PoolApi,
  poolApi,
  poolCoalition,
  redeemFrom,
  walletBalances,
} from './fixtures.js';

/**
 * A redemption planned while the pool looked one way and committed after it changed: a member
 * left, lowered the pledge, lost the permission, or spent their own points; the owner set a
 * limit or dissolved the pool. The change is made exactly between the redemption's planning and
 * its commit, so the batch's guards must refuse it; it is then planned again on the new state.
 */
let app: TestApp;
let shop: PartnerClient;
let hotel: PartnerClient;
let api: PoolApi;
beforeEach(async () => {
  app = await TestApp.create();
  ({ shop } = await poolCoalition(app));
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel',
    sector: 'hotel',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  api = poolApi(app);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
});

const household = { kind: 'household', name: 'The Novaks' };

/** Redemption debits of one wallet, in commit order (transfer sequence). */
async function walletDebits(memberId: string): Promise<number[]> {
  const rows = (await app.deps.db.all(
    sql`SELECT points FROM transfers WHERE kind = 'redeem' AND debit_account_id = ${`wallet:${memberId}`} ORDER BY sequence`,
  )) as { points: number }[];
  return rows.map((row) => row.points);
}

/**
 * Runs `action` just before the next batch is sent, so that the write that sends it was planned
 * on the state before `action` and commits after it. Returns what became of that write's batches.
 */
function beforeNextCommit(action: () => Promise<unknown>): ('committed' | 'refused')[] {
  const db = app.deps.db;
  const original = db.batch.bind(db);
  const batches: ('committed' | 'refused')[] = [];
  let phase: 'waiting' | 'acting' | 'done' = 'waiting';
  const intercept = async (statements: Parameters<typeof db.batch>[0]) => {
    if (phase === 'acting') return original(statements);
    if (phase === 'waiting') {
      phase = 'acting';
      await action();
      phase = 'done';
    }
    try {
      const result = await original(statements);
      batches.push('committed');
      return result;
    } catch (error) {
      batches.push('refused');
      throw error;
    }
  };
  vi.spyOn(db, 'batch').mockImplementation(intercept as unknown as typeof db.batch);
  return batches;
}

describe('a redemption that commits after a member left or lowered the pledge', () => {
  /** A household where Wanda's lots expire first, so that soonest_expiring would take hers first. */
  async function householdWithWanda() {
    const wanda = await memberWith(shop, 1000);
    app.clock.advance(DAY_MS);
    const owner = await memberWith(shop, 1000);
    const xavier = await memberWith(shop, 1000);
    const poolId = await formPool(app, owner, [wanda, xavier], household);
    return { owner, wanda, xavier, poolId };
  }

  test('in sequence: lower the pledge, then redeem: the wallet gives at most the new cap', async () => {
    const { owner, wanda, xavier, poolId } = await householdWithWanda();
    expect((await api.pledge(poolId, wanda, 100)).status).toBe(200);
    const redeemed = await redeemFrom(shop, xavier, 500, fromPool(poolId));
    expect(redeemed.status).toBe(201);
    expect(drawnBy(redeemed, wanda)).toBe(100);
    expect(drawnBy(redeemed, owner) + drawnBy(redeemed, xavier)).toBe(400);
    expect(await walletBalances(app, [wanda])).toEqual([900]);
    await expectLedgerInvariants(app);
  });

  test('in sequence: leave, then redeem: the wallet is untouched', async () => {
    const { owner, wanda, xavier, poolId } = await householdWithWanda();
    expect((await api.leave(poolId, wanda)).status).toBe(200);
    const redeemed = await redeemFrom(shop, owner, 1500, fromPool(poolId));
    expect(redeemed.status).toBe(201);
    expect(drawnBy(redeemed, wanda)).toBe(0);
    expect(await walletBalances(app, [wanda, owner, xavier])).toEqual([
      1000,
      1000 - drawnBy(redeemed, owner),
      1000 - drawnBy(redeemed, xavier),
    ]);
    // 2000 is all the pool has left.
    expectProblem(await redeemFrom(shop, owner, 501, fromPool(poolId)), 422, 'insufficient_points');
  });

  test('planned while Wanda was in, committed after she left: the batch is refused, planned again, and her wallet untouched', async () => {
    const { owner, wanda, xavier, poolId } = await householdWithWanda();
    const batches = beforeNextCommit(() => api.leave(poolId, wanda));
    const redeemed = await redeemFrom(shop, xavier, 500, fromPool(poolId));
    expect(batches).toEqual(['refused', 'committed']);
    expect(redeemed.status).toBe(201);
    expect(drawnBy(redeemed, wanda)).toBe(0);
    expect(drawnBy(redeemed, owner) + drawnBy(redeemed, xavier)).toBe(500);
    expect(await walletBalances(app, [wanda])).toEqual([1000]);
    expect(await walletDebits(wanda)).toEqual([]);
    await expectLedgerInvariants(app);
  });

  test('planned under a pledge of all, committed after Wanda lowered it to 100: she gives 100', async () => {
    const { wanda, xavier, poolId } = await householdWithWanda();
    const batches = beforeNextCommit(() => api.pledge(poolId, wanda, 100));
    const redeemed = await redeemFrom(shop, xavier, 500, fromPool(poolId));
    expect(batches).toEqual(['refused', 'committed']);
    expect(drawnBy(redeemed, wanda)).toBe(100);
    expect(await membershipRow(app, poolId, wanda)).toMatchObject({ capPoints: 100, usedPoints: 100 });
    expect(await walletBalances(app, [wanda])).toEqual([900]);
  });

  test('planned under a cap of 400, committed after the cap went down to 50: she gives 50', async () => {
    const { wanda, xavier, poolId } = await householdWithWanda();
    await api.pledge(poolId, wanda, 400);
    beforeNextCommit(() => api.pledge(poolId, wanda, 50));
    const redeemed = await redeemFrom(shop, xavier, 300, fromPool(poolId));
    expect(drawnBy(redeemed, wanda)).toBe(50);
    expect(await walletBalances(app, [wanda])).toEqual([950]);
  });

  test('an auto redemption planned before Wanda left draws on the pool without her', async () => {
    const { owner, wanda, xavier, poolId } = await householdWithWanda();
    const batches = beforeNextCommit(() => api.leave(poolId, wanda));
    const redeemed = await redeemFrom(shop, xavier, 1500, { type: 'auto' });
    expect(batches).toEqual(['refused', 'committed']);
    expect(redeemed.body.draws).toEqual([
      { memberId: xavier, poolId: null, points: 1000 },
      { memberId: owner, poolId, points: 500 },
    ]);
    expect(await walletBalances(app, [wanda])).toEqual([1000]);
  });

  test('when what is left no longer covers it, the redemption is refused and writes nothing', async () => {
    const { owner, wanda, xavier, poolId } = await householdWithWanda();
    const before = await everything(app);
    const batches = beforeNextCommit(async () => {
      await api.leave(poolId, wanda);
      await api.leave(poolId, xavier);
    });
    const refused = await redeemFrom(shop, owner, 1500, fromPool(poolId));
    expect(batches).toEqual(['refused']);
    expectProblem(refused, 422, 'insufficient_points');
    const after = await everything(app);
    expect(after.ledger).toEqual(before.ledger);
    expect(after.pools.poolRedemptions).toEqual(before.pools.poolRedemptions);
    expect(after.pools.poolMonthlyUsage).toEqual(before.pools.poolMonthlyUsage);
  });

  test.each([
    ['the owner took the permission away', 403, 'not_permitted_to_redeem', { mayRedeem: false }],
    ['the owner set a monthly limit below it', 422, 'monthly_limit_reached', { monthlyLimitPoints: 100 }],
  ] as const)(
    'planned before %s: refused with %s %s, nothing written',
    async (_what, status, code, permissions) => {
      const { owner, xavier, poolId } = await householdWithWanda();
      const before = await everything(app);
      const batches = beforeNextCommit(() => api.permissions(poolId, owner, xavier, permissions));
      const refused = await redeemFrom(shop, xavier, 500, fromPool(poolId));
      expect(batches).toEqual(['refused']);
      expectProblem(refused, status, code);
      expect((await everything(app)).ledger).toEqual(before.ledger);
    },
  );

  test('planned before the owner dissolved the pool: 404 pool_not_found, nothing written', async () => {
    const { owner, xavier, poolId } = await householdWithWanda();
    const before = await everything(app);
    beforeNextCommit(() => api.dissolve(poolId, owner));
    expectProblem(await redeemFrom(shop, xavier, 500, fromPool(poolId)), 404, 'pool_not_found');
    const after = await everything(app);
    expect(after.ledger).toEqual(before.ledger);
    expect(after.pools.poolRedemptions).toEqual([]);
  });

  test('planned before Wanda spent her own points: the pool takes what is still there, never below zero', async () => {
    const { wanda, xavier, poolId } = await householdWithWanda();
    beforeNextCommit(() => redeemFrom(hotel, wanda, 900));
    const redeemed = await redeemFrom(shop, xavier, 500, fromPool(poolId));
    expect(redeemed.status).toBe(201);
    expect(drawnBy(redeemed, wanda)).toBe(100);
    expect(await walletBalances(app, [wanda])).toEqual([0]);
    await expectLedgerInvariants(app);
  });
});
