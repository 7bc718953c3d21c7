import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
  partnerClient,
} from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import {
  drawnBy,
  expectProblem,
  formPool,
  fromPool,
  interleaveStatements,
  membershipRow,
  memberWith,
  type PoolApi,
  poolApi,
  poolCoalition,
  redeemFrom,
  walletBalances,
} from './fixtures.js';

/**
 * Pool redemptions racing each other and racing the members who leave or lower their pledge,
 * all through the HTTP app, made to really interleave (see `interleaveStatements`). Whatever
 * the interleaving: no wallet below zero, no pledge or monthly limit exceeded, and the ledger
 * balanced. (One redemption committing after a single change: see late-commits.test.ts.)
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
const statuses = (responses: readonly TestResponse[]) => responses.map((response) => response.status).sort();
const successes = (responses: readonly TestResponse[]) =>
  responses.filter((response) => response.status === 201);
const totalPoints = (responses: readonly TestResponse[]) =>
  successes(responses).reduce((total, response) => total + (response.body.points as number), 0);

describe('members redeeming from one pool at once', () => {
  test('six redemptions of 300 from a pool of 1000: exactly three succeed, the rest 422, no wallet below zero', async () => {
    const owner = await memberWith(shop, 100);
    const members = [await memberWith(shop, 300), await memberWith(shop, 300), await memberWith(shop, 300)];
    const poolId = await formPool(app, owner, members, household);
    const redeemers = [owner, ...members, owner, members[0] as string];
    const race = interleaveStatements(app, { together: redeemers.length });
    const responses = await Promise.all(
      redeemers.map((memberId, index) =>
        redeemFrom(index % 2 === 0 ? shop : hotel, memberId, 300, fromPool(poolId)),
      ),
    );
    // They raced: planned on the same state, some batch was refused by a guard and planned again.
    expect(race.refusedBatches).toBeGreaterThan(0);

    expect(statuses(responses)).toEqual([201, 201, 201, 422, 422, 422]);
    for (const refused of responses.filter((response) => response.status !== 201))
      expectProblem(refused, 422, 'insufficient_points');
    const balances = await walletBalances(app, [owner, ...members]);
    expect(balances.every((balance) => balance >= 0)).toBe(true);
    expect(balances.reduce((total, balance) => total + balance, 0)).toBe(100);
    // Every success drew exactly its 300 points from the pool's wallets, and the pool says so.
    for (const response of successes(responses))
      expect(
        (response.body.draws as { points: number }[]).reduce((total, draw) => total + draw.points, 0),
      ).toBe(300);
    const pool = await api.read(poolId, owner);
    expect(pool.body.totalPoints).toBe(100);
    expect(pool.body.activity).toHaveLength(3);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('pledge caps hold under a burst: caps of 250 and 120 give at most 370, so three of six redemptions of 100', async () => {
    const owner = await memberWith(shop, 0);
    const ben = await memberWith(shop, 1000);
    const cecilie = await memberWith(shop, 1000);
    const poolId = await formPool(app, owner, [ben, cecilie], { kind: 'friends', name: 'Ski trip' });
    await api.pledge(poolId, ben, 250);
    await api.pledge(poolId, cecilie, 120);
    for (const member of [ben, cecilie]) await api.permissions(poolId, owner, member, { mayRedeem: true });

    const redeemers = [owner, ben, cecilie, owner, ben, cecilie];
    const race = interleaveStatements(app, { seed: 7, together: redeemers.length });
    const responses = await Promise.all(
      redeemers.map((memberId, index) =>
        redeemFrom(index % 2 === 0 ? shop : hotel, memberId, 100, fromPool(poolId)),
      ),
    );
    // They raced: planned on the same state, some batch was refused by a guard and planned again.
    expect(race.refusedBatches).toBeGreaterThan(0);

    // 370 pledged: three redemptions of 100 fit, and then 70 is left.
    expect(successes(responses)).toHaveLength(3);
    for (const refused of responses.filter((response) => response.status !== 201)) {
      expectProblem(refused, 422, 'pledge_exceeded');
      expect(refused.body.availablePoints).toBe(70);
    }
    const benGave = responses.reduce((total, response) => total + drawnBy(response, ben), 0);
    const cecilieGave = responses.reduce((total, response) => total + drawnBy(response, cecilie), 0);
    expect(benGave).toBeLessThanOrEqual(250);
    expect(cecilieGave).toBeLessThanOrEqual(120);
    expect(benGave + cecilieGave).toBe(300);
    expect(await walletBalances(app, [ben, cecilie])).toEqual([1000 - benGave, 1000 - cecilieGave]);
    expect(await membershipRow(app, poolId, ben)).toMatchObject({ capPoints: 250, usedPoints: benGave });
    expect(await membershipRow(app, poolId, cecilie)).toMatchObject({
      capPoints: 120,
      usedPoints: cecilieGave,
    });
    await expectLedgerInvariants(app);
  });

  test('monthly limits hold under a burst: limits of 250 and 120 allow exactly 200 and 100 in bursts of 50 and 100', async () => {
    const owner = await memberWith(shop, 5000);
    const ana = await memberWith(shop, 0);
    const ben = await memberWith(shop, 0);
    const poolId = await formPool(app, owner, [ana, ben], household);
    await api.permissions(poolId, owner, ana, { monthlyLimitPoints: 250 });
    await api.permissions(poolId, owner, ben, { monthlyLimitPoints: 120 });

    const asks = [
      ...Array.from({ length: 4 }, () => [ana, 100] as const),
      ...Array.from({ length: 4 }, () => [ben, 50] as const),
    ];
    const race = interleaveStatements(app, { seed: 3, together: asks.length });
    const responses = await Promise.all(
      asks.map(([memberId, points], index) =>
        redeemFrom(index % 2 === 0 ? shop : hotel, memberId, points, fromPool(poolId)),
      ),
    );
    // They raced: planned on the same state, some batch was refused by a guard and planned again.
    expect(race.refusedBatches).toBeGreaterThan(0);

    const byAna = responses.filter((_response, index) => asks[index]?.[0] === ana);
    const byBen = responses.filter((_response, index) => asks[index]?.[0] === ben);
    expect(totalPoints(byAna)).toBe(200);
    expect(totalPoints(byBen)).toBe(100);
    for (const refused of responses.filter((response) => response.status !== 201))
      expectProblem(refused, 422, 'monthly_limit_reached');
    const usage = (await app.deps.db.all(
      sql`SELECT member_id AS memberId, points FROM pool_monthly_usage WHERE pool_id = ${poolId} ORDER BY points DESC`,
    )) as unknown[];
    expect(usage).toEqual([
      { memberId: ana, points: 200 },
      { memberId: ben, points: 100 },
    ]);
    expect(await walletBalances(app, [owner])).toEqual([5000 - 300]);
    await expectLedgerInvariants(app);
  });

  test("a member's own-wallet spending racing pool redemptions never takes that wallet below zero", async () => {
    const owner = await memberWith(shop, 0);
    const ana = await memberWith(shop, 600);
    const ben = await memberWith(shop, 600);
    const poolId = await formPool(app, owner, [ana, ben], household);
    const race = interleaveStatements(app, { seed: 5, together: 5 });
    const responses = await Promise.all([
      redeemFrom(hotel, ana, 500),
      redeemFrom(shop, owner, 400, fromPool(poolId)),
      redeemFrom(hotel, ben, 500),
      redeemFrom(shop, owner, 400, fromPool(poolId)),
      redeemFrom(hotel, ana, 300, { type: 'auto' }),
    ]);
    // They raced: planned on the same state, some batch was refused by a guard and planned again.
    expect(race.refusedBatches).toBeGreaterThan(0);
    const balances = await walletBalances(app, [owner, ana, ben]);
    expect(balances.every((balance) => balance >= 0)).toBe(true);
    expect(1200 - balances.reduce((total, balance) => total + balance, 0)).toBe(totalPoints(responses));
    for (const refused of responses.filter((response) => response.status !== 201))
      expect(refused.body.code).toBe('insufficient_points');
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });
});

describe('leaving and lowering racing redemptions', () => {
  test('a burst of redemptions with one member leaving and another lowering to 50: invariants and caps hold', async () => {
    const owner = await memberWith(shop, 500);
    const leaver = await memberWith(shop, 500);
    const lowerer = await memberWith(shop, 500);
    const stayer = await memberWith(shop, 500);
    const poolId = await formPool(app, owner, [leaver, lowerer, stayer], household);
    const race = interleaveStatements(app, { seed: 11, together: 8 });
    const outcomes = await Promise.all([
      redeemFrom(shop, owner, 150, fromPool(poolId)),
      api.leave(poolId, leaver),
      redeemFrom(hotel, stayer, 150, fromPool(poolId)),
      api.pledge(poolId, lowerer, 50),
      redeemFrom(shop, leaver, 150, fromPool(poolId)),
      redeemFrom(hotel, lowerer, 150, fromPool(poolId)),
      redeemFrom(shop, owner, 150, fromPool(poolId)),
      redeemFrom(hotel, stayer, 150, { type: 'auto' }),
    ]);
    // They raced: planned on the same state, some batch was refused by a guard and planned again.
    expect(race.refusedBatches).toBeGreaterThan(0);
    const [leaving, lowering] = [outcomes[1] as TestResponse, outcomes[3] as TestResponse];
    expect(leaving.status).toBe(200);
    expect(lowering.status).toBe(200);
    const redemptions = outcomes.filter((outcome) => outcome !== leaving && outcome !== lowering);
    for (const response of redemptions) expect([201, 404, 422]).toContain(response.status);

    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    const balances = await walletBalances(app, [owner, leaver, lowerer, stayer]);
    expect(balances.every((balance) => balance >= 0)).toBe(true);
    expect(2000 - balances.reduce((total, balance) => total + balance, 0)).toBe(totalPoints(redemptions));
    // The lowered pledge: what the pool drew from that wallet since the cap was set is at most
    // 50, and it is exactly the newest of its pool debits (the cap counts from its moment).
    const lowered = await membershipRow(app, poolId, lowerer);
    expect(lowered?.capPoints).toBe(50);
    expect(lowered?.usedPoints).toBeLessThanOrEqual(50);
    const poolDebits = await poolDebitsOf(poolId, lowerer);
    const suffixes = poolDebits.map((_, index) =>
      poolDebits.slice(index).reduce((total, points) => total + points, 0),
    );
    expect([...suffixes, 0]).toContain(lowered?.usedPoints);
    // Whatever committed before the leave, nothing draws on the leaver's wallet afterwards.
    const leaverBefore = balances[1];
    const after = await redeemFrom(shop, owner, 50, fromPool(poolId));
    expect(drawnBy(after, leaver)).toBe(0);
    expect((await walletBalances(app, [leaver]))[0]).toBe(leaverBefore);
  });

  /**
   * What the pool drew from one wallet, in commit order: its debits in the pool's redemptions,
   * except the own-wallet part of the member's own `auto` redemptions.
   */
  async function poolDebitsOf(poolId: string, memberId: string): Promise<number[]> {
    const rows = (await app.deps.db.all(
      sql`SELECT f.points FROM transfers f JOIN transactions t ON t.id = f.transaction_id
          WHERE f.kind = 'redeem' AND f.debit_account_id = ${`wallet:${memberId}`}
            AND f.transaction_id IN (SELECT transaction_id FROM pool_redemptions WHERE pool_id = ${poolId})
            AND NOT (t.member_id = ${memberId} AND json_extract(t.details, '$.source.type') = 'auto')
          ORDER BY f.sequence`,
    )) as { points: number }[];
    return rows.map((row) => row.points);
  }

  test('a member drawing on their own wallet through the pool counts against their own cap', async () => {
    const owner = await memberWith(shop, 0);
    const member = await memberWith(shop, 300);
    const poolId = await formPool(app, owner, [member], household);
    await api.pledge(poolId, member, 100);
    const race = interleaveStatements(app, { seed: 13, together: 3 });
    const responses = await Promise.all([0, 1, 2].map(() => redeemFrom(shop, member, 60, fromPool(poolId))));
    // They raced: planned on the same state, some batch was refused by a guard and planned again.
    expect(race.refusedBatches).toBeGreaterThan(0);
    expect(successes(responses)).toHaveLength(1);
    expect(await walletBalances(app, [member])).toEqual([240]);
    expect((await membershipRow(app, poolId, member))?.usedPoints).toBe(60);
  });
});
