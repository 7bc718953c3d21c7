import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import {
  accountBalance,
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { memberEvents, publishTiers, TIERS } from './fixtures.js';

/**
 * A tier's earn multiplier is applied at earn time, inside the earn's batch: bonus points of their
 * own transaction, funded by the network or by the partner as the tier says, taken back in
 * proportion when the earn is refunded. Bonus points never qualify.
 */
let app: TestApp;
let bistro: PartnerClient;

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
  await expectLedgerInvariants(app);
  await expectTransactionInvariants(app);
  await expectEventsReplayTheLedger(app);
  await app.close();
});

async function memberAt(euros: string) {
  const memberId = await bistro.enrol();
  await bistro.earn({ memberId, amount: { amount: euros, currency: 'EUR' } });
  return memberId;
}

describe('tier bonuses', () => {
  test('the earn that reaches a tier earns no bonus; the next one does, from the network', async () => {
    const memberId = await bistro.enrol();
    const reaching = await bistro.earn({ memberId, amount: { amount: '1000.00', currency: 'EUR' } });
    expect(reaching.body.tierBonus).toBeNull();
    const promotions = await accountBalance(app, 'network:promotions');
    const next = await bistro.earn({ memberId, amount: { amount: '333.00', currency: 'EUR' } });
    expect(next.body).toMatchObject({
      points: 333,
      tierBonus: { tier: 'silver', points: 33, fundedBy: 'network' },
    });
    expect(await accountBalance(app, 'network:promotions')).toBe(promotions - 33);
    const bonus = await app.request('GET', `/v1/transactions/${next.body.tierBonus.transactionId}`, {
      token: await bistro.token(),
    });
    expect(bonus.body).toMatchObject({ kind: 'tier_bonus', points: 33, originalTransactionId: next.body.id });
    // Bonus points never qualify: 1,333 credits, not 1,366.
    const [credits] = (await app.deps.db.all(
      sql`SELECT SUM(credits) AS total FROM qualifying_credits WHERE member_id = ${memberId}`,
    )) as { total: number }[];
    expect(credits?.total).toBe(1333);
    const events = await memberEvents(app, memberId, 'tier.bonus_credited');
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({ points: 33, fundedBy: 'network' }),
    ]);
  });

  test("a partner-funded tier issues the bonus from the partner's own account, at its issue price", async () => {
    const memberId = await memberAt('6000.00');
    const issuance = await accountBalance(app, `issuance:${bistro.partner.id}`);
    const earned = await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    expect(earned.body.tierBonus).toMatchObject({ tier: 'platinum', points: 50, fundedBy: 'partner' });
    expect(await accountBalance(app, `issuance:${bistro.partner.id}`)).toBe(issuance - 150);
    const [transfer] = (await app.deps.db.all(
      sql`SELECT unit_price AS unitPrice, partner_id AS partnerId FROM transfers WHERE kind = 'tier_bonus_partner'`,
    )) as { unitPrice: string; partnerId: string }[];
    expect(transfer).toEqual({ unitPrice: '0.012', partnerId: bistro.partner.id });
  });

  test('a capture earns the bonus of the tier held when it is captured', async () => {
    const memberId = await memberAt('3000.00');
    const hold = await bistro.earn({ memberId, amount: { amount: '400.00', currency: 'EUR' }, hold: {} });
    const captured = await bistro.capture(hold.body.id);
    expect(captured.body.tierBonus).toMatchObject({ tier: 'gold', points: 100, fundedBy: 'network' });
  });

  test('a refund takes the bonus back in proportion, with the points', async () => {
    const memberId = await memberAt('3000.00');
    const earned = await bistro.earn({ memberId, amount: { amount: '400.00', currency: 'EUR' } });
    expect(earned.body.tierBonus.points).toBe(100);
    const refund = await bistro.reverse(earned.body.id, { amount: { amount: '100.00', currency: 'EUR' } });
    expect(refund.body).toMatchObject({ points: 100, tierBonus: { points: 25, fundedBy: 'network' } });
    const rest = await bistro.reverse(earned.body.id, {});
    expect(rest.body).toMatchObject({ points: 300, tierBonus: { points: 75 } });
    const me = await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) });
    expect(me.body.available).toBe(3000);
  });

  test('bonus points already spent are written off, not owed', async () => {
    const memberId = await memberAt('3000.00');
    const earned = await bistro.earn({ memberId, amount: { amount: '400.00', currency: 'EUR' } });
    // Spend everything: 3,000 + 400 + 100 bonus.
    expect((await bistro.redeem({ memberId, points: 3500 })).status).toBe(201);
    const refund = await bistro.reverse(earned.body.id, {});
    expect(refund.body).toMatchObject({ points: 400, pointsOwed: 400, tierBonus: { points: 0 } });
    const me = await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) });
    // The refunded points are owed to the bistro; the bonus is not chased.
    expect(me.body).toMatchObject({ available: 0, owed: 400 });
    const [reversal] = (await app.deps.db.all(
      sql`SELECT points, json_extract(details, '$.pointsWrittenOff') AS writtenOff FROM transactions
          WHERE kind = 'reversal' AND json_extract(details, '$.reverses') = 'tier_bonus'`,
    )) as { points: number; writtenOff: number }[];
    expect(reversal).toEqual({ points: 0, writtenOff: 100 });
  });

  test('without tiers nothing is added to an earn', async () => {
    await publishTiers(app, []);
    const memberId = await memberAt('9000.00');
    const earned = await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    expect(earned.body.tierBonus).toBeNull();
    void TIERS;
  });
});
