import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reviewDueStatuses } from '../../src/status/sweep.js';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import { closed } from '../settlement/support.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { DAY_MS, memberEvents, myStatus, publishTiers, threeCountries } from './fixtures.js';

/**
 * The story the issue tells: a member earns across three partners in three countries, reaches
 * Silver, ends the year 50 qualifying credits short of Gold, and is given the last 50 with a
 * message that says why; the wallet shows the forecast; the operator sees what it cost.
 */
let app: TestApp;
let hotel: PartnerClient;
let shop: PartnerClient;
let pharmacy: PartnerClient;
let member: string;
const seen: Record<string, any> = {};

beforeAll(async () => {
  app = await TestApp.create();
  ({ hotel, shop, pharmacy } = await threeCountries(app));
  await publishTiers(app);
  member = await hotel.enrol({ externalReference: 'CARD-STORY' });

  // San Diego: 1,085.00 USD = 1,000 EUR = 1,000 points and 1,000 qualifying credits: Silver.
  seen.hotel = await hotel.earn({ memberId: member, amount: { amount: '1085.00', currency: 'USD' } });
  seen.afterHotel = await myStatus(app, member);
  // Berlin: 500 EUR at 2 points a euro = 1,000 points (+100 Silver bonus from the network), 1,000 credits.
  seen.shop = await shop.earn({ memberId: member, amount: { amount: '500.00', currency: 'EUR' } });
  // Prague: 1,000 EUR of which 50 EUR of prescriptions, which earn (and qualify for) nothing.
  seen.pharmacy = await pharmacy.earn({
    memberId: member,
    amount: { amount: '25320.00', currency: 'CZK' },
    lines: [
      { amount: '1266.00', category: 'prescription' },
      { amount: '24054.00', category: 'cosmetics' },
    ],
  });
  seen.beforeYearEnd = await myStatus(app, member);
  seen.forecastBefore = await myStatus(app, member, '/v1/me/status/forecast');

  // The year ends: the scheduled review gives the last 50 credits.
  app.clock.nowMs = Date.parse('2027-01-01T00:17:00Z');
  seen.sweep = await reviewDueStatuses(app.deps);
  seen.afterYearEnd = await myStatus(app, member);
  seen.forecastAfter = await myStatus(app, member, '/v1/me/status/forecast');
  await publishRates(app);
});
afterAll(async () => {
  await app.close();
});

