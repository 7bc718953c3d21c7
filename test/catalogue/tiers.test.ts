import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { planReservation } from '../../src/catalogue/reserve.js';
import { isDomainError } from '../../src/domain/errors.js';
import { runWrite } from '../../src/writes/run.js';
import { publishTiers } from '../status/fixtures.js';
import { expectLedgerInvariants, ledgerSnapshot, type PartnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { approvedItem, catalogueCoalition, earn, itemRow, memberWithPoints, reserve } from './fixtures.js';

/**
 * Eligibility by status tier: an item for some tiers is offered to, and can be reserved by, only the
 * members who hold one of them now (their status recomputed from their qualifying credits), and a
 * reservation commits only on the tier it was decided on.
 */
let app: TestApp;
let shop: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  ({ shop } = await catalogueCoalition(app));
  await publishTiers(app);
});
afterEach(async () => {
  await app.close();
});

const offeredTo = async (memberId: string) =>
  (await app.request('GET', '/v1/catalogue/items', { token: await app.memberToken(memberId) })).body.data.map(
    (item: { id: string }) => item.id,
  );

const goldRun = (overrides: Record<string, unknown> = {}) =>
  approvedItem(app, shop, {
    title: 'Gold members: a run with an Olympian',
    eligibility: { tiers: ['gold'] },
    ...overrides,
  });

describe('an item for some tiers', () => {
  test('is offered to members at those tiers only', async () => {
    // 10 points (and 10 qualifying credits) per euro: 3,000 is Gold, 1,500 Silver, 200 no tier.
    const gold = await memberWithPoints(shop, 3000);
    const silver = await memberWithPoints(shop, 1500);
    const none = await memberWithPoints(shop, 200);
    const forEveryone = await approvedItem(app, shop);
    const forGold = await goldRun();
    const forSilverAndGold = await approvedItem(app, shop, {
      title: 'Silver and Gold: a cooking class',
      eligibility: { tiers: ['silver', 'gold'] },
    });

    expect((await offeredTo(gold)).sort()).toEqual([forEveryone.id, forGold.id, forSilverAndGold.id].sort());
    expect((await offeredTo(silver)).sort()).toEqual([forEveryone.id, forSilverAndGold.id].sort());
    expect(await offeredTo(none)).toEqual([forEveryone.id]);
  });

  test('is reserved by a member at one of them', async () => {
    const gold = await memberWithPoints(shop, 3000);
    const item = await goldRun();
    const response = await reserve(app, gold, { itemId: item.id });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ itemId: item.id, memberId: gold, status: 'reserved' });
    expect(await itemRow(app, item.id)).toEqual({ stock: 10, reserved: 1 });
    await expectLedgerInvariants(app);
  });

  test('is refused to a member at another tier, 403 not_eligible, and nothing changes', async () => {
    const silver = await memberWithPoints(shop, 1500);
    // Silver, with points enough for it: the tier alone refuses.
    const item = await approvedItem(app, shop, {
      title: 'Gold members: a massage after the run',
      pointsPrice: 1000,
      eligibility: { tiers: ['gold'] },
    });
    const before = await ledgerSnapshot(app);

    const response = await reserve(app, silver, { itemId: item.id });

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('not_eligible');
    expect(await itemRow(app, item.id)).toEqual({ stock: 10, reserved: 0 });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a member who lost the tier after browsing is refused', async () => {
    const member = await memberWithPoints(shop, 0);
    const earned = await earn(shop, member, 3000);
    const item = await goldRun();
    expect(await offeredTo(member)).toEqual([item.id]);
    const refund = await shop.reverse(earned.id, { amount: { amount: '150.00', currency: 'EUR' } });
    expect(refund.status).toBe(201);
    const before = await ledgerSnapshot(app);

    const response = await reserve(app, member, { itemId: item.id });

    expect(response.body.code).toBe('not_eligible');
    expect(await offeredTo(member)).toEqual([]);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});

describe('the tier a reservation is decided on', () => {
  test('still holds when it commits: a refund between the read and the batch makes it planned again', async () => {
    const member = await memberWithPoints(shop, 0);
    const earned = await earn(shop, member, 3000);
    // Affordable after the refund too: only the tier guard can stop the stale plan.
    const item = await goldRun({ pointsPrice: 1000 });
    let plans = 0;

    const outcome = await runWrite(app.deps.db, { retryLimit: 5, nowMs: app.clock.nowMs }, async () => {
      const plan = await planReservation(app.deps, { memberId: member, itemId: item.id });
      plans += 1;
      if (plans === 1) {
        // Planned on Gold; the refund drops the member to Silver before the batch runs.
        expect(isDomainError(plan)).toBe(false);
        const refund = await shop.reverse(earned.id, { amount: { amount: '150.00', currency: 'EUR' } });
        expect(refund.status).toBe(201);
      }
      return plan;
    });

    expect(plans).toBe(2);
    expect(isDomainError(outcome) && outcome.code).toBe('not_eligible');
    expect(await itemRow(app, item.id)).toEqual({ stock: 10, reserved: 0 });
    expect(await shop.balance(member)).toMatchObject({ available: 1500 });
    await expectLedgerInvariants(app);
  });
});
