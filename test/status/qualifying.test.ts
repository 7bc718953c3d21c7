import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { myStatus, publishTiers } from './fixtures.js';

/**
 * Qualifying credits are kept apart from points: every earn credits them by its partner's rule,
 * a refund takes them back in proportion, a redemption never touches them, a pool never shares
 * them.
 */
let app: TestApp;
let bistro: PartnerClient;
let pharmacy: PartnerClient;

const creditsOf = async (memberId: string) => {
  const [row] = (await app.deps.db.all(
    sql`SELECT COALESCE(SUM(credits), 0) AS credits FROM qualifying_credits WHERE member_id = ${memberId}`,
  )) as { credits: number }[];
  return row?.credits ?? 0;
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
  pharmacy = await partnerClient(app, {
    name: 'Lékárna',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'CZK',
    categoryMultipliers: { prescription: '0', cosmetics: '2' },
  });
  await publishTiers(app);
});
afterEach(async () => {
  await app.close();
});

describe('qualifying credits', () => {
  test('by default an earn qualifies for as many credits as it earns points; a partner may weigh them', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '120.00', currency: 'EUR' } });
    expect(await creditsOf(memberId)).toBe(120);
    const weighed = await app.request('PATCH', `/v1/partners/${bistro.partner.id}`, {
      token: await app.operatorToken(),
      body: { qualifyingCreditsPerPoint: '2.5' },
    });
    expect(weighed.body.qualifyingCreditsPerPoint).toBe('2.5');
    await bistro.earn({ memberId, amount: { amount: '33.00', currency: 'EUR' } });
    expect(await creditsOf(memberId)).toBe(120 + 82);
  });

  test('prescription lines (a 0 multiplier) qualify for nothing; a 2x category qualifies for its points', async () => {
    const memberId = await pharmacy.enrol();
    const earned = await pharmacy.earn({
      memberId,
      amount: { amount: '5064.00', currency: 'CZK' },
      lines: [
        { amount: '2532.00', category: 'prescription' },
        { amount: '2532.00', category: 'cosmetics' },
      ],
    });
    expect(earned.body.points).toBe(200);
    expect(await creditsOf(memberId)).toBe(200);
    const onlyPrescriptions = await pharmacy.earn({
      memberId,
      amount: { amount: '2532.00', currency: 'CZK' },
      lines: [{ amount: '2532.00', category: 'prescription' }],
    });
    expect(onlyPrescriptions.body.points).toBe(0);
    expect(await creditsOf(memberId)).toBe(200);
  });

  test('a partner whose purchases never qualify (0 credits per point) still earns points', async () => {
    const kiosk = await partnerClient(app, {
      name: 'Kiosk',
      sector: 'retail',
      country: 'DE',
      settlementCurrency: 'EUR',
      qualifyingCreditsPerPoint: '0',
    });
    const memberId = await kiosk.enrol();
    expect((await kiosk.earn({ memberId, amount: { amount: '80.00', currency: 'EUR' } })).body.points).toBe(
      80,
    );
    expect(await creditsOf(memberId)).toBe(0);
  });

  test('refunds take credits back in proportion, never more than the earn gave', async () => {
    const memberId = await bistro.enrol();
    const earn = await bistro.earn({ memberId, amount: { amount: '101.00', currency: 'EUR' } });
    for (const amount of ['33.67', '33.67', '33.66'])
      await bistro.reverse(earn.body.id, { amount: { amount, currency: 'EUR' } });
    expect(await creditsOf(memberId)).toBe(0);
    const entries = (await app.deps.db.all(
      sql`SELECT credits FROM qualifying_credits WHERE member_id = ${memberId} ORDER BY created_at, id`,
    )) as { credits: number }[];
    expect(entries.map((entry) => entry.credits)).toEqual([101, -33, -34, -34]);
  });

  test('a hold qualifies when it is captured, for what is captured', async () => {
    const memberId = await bistro.enrol();
    const hold = await bistro.earn({ memberId, amount: { amount: '400.00', currency: 'EUR' }, hold: {} });
    expect(await creditsOf(memberId)).toBe(0);
    await bistro.capture(hold.body.id, { amount: { amount: '300.00', currency: 'EUR' } });
    expect(await creditsOf(memberId)).toBe(300);
  });

  test('redemptions and goodwill never touch them', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '1200.00', currency: 'EUR' } });
    await bistro.redeem({ memberId, points: 1100 });
    await app.request('POST', `/v1/members/${memberId}/credits`, {
      token: await app.operatorToken(),
      idempotencyKey: 'goodwill-1',
      body: { points: 5000, reason: 'Sorry' },
    });
    expect(await creditsOf(memberId)).toBe(1200);
    expect((await myStatus(app, memberId)).tier.code).toBe('silver');
  });

  test('the ledger of status is append-only, and no month goes below zero', async () => {
    const memberId = await bistro.enrol();
    await bistro.earn({ memberId, amount: { amount: '10.00', currency: 'EUR' } });
    const refusal = (statement: ReturnType<typeof sql>) =>
      app.deps.db.run(statement).then(
        () => 'accepted',
        (error: { cause?: { message?: string } }) => error.cause?.message ?? String(error),
      );
    expect(await refusal(sql`UPDATE qualifying_credits SET credits = 5000`)).toMatch(/immutable/);
    expect(await refusal(sql`DELETE FROM qualifying_credits`)).toMatch(/immutable/);
    expect(
      await refusal(sql`INSERT INTO qualifying_credits (id, member_id, source, source_id, credits, qualifying_at, created_at)
        VALUES ('qcr_x', ${memberId}, 'refund', 'txn_x', -11, ${app.clock.nowMs}, ${app.clock.nowMs})`),
    ).toMatch(/qualifying_months_never_negative/);
    expect(await creditsOf(memberId)).toBe(10);
  });
});

describe('pools share points, never status', () => {
  test("a household pools its points, but each member's status counts only their own credits", async () => {
    const owner = await bistro.enrol();
    const partnerMember = await bistro.enrol();
    const pool = await app.request('POST', '/v1/pools', {
      token: await app.memberToken(owner),
      body: { kind: 'household', name: 'The Novaks' },
    });
    const invite = await app.request('POST', `/v1/pools/${pool.body.id}/invites`, {
      token: await app.memberToken(owner),
    });
    const joined = await app.request('POST', '/v1/pools/join', {
      token: await app.memberToken(partnerMember),
      body: { code: invite.body.code },
    });
    expect(joined.status).toBe(200);
    await bistro.earn({ memberId: owner, amount: { amount: '2500.00', currency: 'EUR' } });
    await bistro.earn({ memberId: partnerMember, amount: { amount: '900.00', currency: 'EUR' } });
    // 3,400 points between them, spendable together…
    const me = await app.request('GET', '/v1/me', { token: await app.memberToken(partnerMember) });
    expect(me.body.unifiedAvailable).toBe(3400);
    // …but neither is Gold: 2,500 credits are Silver, 900 no tier at all.
    expect((await myStatus(app, owner)).tier.code).toBe('silver');
    expect((await myStatus(app, partnerMember)).tier).toBeNull();
    // Spending the household's points moves no credits.
    await bistro.redeem({
      memberId: partnerMember,
      points: 2000,
      source: { type: 'pool', poolId: pool.body.id },
    });
    expect(await creditsOf(owner)).toBe(2500);
    expect(await creditsOf(partnerMember)).toBe(900);
  });
});
