import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { reviewDueStatuses } from '../../src/status/sweep.js';
import { approvedItem } from '../catalogue/fixtures.js';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import { closed } from '../settlement/support.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  interleaveDatabaseCalls,
  newKey,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { memberEvents, publishTiers } from './fixtures.js';

/**
 * Goal gifts: a member saves for a catalogue item (`PUT /v1/me/goal`); when they are within
 * GOAL_GIFT_MAX_POINTS (50 here) of its price at a window's end — or at any earn when the network
 * gives gap gifts at any earn — the network gives the missing points from its promotions budget, a
 * `gap_gift` priced at the point value. Never twice for one goal, never past the member's yearly cap
 * or the network's yearly budget, whatever runs at once; told to the member; a network cost in
 * settlement.
 */

const YEAR_END = Date.parse('2027-01-01T00:17:00Z');
const PRICE = 2400;
const TITLE = 'Cooking class at the ryokan';

async function coalition(environment: Record<string, string> = {}) {
  const app = await TestApp.create({ environment });
  await publishRates(app);
  // One point and one qualifying credit per euro.
  const bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
  });
  await publishTiers(app);
  const item = await approvedItem(app, bistro, { title: TITLE, pointsPrice: PRICE });
  const earn = async (memberId: string, euros: string) => {
    const earned = await bistro.earn({ memberId, amount: { amount: euros, currency: 'EUR' } });
    if (earned.status !== 201) throw new Error(JSON.stringify(earned.body));
  };
  const saveGoal = async (memberId: string, itemId: string = item.id) =>
    app.request('PUT', '/v1/me/goal', { token: await app.memberToken(memberId), body: { itemId } });
  /** A member with `euros` worth of points who saves for the item. */
  const saver = async (euros: string) => {
    const memberId = await bistro.enrol();
    if (euros !== '0') await earn(memberId, euros);
    const saved = await saveGoal(memberId);
    if (saved.status !== 200) throw new Error(JSON.stringify(saved.body));
    return memberId;
  };
  return { app, bistro, item, earn, saveGoal, saver };
}

const goalGiftsOf = async (app: TestApp) =>
  (await app.deps.db.all(
    sql`SELECT member_id AS memberId, item_id AS itemId, points FROM goal_gifts ORDER BY given_at, id`,
  )) as { memberId: string; itemId: string; points: number }[];

const walletOf = async (app: TestApp, memberId: string) =>
  (await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) })).body.available as number;

describe('at the end of a window', () => {
  test.each([
    { name: 'exactly at the gap', euros: '2350.00', gift: 50 },
    { name: 'just inside the gap', euros: '2351.00', gift: 49 },
    { name: 'just outside the gap', euros: '2349.00', gift: null },
  ])('$name: $gift', async ({ euros, gift }) => {
    const { app, item, saver } = await coalition();
    try {
      const memberId = await saver(euros);
      app.clock.nowMs = YEAR_END;
      await reviewDueStatuses(app.deps);
      const goal = await app.request('GET', '/v1/me/goal', { token: await app.memberToken(memberId) });
      expect(goal.status).toBe(200);
      if (gift === null) {
        expect(await goalGiftsOf(app)).toEqual([]);
        expect(await memberEvents(app, memberId, 'gratitude.goal_gift_given')).toEqual([]);
        expect(goal.body).toMatchObject({ itemId: item.id, pointsToGo: 51, gift: null });
        expect(await walletOf(app, memberId)).toBe(2349);
      } else {
        const message = `We added the last ${gift} points — ${TITLE} is yours to book`;
        expect(await goalGiftsOf(app)).toEqual([{ memberId, itemId: item.id, points: gift }]);
        expect(await walletOf(app, memberId)).toBe(PRICE);
        const [told] = await memberEvents(app, memberId, 'gratitude.goal_gift_given');
        expect(told?.data).toMatchObject({ memberId, itemId: item.id, points: gift, message });
        expect(goal.body).toMatchObject({ pointsToGo: 0, gift: { points: gift, message } });
        const inbox = await app.request('GET', '/v1/me/inbox', { token: await app.memberToken(memberId) });
        expect(inbox.body.data).toEqual([
          expect.objectContaining({ sender: 'network', topic: 'status', body: message, counted: false }),
        ]);
        const activity = await app.request('GET', '/v1/me/activity', {
          token: await app.memberToken(memberId),
        });
        expect(activity.body.data[0]).toMatchObject({
          kind: 'gap_gift',
          points: gift,
          label: `A gift from the network: ${message}`,
        });
      }
      // A second review, however late, gives nothing more.
      app.clock.advance(3 * 86_400_000);
      await reviewDueStatuses(app.deps);
      expect((await goalGiftsOf(app)).length).toBe(gift === null ? 0 : 1);
      await expectLedgerInvariants(app);
    } finally {
      await app.close();
    }
  });

  test('an earn that comes first in the new window gives the gift on the points the window ended with', async () => {
    const { app, item, earn, saver } = await coalition();
    try {
      const memberId = await saver('2360.00');
      app.clock.nowMs = YEAR_END;
      await publishRates(app);
      await earn(memberId, '5.00');
      expect(await goalGiftsOf(app)).toEqual([{ memberId, itemId: item.id, points: 40 }]);
      expect(await walletOf(app, memberId)).toBe(PRICE + 5);
    } finally {
      await app.close();
    }
  });

  test('never twice for one goal: spending the points and saving the item again gives nothing more', async () => {
    const { app, bistro, item, saveGoal, saver } = await coalition();
    try {
      const memberId = await saver('2370.00');
      app.clock.nowMs = YEAR_END;
      await reviewDueStatuses(app.deps);
      expect(await goalGiftsOf(app)).toEqual([{ memberId, itemId: item.id, points: 30 }]);
      await publishRates(app);
      const spent = await bistro.redeem({ memberId, points: 30 });
      expect(spent.status, JSON.stringify(spent.body)).toBe(201);
      expect((await saveGoal(memberId)).status).toBe(200);
      app.clock.nowMs = Date.parse('2028-01-01T00:17:00Z');
      await reviewDueStatuses(app.deps);
      expect(await goalGiftsOf(app)).toHaveLength(1);
      expect(await walletOf(app, memberId)).toBe(PRICE - 30);
    } finally {
      await app.close();
    }
  });

  test('an item no longer offered (withdrawn) is not gifted towards', async () => {
    const { app, bistro, item, saver } = await coalition();
    try {
      const memberId = await saver('2380.00');
      const withdrawn = await app.request('PATCH', `/v1/catalogue/items/${item.id}`, {
        token: await bistro.token(),
        idempotencyKey: newKey('withdraw'),
        body: { withdraw: true },
      });
      expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
      app.clock.nowMs = YEAR_END;
      await reviewDueStatuses(app.deps);
      expect(await goalGiftsOf(app)).toEqual([]);
      expect(await walletOf(app, memberId)).toBe(2380);
    } finally {
      await app.close();
    }
  });
});

