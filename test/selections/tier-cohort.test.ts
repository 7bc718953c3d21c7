import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  catalogueCoalition,
  closeSelectionNow,
  DAY_MS,
  earn,
  memberWithPoints,
  openSelection,
} from '../catalogue/fixtures.js';
import { publishTiers } from '../status/fixtures.js';
import { type PartnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * A yearly choice for a cohort by status tier: every member holding one of the tiers when the choice
 * opens (one qualifying credit per point here: Silver 1,000, Gold 3,000, Platinum 6,000), optionally
 * with points held at a date too. The cohort is a snapshot, taken once.
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

const openFor = async (cohort: Record<string, unknown>) =>
  app.request('POST', '/v1/selections', {
    token: await app.operatorToken(),
    body: {
      name: 'Gold weekend 2027',
      cohort,
      closesAt: new Date(app.clock.nowMs + 7 * DAY_MS).toISOString(),
    },
  });

const cohortOf = async (selectionId: string) =>
  (
    (await app.deps.db.all(
      sql`SELECT member_id AS memberId FROM selection_members WHERE selection_id = ${selectionId} ORDER BY member_id`,
    )) as { memberId: string }[]
  ).map((row) => row.memberId);

const selectionRows = async () => ({
  selections: await app.deps.db.all(sql`SELECT * FROM selections`),
  members: await app.deps.db.all(sql`SELECT * FROM selection_members`),
  events: await app.deps.db.all(sql`SELECT * FROM events WHERE type = 'selection.invited'`),
});

describe('a cohort by tier', () => {
  test('invites the members holding one of the tiers when it opens', async () => {
    const platinum = await memberWithPoints(shop, 6000);
    const gold = await memberWithPoints(shop, 3500);
    const silver = await memberWithPoints(shop, 1500);
    await memberWithPoints(shop, 200);

    const response = await openFor({ type: 'tier', tiers: ['gold', 'platinum'] });

    expect(response.status).toBe(201);
    expect(response.body.cohort).toEqual({
      type: 'tier',
      tiers: ['gold', 'platinum'],
      tiersAt: new Date(app.clock.nowMs).toISOString(),
      minPoints: null,
      asOf: null,
    });
    expect(response.body.members).toMatchObject({ total: 2, undecided: 2 });
    expect(await cohortOf(response.body.id)).toEqual([platinum, gold].sort());
    const silvers = await openFor({ type: 'tier', tiers: ['silver'] });
    expect(await cohortOf(silvers.body.id)).toEqual([silver]);
  });

  test('with points: only the members at the tiers who also held the points at the date', async () => {
    const gold = await memberWithPoints(shop, 3000);
    const richGold = await memberWithPoints(shop, 5000);
    await memberWithPoints(shop, 6000); // Platinum: not in the cohort's tiers.
    const asOf = new Date(app.clock.nowMs).toISOString();
    app.clock.advance(DAY_MS);
    await earn(shop, gold, 2000); // After the date: does not count towards the points.

    const response = await openFor({ type: 'tier', tiers: ['gold'], minPoints: 4000, asOf });

    expect(response.status).toBe(201);
    expect(response.body.cohort).toMatchObject({ type: 'tier', minPoints: 4000, asOf });
    expect(await cohortOf(response.body.id)).toEqual([richGold]);
  });

  test('counts a status that changed with time alone: a window ended, the member dropped a tier', async () => {
    const member = await memberWithPoints(shop, 3000);
    // Past the end of next year's window and its grace: Gold (until the end of 2027) has landed softly.
    app.clock.nowMs = Date.parse('2028-03-01T00:00:00Z');

    const gold = await openFor({ type: 'tier', tiers: ['gold'] });
    const silver = await openFor({ type: 'tier', tiers: ['silver'] });

    expect(await cohortOf(gold.body.id)).toEqual([]);
    expect(await cohortOf(silver.body.id)).toEqual([member]);
  });

  test('is a snapshot: a member who reaches the tier later is not invited, one who loses it keeps the outcome', async () => {
    const loses = await memberWithPoints(shop, 0);
    const earned = await earn(shop, loses, 3000);
    const reachesLater = await memberWithPoints(shop, 2500);
    const selection = await openSelection(app, { cohort: { type: 'tier', tiers: ['gold'] } });
    expect(await cohortOf(selection.id)).toEqual([loses]);

    await earn(shop, reachesLater, 1000);
    const refund = await shop.reverse(earned.id, { amount: { amount: '150.00', currency: 'EUR' } });
    expect(refund.status).toBe(201);
    app.clock.advance(8 * DAY_MS);
    await publishRates(app);
    const closed = await closeSelectionNow(app, selection.id);

    expect(closed.body).toMatchObject({ status: 'closed', members: { total: 1, giftCard: 1 } });
    expect(await cohortOf(selection.id)).toEqual([loses]);
  });

  test.each([
    ['a tier the network does not have', { type: 'tier', tiers: ['gold', 'diamond'] }, 422, 'unknown_tier'],
    ['points without a date', { type: 'tier', tiers: ['gold'], minPoints: 100 }, 422, 'validation_failed'],
    [
      'a date without points',
      { type: 'tier', tiers: ['gold'], asOf: '2026-11-01T00:00:00Z' },
      422,
      'validation_failed',
    ],
    ['no tiers', { type: 'tier', tiers: [] }, 422, 'validation_failed'],
  ])('%s is refused and changes nothing', async (_name, cohort, status, code) => {
    await memberWithPoints(shop, 3000);
    const before = await selectionRows();
    const response = await openFor(cohort);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await selectionRows()).toEqual(before);
  });
});