describe('a member across three partners in three countries', () => {
  test('reaches Silver in San Diego, and the reason says so', () => {
    expect(seen.hotel.body.points).toBe(1000);
    expect(seen.afterHotel).toMatchObject({
      tier: { code: 'silver', name: 'Silver' },
      basis: 'qualified',
      validThrough: '31 Dec 2027',
      explanation: 'Silver until 31 Dec 2027: 1,000 qualifying credits between 1 Jan 2026 and 31 Dec 2026.',
    });
  });

  test('earns Silver’s bonus in Berlin, paid by the network, and nothing for prescriptions in Prague', () => {
    expect(seen.shop.body).toMatchObject({
      points: 1000,
      tierBonus: { tier: 'silver', points: 100, fundedBy: 'network' },
    });
    expect(seen.pharmacy.body).toMatchObject({ points: 950, tierBonus: { tier: 'silver', points: 95 } });
    expect(seen.beforeYearEnd.progress).toEqual({
      credits: 2950,
      nextTier: { code: 'gold', name: 'Gold', threshold: 3000 },
      creditsToNext: 50,
      percent: 97,
    });
  });

  test('sees in the forecast that 50 more reach Gold, and that the network would give them', () => {
    expect(seen.forecastBefore).toMatchObject({
      tier: 'silver',
      next: { tier: 'gold', credits: 50, by: '2027-01-01T00:00:00.000Z' },
      gapGift: { tier: 'gold', credits: 50, at: '2027-01-01T00:00:00.000Z' },
    });
  });

  test('is given the last 50 when the year ends, told why, and holds Gold until the end of 2027', async () => {
    expect(seen.sweep).toEqual({ reviewed: 1, changed: 1 });
    expect(seen.afterYearEnd).toMatchObject({
      tier: { code: 'gold', benefits: { roomUpgradeEligible: true } },
      validThrough: '31 Dec 2027',
      explanation: 'Gold until 31 Dec 2027: 3,000 qualifying credits between 1 Jan 2026 and 31 Dec 2026.',
    });
    const gifts = await memberEvents(app, member, 'gratitude.gift_given');
    expect(gifts.map((event) => event.data)).toEqual([
      expect.objectContaining({
        tier: 'gold',
        credits: 50,
        points: 50,
        message: 'We added the last 50 — welcome to Gold',
      }),
    ]);
    const changes = await memberEvents(app, member, 'status.changed');
    expect(changes.map((event) => [event.data.from, event.data.to, event.data.cause])).toEqual([
      [null, 'silver', 'earn'],
      ['silver', 'gold', 'review'],
    ]);
    const me = await app.request('GET', '/v1/me', { token: await app.memberToken(member) });
    expect(me.body.available).toBe(1000 + 1000 + 100 + 950 + 95 + 50);
  });

  test('sees the forecast in the wallet: what keeps Gold in 2027, what reaches Platinum', () => {
    expect(seen.forecastAfter).toMatchObject({
      tier: 'gold',
      keep: {
        tier: 'gold',
        credits: 3000,
        by: '2028-01-01T00:00:00.000Z',
        countingFrom: '2027-01-01T00:00:00.000Z',
      },
      next: { tier: 'platinum', credits: 6000, by: '2028-01-01T00:00:00.000Z' },
      downgrade: { at: '2028-01-31T00:00:00.000Z', to: 'silver' },
      summary: '3,000 qualifying credits by 31 Dec 2027 keep Gold; 6,000 by 31 Dec 2027 reach Platinum.',
    });
  });

  test('the history of status changes tells the whole story', async () => {
    const history = await myStatus(app, member, '/v1/me/status/history');
    expect(history.data.map((change: any) => [change.to, change.explanation])).toEqual([
      ['gold', 'Gold until 31 Dec 2027: 3,000 qualifying credits between 1 Jan 2026 and 31 Dec 2026.'],
      ['silver', 'Silver until 31 Dec 2027: 1,000 qualifying credits between 1 Jan 2026 and 31 Dec 2026.'],
    ]);
  });

  test('a partner reads the tier and its benefits, never the credits', async () => {
    const response = await app.request('GET', `/v1/members/${member}/tier`, { token: await shop.token() });
    expect(response.body).toEqual({
      memberId: member,
      tier: expect.objectContaining({
        code: 'gold',
        benefits: expect.objectContaining({ roomUpgradeEligible: true }),
      }),
      validUntil: '2028-01-01T00:00:00.000Z',
      validThrough: '31 Dec 2027',
    });
    expect(JSON.stringify(response.body)).not.toContain('credits');
  });

  test('the operator sees what gratitude cost, and the members per tier', async () => {
    const operator = await app.operatorToken();
    const gratitude = await app.request('GET', '/v1/status/gratitude?year=2027', { token: operator });
    expect(gratitude.body).toMatchObject({
      year: 2027,
      months: [{ period: '2027-01', gifts: 1, credits: 50, points: 50, costExact: '0.5' }],
      total: { gifts: 1, credits: 50, points: 50, costExact: '0.5' },
      budget: { used: 50 },
    });
    const perTier = await app.request('GET', '/v1/status/members-per-tier', { token: operator });
    expect(perTier.body.tiers.map((tier: any) => [tier.code, tier.members])).toEqual([
      [null, 0],
      ['silver', 0],
      ['gold', 1],
      ['platinum', 0],
    ]);
  });

  test('the ledger holds, and the outbox replays to the same wallets', async () => {
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    await expectEventsReplayTheLedger(app);
  });

  test('the settlement shows the gift and the network’s bonuses as its cost, on no partner’s statement', async () => {
    const settlement = await closed(app);
    expect(settlement.settlement.networkFunded).toEqual([
      { kind: 'gap_gift', unitPrice: '0.01', points: 50, transfers: 1, amountExact: '0.5' },
      { kind: 'tier_bonus_network', unitPrice: '0.01', points: 195, transfers: 2, amountExact: '1.95' },
    ]);
    expect(settlement.settlement.netting.networkFundedExact).toBe('2.45');
    void DAY_MS;
  });
});