describe('at any earn (GAP_GIFT_AT=any_earn)', () => {
  test('an earn that comes within the gap is completed at once; one further away, or past the price, is not', async () => {
    const { app, item, earn, saver } = await coalition({ GAP_GIFT_AT: 'any_earn' });
    try {
      const near = await saver('0');
      await earn(near, '2355.00');
      expect(await goalGiftsOf(app)).toEqual([{ memberId: near, itemId: item.id, points: 45 }]);
      expect(await walletOf(app, near)).toBe(PRICE);
      const far = await saver('0');
      await earn(far, '2349.00');
      const past = await saver('0');
      await earn(past, '2400.00');
      expect(await goalGiftsOf(app)).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe('limits', () => {
  test("a member's yearly cap (GOAL_GIFT_MEMBER_CAP_YEARLY) is never passed", async () => {
    const { app, bistro, item, earn, saveGoal, saver } = await coalition({
      GAP_GIFT_AT: 'any_earn',
      GOAL_GIFT_MEMBER_CAP_YEARLY: '60',
    });
    try {
      const memberId = await saver('0');
      await earn(memberId, '2355.00');
      expect(await goalGiftsOf(app)).toEqual([{ memberId, itemId: item.id, points: 45 }]);
      // A dearer item 40 points away: 45 + 40 would pass the cap of 60.
      const dearer = await approvedItem(app, bistro, { title: 'A night at the ryokan', pointsPrice: 2440 });
      expect((await saveGoal(memberId, dearer.id)).status).toBe(200);
      await earn(memberId, '0.01');
      expect(await goalGiftsOf(app)).toHaveLength(1);
      const [allowance] = (await app.deps.db.all(
        sql`SELECT used_points AS used, cap_points AS cap FROM goal_gift_allowances WHERE holder = ${memberId}`,
      )) as { used: number; cap: number }[];
      expect(allowance).toEqual({ used: 45, cap: 60 });
    } finally {
      await app.close();
    }
  });

  test('the network budget (GOAL_GIFT_BUDGET_YEARLY) is never exceeded by 20 concurrent earns', async () => {
    const { app, bistro, saver } = await coalition({
      GAP_GIFT_AT: 'any_earn',
      GOAL_GIFT_BUDGET_YEARLY: '150',
    });
    try {
      const members: string[] = [];
      for (let count = 0; count < 20; count += 1) members.push(await saver('0'));
      interleaveDatabaseCalls(app);
      const earned = await Promise.all(
        members.map((memberId) =>
          bistro.earn({ memberId, amount: { amount: '2360.00', currency: 'EUR' } }, newKey('earn')),
        ),
      );
      for (const response of earned) expect(response.status, JSON.stringify(response.body)).toBe(201);
      // 40 points each: three fit into 150, a fourth would not.
      const gifts = await goalGiftsOf(app);
      expect(gifts).toHaveLength(3);
      expect(new Set(gifts.map((gift) => gift.memberId)).size).toBe(3);
      const [allowance] = (await app.deps.db.all(
        sql`SELECT used_points AS used, cap_points AS cap FROM goal_gift_allowances WHERE holder = 'network'`,
      )) as { used: number; cap: number }[];
      expect(allowance).toEqual({ used: 120, cap: 150 });
      const [given] = (await app.deps.db.all(
        sql`SELECT COALESCE(SUM(points), 0) AS points FROM transfers WHERE kind = 'gap_gift'`,
      )) as { points: number }[];
      expect(Number(given?.points)).toBe(120);
      await expectLedgerInvariants(app);
    } finally {
      await app.close();
    }
  });
});

describe('the member is told', () => {
  test('in the inbox outside the contact cap, even when the cap is full and no partner may message them', async () => {
    const { app, bistro, earn, saver } = await coalition({
      GAP_GIFT_AT: 'any_earn',
      CONTACT_CAP_WEEKLY: '1',
    });
    try {
      const memberId = await saver('0');
      const token = await app.memberToken(memberId);
      const consent = await app.request('PUT', `/v1/me/consents/${bistro.partner.id}`, {
        token,
        body: { profile: false, tier: true, balance: true, messages: true },
      });
      expect(consent.status).toBe(200);
      const sent = await app.request('POST', '/v1/messages', {
        token: await bistro.token(),
        idempotencyKey: newKey(),
        body: { memberId, topic: 'offers', title: 'Lunch menu', body: 'A new lunch menu this week.' },
      });
      expect(sent.status).toBe(201);
      const refused = await app.request('PUT', `/v1/me/consents/${bistro.partner.id}`, {
        token,
        body: { profile: false, tier: true, balance: true, messages: false },
      });
      expect(refused.status).toBe(200);
      await earn(memberId, '2360.00');
      const inbox = (await app.request('GET', '/v1/me/inbox', { token })).body.data as {
        topic: string;
        counted: boolean;
      }[];
      expect(inbox.map((message) => [message.topic, message.counted])).toEqual([
        ['status', false],
        ['offers', true],
      ]);
      // The gift took no place in the cap: the partner's message is still the only one counted.
      expect(await memberEvents(app, memberId, 'gratitude.goal_gift_given')).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe("the operator's gratitude report", () => {
  test('counts goal gifts in figures of their own, by the month they were given, beside the tier gifts', async () => {
    const { app, earn, saver } = await coalition({ GAP_GIFT_AT: 'any_earn', GOAL_GIFT_BUDGET_YEARLY: '500' });
    try {
      const near = await saver('0');
      await earn(near, '2360.00');
      const nearer = await saver('0');
      await earn(nearer, '2375.00');
      const operator = await app.operatorToken();
      const report = await app.request('GET', '/v1/status/gratitude?year=2026', { token: operator });
      expect(report.status).toBe(200);
      // No tier was reached: the tier figures stay as they were, empty.
      expect(report.body).toMatchObject({
        year: 2026,
        months: [],
        total: { period: '2026', gifts: 0, credits: 0, points: 0, costExact: '0' },
      });
      expect(report.body.goalGifts).toEqual({
        budget: { points: 500, used: 65, remaining: 435 },
        months: [{ period: '2026-11', gifts: 2, points: 65, costExact: '0.65' }],
        total: { period: '2026', gifts: 2, points: 65, costExact: '0.65' },
      });
      const nextYear = await app.request('GET', '/v1/status/gratitude?year=2027', { token: operator });
      expect(nextYear.body.goalGifts).toEqual({
        budget: { points: 500, used: 0, remaining: 500 },
        months: [],
        total: { period: '2027', gifts: 0, points: 0, costExact: '0' },
      });
    } finally {
      await app.close();
    }
  });
});

describe('settlement', () => {
  test('the gift is a network cost on no partner statement; every statement and the network sum to zero', async () => {
    const { app, saver } = await coalition();
    try {
      await saver('2360.00');
      app.clock.nowMs = YEAR_END;
      await reviewDueStatuses(app.deps);
      await publishRates(app);
      const settlement = await closed(app);
      expect(settlement.settlement.networkFunded).toEqual([
        { kind: 'gap_gift', unitPrice: '0.01', points: 40, transfers: 1, amountExact: '0.4' },
      ]);
      expect(settlement.settlement.netting.networkFundedExact).toBe('0.4');
      const document = settlement.settlement;
      const minor = (amount: string) => Math.round(Number(amount) * 100);
      const nets = document.statements.reduce(
        (total: number, each: { netReference: { amount: string } }) =>
          total + minor(each.netReference.amount),
        0,
      );
      expect(nets + minor(document.netting.networkNet.amount)).toBe(0);
      await expectLedgerInvariants(app);
      await expectTransactionInvariants(app);
      await expectEventsReplayTheLedger(app);
    } finally {
      await app.close();
    }
  });
});
