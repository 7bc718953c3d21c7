import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { reviewDueStatuses } from '../../src/status/sweep.js';
import { interleaveDatabaseCalls, newKey, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { memberEvents, myStatus, publishTiers } from './fixtures.js';

/**
 * Gap gifts: the network gives the last credits to a tier (GAP_GIFT_MAX_CREDITS, 50 here) when a
 * window ends within reach of it, or at any earn (GAP_GIFT_AT=any_earn); never past a member's
 * yearly cap or the network's yearly budget, never twice to one member for one tier in one window,
 * whatever runs at once. The member is told why.
 *
 * The gift is told through `tellMember` (src/members/tell.ts): an event to the member's app and a
 * notice in their inbox, outside the contact cap (test/members/network-messages.test.ts).
 */

const YEAR_END = Date.parse('2027-01-01T00:17:00Z');

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
  const memberWith = async (euros: string) => {
    const memberId = await bistro.enrol();
    const earned = await bistro.earn({ memberId, amount: { amount: euros, currency: 'EUR' } });
    if (earned.status !== 201) throw new Error(JSON.stringify(earned.body));
    return memberId;
  };
  return { app, bistro, memberWith };
}

const giftsOf = async (app: TestApp) =>
  (await app.deps.db.all(
    sql`SELECT member_id AS memberId, tier, credits, points FROM gap_gifts ORDER BY given_at, id`,
  )) as { memberId: string; tier: string; credits: number; points: number }[];

describe('at the end of a window', () => {
  test.each([
    { name: 'exactly at the gap', euros: '2950.00', gift: 50 },
    { name: 'just inside the gap', euros: '2951.00', gift: 49 },
    { name: 'just outside the gap', euros: '2949.00', gift: null },
  ])('$name: $gift', async ({ euros, gift }) => {
    const { app, memberWith } = await coalition();
    try {
      const memberId = await memberWith(euros);
      app.clock.nowMs = YEAR_END;
      await reviewDueStatuses(app.deps);
      const status = await myStatus(app, memberId);
      if (gift === null) {
        expect(await giftsOf(app)).toEqual([]);
        expect(status.tier.code).toBe('silver');
        expect(await memberEvents(app, memberId, 'gratitude.gift_given')).toEqual([]);
      } else {
        expect(await giftsOf(app)).toEqual([{ memberId, tier: 'gold', credits: gift, points: gift }]);
        expect(status).toMatchObject({ tier: { code: 'gold' }, validThrough: '31 Dec 2027' });
        const [told] = await memberEvents(app, memberId, 'gratitude.gift_given');
        expect(told?.data.message).toBe(`We added the last ${gift} — welcome to Gold`);
        const me = await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) });
        expect(me.body.available).toBe(Number.parseInt(euros, 10) + gift);
      }
      // A second review, however late, gives nothing more.
      app.clock.advance(3 * 86_400_000);
      await reviewDueStatuses(app.deps);
      expect((await giftsOf(app)).length).toBe(gift === null ? 0 : 1);
    } finally {
      await app.close();
    }
  });

  test('an earn that comes first in the new window gives the gift due, once', async () => {
    const { app, bistro, memberWith } = await coalition();
    try {
      const memberId = await memberWith('2960.00');
      app.clock.nowMs = YEAR_END;
      await publishRates(app);
      const earned = await bistro.earn({ memberId, amount: { amount: '10.00', currency: 'EUR' } });
      expect(earned.status).toBe(201);
      expect(await giftsOf(app)).toEqual([{ memberId, tier: 'gold', credits: 40, points: 40 }]);
      await reviewDueStatuses(app.deps);
      expect((await giftsOf(app)).length).toBe(1);
    } finally {
      await app.close();
    }
  });

  test('GAP_GIFT_POINTS_PER_CREDIT=0 gives the credits without points', async () => {
    const { app, memberWith } = await coalition({ GAP_GIFT_POINTS_PER_CREDIT: '0' });
    try {
      const memberId = await memberWith('2990.00');
      app.clock.nowMs = YEAR_END;
      await reviewDueStatuses(app.deps);
      expect(await giftsOf(app)).toEqual([{ memberId, tier: 'gold', credits: 10, points: 0 }]);
      expect((await myStatus(app, memberId)).tier.code).toBe('gold');
    } finally {
      await app.close();
    }
  });
});

