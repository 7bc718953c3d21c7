import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { reviewDueStatuses } from '../../src/status/sweep.js';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { DAY_MS, memberEvents, myStatus, publishTiers, TIERS } from './fixtures.js';

/**
 * A status over the years, with the scheduled review doing what time does: requalify or land one
 * tier down at each window's end, after the grace period (30 days by default), with a notice
 * TIER_EXPIRY_NOTICE_DAYS (30) before; lifetime status; the operator's matches and challenges.
 */
let app: TestApp;
let bistro: PartnerClient;

const at = (iso: string) => {
  app.clock.nowMs = Date.parse(iso);
};

beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  bistro = await partnerClient(app, {
    name: 'Bistro',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
  });
  await publishTiers(app);
});
afterEach(async () => {
  await app.close();
});

async function earn(memberId: string, euros: string) {
  await publishRates(app);
  const response = await bistro.earn({ memberId, amount: { amount: euros, currency: 'EUR' } });
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
}

const stored = async (memberId: string) =>
  (
    (await app.deps.db.all(sql`SELECT tier FROM member_status WHERE member_id = ${memberId}`)) as {
      tier: string;
    }[]
  )[0]?.tier ?? null;

describe('time', () => {
  test('a Gold member early in the next window works towards keeping Gold, not towards Silver', async () => {
    const memberId = await bistro.enrol();
    await earn(memberId, '3100.00');
    at('2027-03-01T00:00:00Z');
    await reviewDueStatuses(app.deps);
    const status = await myStatus(app, memberId);
    expect(status).toMatchObject({ tier: { code: 'gold' }, basis: 'retained', window: { credits: 0 } });
    expect(status.progress).toEqual({
      credits: 0,
      nextTier: { code: 'gold', name: 'Gold', threshold: 3000 },
      creditsToNext: 3000,
      percent: 0,
    });
  });

  test('Platinum without further credits lands one tier a window, after the grace period, with notice', async () => {
    const memberId = await bistro.enrol();
    await earn(memberId, '6500.00');
    at('2027-11-30T12:00:00Z');
    await reviewDueStatuses(app.deps);
    expect(await memberEvents(app, memberId, 'tier.expiring')).toEqual([]);
    // 30 days before the end of 2027's grace period (31 January 2028).
    at('2028-01-01T00:30:00Z');
    await reviewDueStatuses(app.deps);
    const [notice] = await memberEvents(app, memberId, 'tier.expiring');
    expect(notice?.data).toMatchObject({
      tier: 'platinum',
      downgradeAt: '2028-01-31T00:00:00.000Z',
      to: 'gold',
      creditsToKeep: 6000,
      by: '2029-01-01T00:00:00.000Z',
    });
    expect(await myStatus(app, memberId)).toMatchObject({ tier: { code: 'platinum' }, basis: 'grace' });
    at('2028-01-31T00:05:00Z');
    await reviewDueStatuses(app.deps);
    expect(await stored(memberId)).toBe('gold');
    const landed = await myStatus(app, memberId);
    expect(landed).toMatchObject({
      tier: { code: 'gold' },
      basis: 'soft_landing',
      validThrough: '31 Dec 2028',
    });
    for (const moment of ['2029-01-01T00:30:00Z', '2029-02-01T00:05:00Z']) {
      at(moment);
      await reviewDueStatuses(app.deps);
    }
    expect(await stored(memberId)).toBe('silver');
    for (const moment of ['2030-01-01T00:30:00Z', '2030-02-01T00:05:00Z']) {
      at(moment);
      await reviewDueStatuses(app.deps);
    }
    expect(await stored(memberId)).toBeNull();
    const history = await myStatus(app, memberId, '/v1/me/status/history');
    // Each grace period is a change of its own: the tier is kept, for 30 days more, and says so.
    expect(
      history.data.map((change: { to: string | null; basis: string }) => [change.to, change.basis]).reverse(),
    ).toEqual([
      ['platinum', 'qualified'],
      ['platinum', 'grace'],
      ['gold', 'soft_landing'],
      ['gold', 'grace'],
      ['silver', 'soft_landing'],
      ['silver', 'grace'],
      [null, 'none'],
    ]);
    // One notice per downgrade, never twice, however often the review runs.
    await reviewDueStatuses(app.deps);
    const notices = await memberEvents(app, memberId, 'tier.expiring');
    expect(notices.map((event) => event.data.to)).toEqual(['gold', 'silver', null]);
  });

  test('the review is idempotent: with nothing due it changes nothing', async () => {
    const memberId = await bistro.enrol();
    await earn(memberId, '1200.00');
    expect(await reviewDueStatuses(app.deps)).toEqual({ reviewed: 0, changed: 0 });
    const before = await app.deps.db.all(sql`SELECT * FROM member_status`);
    expect(await reviewDueStatuses(app.deps)).toEqual({ reviewed: 0, changed: 0 });
    expect(await app.deps.db.all(sql`SELECT * FROM member_status`)).toEqual(before);
  });

  test('Gold reached in enough windows is kept for life', async () => {
    await publishTiers(
      app,
      TIERS.map((tier) => (tier.code === 'gold' ? { ...tier, lifetimeAfterYears: 2 } : tier)),
    );
    const memberId = await bistro.enrol();
    await earn(memberId, '3000.00');
    at('2027-03-01T00:00:00Z');
    await earn(memberId, '3000.00');
    at('2031-06-01T00:00:00Z');
    await reviewDueStatuses(app.deps);
    expect(await myStatus(app, memberId)).toMatchObject({
      tier: { code: 'gold' },
      basis: 'lifetime',
      validUntil: null,
      lifetime: { code: 'gold' },
      explanation: 'Gold for life: 2 qualification years at Gold or above.',
    });
  });

  test('new tiers apply from now on: the window that ended keeps the ladder it was judged by', async () => {
    const memberId = await bistro.enrol();
    await earn(memberId, '3100.00');
    at('2027-02-15T00:00:00Z');
    await publishTiers(
      app,
      TIERS.map((tier) => (tier.code === 'gold' ? { ...tier, threshold: 3500 } : tier)),
    );
    await reviewDueStatuses(app.deps);
    expect(await stored(memberId)).toBe('gold');
    await earn(memberId, '3200.00');
    // 3,200 in 2027 is not Gold any more by the new ladder; 2026's Gold holds until the end of 2027.
    expect(await myStatus(app, memberId)).toMatchObject({ tier: { code: 'gold' }, basis: 'retained' });
    expect((await myStatus(app, memberId)).progress).toMatchObject({
      nextTier: { code: 'gold', threshold: 3500 },
    });
  });
});

describe('matches and challenges', () => {
  const challenge = async (memberId: string, body: Record<string, unknown>) =>
    app.request('POST', `/v1/members/${memberId}/status-challenges`, {
      token: await app.operatorToken(),
      body: { reason: 'Status match', ...body },
    });

  test('a challenge holds the tier on trial; meeting the target keeps it until the end of the next window', async () => {
    const memberId = await bistro.enrol();
    const granted = await challenge(memberId, { tier: 'gold', days: 90, targetCredits: 1500 });
    expect(granted.status).toBe(201);
    expect(granted.body.status).toMatchObject({
      tier: { code: 'gold' },
      basis: 'trial',
      trial: { tier: 'gold', targetCredits: 1500, credits: 0 },
    });
    app.clock.advance(30 * DAY_MS);
    await earn(memberId, '1600.00');
    expect(await myStatus(app, memberId)).toMatchObject({
      tier: { code: 'gold' },
      basis: 'challenge',
      validThrough: '31 Dec 2027',
    });
  });

  test('a challenge missed lapses when its days end, back to what the credits give', async () => {
    const memberId = await bistro.enrol();
    await earn(memberId, '1200.00');
    await challenge(memberId, { tier: 'platinum', days: 20, targetCredits: 3000 });
    expect(await stored(memberId)).toBe('platinum');
    app.clock.advance(21 * DAY_MS);
    await reviewDueStatuses(app.deps);
    expect(await stored(memberId)).toBe('silver');
    const changes = await memberEvents(app, memberId, 'status.changed');
    expect(changes.map((event) => [event.data.to, event.data.cause])).toEqual([
      ['silver', 'earn'],
      ['platinum', 'challenge'],
      ['silver', 'review'],
    ]);
  });

  test('a match (target 0) gives the tier outright', async () => {
    const memberId = await bistro.enrol();
    const matched = await challenge(memberId, { tier: 'gold', days: 30, targetCredits: 0 });
    expect(matched.body.status).toMatchObject({
      tier: { code: 'gold' },
      basis: 'challenge',
      validThrough: '31 Dec 2027',
    });
  });
});