describe('at any earn (GAP_GIFT_AT=any_earn)', () => {
  test('an earn that comes within the gap is completed at once; one further away is not', async () => {
    const { app, bistro, memberWith } = await coalition({ GAP_GIFT_AT: 'any_earn' });
    try {
      const near = await memberWith('960.00');
      expect(await giftsOf(app)).toEqual([{ memberId: near, tier: 'silver', credits: 40, points: 40 }]);
      expect((await myStatus(app, near)).tier.code).toBe('silver');
      const far = await memberWith('949.00');
      expect((await giftsOf(app)).some((gift) => gift.memberId === far)).toBe(false);
      // Exactly at the threshold there is no gap to give.
      const exact = await memberWith('1000.00');
      expect((await giftsOf(app)).some((gift) => gift.memberId === exact)).toBe(false);
      void bistro;
    } finally {
      await app.close();
    }
  });

  test("a member's yearly cap (GAP_GIFT_MEMBER_CAP_YEARLY) is never passed", async () => {
    const { app, bistro, memberWith } = await coalition({
      GAP_GIFT_AT: 'any_earn',
      GAP_GIFT_MEMBER_CAP_YEARLY: '60',
    });
    try {
      const memberId = await memberWith('960.00');
      expect(await giftsOf(app)).toEqual([{ memberId, tier: 'silver', credits: 40, points: 40 }]);
      // 2,955 credits: Gold is 45 away, but 40 + 45 would pass the cap of 60.
      await bistro.earn({ memberId, amount: { amount: '1955.00', currency: 'EUR' } });
      expect((await giftsOf(app)).length).toBe(1);
      expect((await myStatus(app, memberId)).tier.code).toBe('silver');
      // A new calendar year opens a new allowance: at the window's end the gap to Gold is given.
      app.clock.nowMs = YEAR_END;
      await reviewDueStatuses(app.deps);
      expect(await giftsOf(app)).toEqual([
        { memberId, tier: 'silver', credits: 40, points: 40 },
        { memberId, tier: 'gold', credits: 45, points: 45 },
      ]);
    } finally {
      await app.close();
    }
  });

  test('the network budget holds under 50 concurrent qualifying earns, and no member is given twice', async () => {
    const { app, bistro, memberWith } = await coalition({
      GAP_GIFT_AT: 'any_earn',
      GAP_GIFT_BUDGET_YEARLY: '150',
    });
    try {
      // 940 credits each: 60 from Silver, out of reach.
      const members: string[] = [];
      for (let count = 0; count < 25; count += 1) members.push(await memberWith('940.00'));
      expect(await giftsOf(app)).toEqual([]);
      interleaveDatabaseCalls(app);
      // Each member earns twice at once: 30 euros take them within 30 of Silver.
      const earns = await Promise.all(
        members.flatMap((memberId) =>
          [1, 2].map(async () =>
            bistro.earn({ memberId, amount: { amount: '30.00', currency: 'EUR' } }, newKey('race')),
          ),
        ),
      );
      expect(earns.map((earn) => earn.status)).toEqual(Array(50).fill(201));
      // The budget gives five gifts of 30, to five members, each once; then nothing more.
      const gifts = await giftsOf(app);
      expect(gifts.map((gift) => [gift.tier, gift.credits])).toEqual(Array(5).fill(['silver', 30]));
      expect(new Set(gifts.map((gift) => gift.memberId)).size).toBe(5);
      const [allowance] = (await app.deps.db.all(
        sql`SELECT used_credits AS used, cap_credits AS cap FROM gratitude_allowances WHERE holder = 'network'`,
      )) as { used: number; cap: number }[];
      expect(allowance).toEqual({ used: 150, cap: 150 });
      // Every member's credits are their earns plus their gift, whatever order the races settled in.
      const credits = (await app.deps.db.all(
        sql`SELECT member_id AS memberId, credits FROM qualifying_months`,
      )) as { memberId: string; credits: number }[];
      for (const row of credits) {
        const gift = gifts.find((each) => each.memberId === row.memberId)?.credits ?? 0;
        expect(row.credits).toBe(940 + 60 + gift);
      }
    } finally {
      await app.close();
    }
  });
});

describe('a refund after a gift', () => {
  test('does not take the gift back, but the status follows the credits that remain', async () => {
    const { app, bistro } = await coalition();
    try {
      const memberId = await bistro.enrol();
      const earn = await bistro.earn({ memberId, amount: { amount: '2950.00', currency: 'EUR' } });
      app.clock.nowMs = YEAR_END;
      await publishRates(app);
      await reviewDueStatuses(app.deps);
      expect((await myStatus(app, memberId)).tier.code).toBe('gold');
      const refund = await bistro.reverse(earn.body.id, { amount: { amount: '100.00', currency: 'EUR' } });
      expect(refund.status).toBe(201);
      // The gift's 50 credits and 50 points stay; the refund takes 100 credits from 2026: 2,900.
      expect(await giftsOf(app)).toEqual([{ memberId, tier: 'gold', credits: 50, points: 50 }]);
      const status = await myStatus(app, memberId);
      expect(status).toMatchObject({ tier: { code: 'silver' }, basis: 'retained' });
      const me = await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) });
      expect(me.body.available).toBe(2950 - 100 + 50);
      const history = await myStatus(app, memberId, '/v1/me/status/history');
      expect(history.data[0]).toMatchObject({ from: 'gold', to: 'silver', cause: 'refund' });
      // …and the gap to Gold is not given again for that window.
      await reviewDueStatuses(app.deps);
      expect((await giftsOf(app)).length).toBe(1);
    } finally {
      await app.close();
    }
  });
});
