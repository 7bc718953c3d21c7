import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sweepExpiredPoints } from '../../../src/ledger/expiry.js';
import { closed, statementIn } from '../../settlement/support.js';
import {
  callerMatrix,
  callerToken,
  expectLedgerInvariants,
  ledgerSnapshot,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

/**
 * POST /v1/members/{memberId}/credits: the network's goodwill credit, the first kind that no
 * partner originates. Funded by the promotions budget, priced at the point value, a lot like any
 * other, on no partner's statement.
 */
let app: TestApp;
let shop: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  shop = await partnerClient(app, {
    name: 'Mitte Mode Berlin',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
  memberId = await shop.enrol();
});
afterEach(async () => {
  await app.close();
});

const NOW = '2026-11-23T09:00:00.000Z';

async function credit(body: unknown, options: { idempotencyKey?: string; member?: string } = {}) {
  return app.request('POST', `/v1/members/${options.member ?? memberId}/credits`, {
    token: await app.operatorToken(),
    body,
    idempotencyKey: 'idempotencyKey' in options ? options.idempotencyKey : newKey('goodwill'),
  });
}

const activity = async (member = memberId) =>
  (await app.request('GET', '/v1/me/activity', { token: await app.memberToken(member) })).body.data;

describe('a goodwill credit', () => {
  test('credits the member from the promotions budget, and the member reads why in their activity', async () => {
    const response = await credit({ points: 250, reason: 'Sorry for the delayed refund' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.stringMatching(/^txn_/),
      kind: 'goodwill',
      status: 'posted',
      partnerId: null,
      memberId,
      points: 250,
      amount: null,
      createdAt: NOW,
    });
    expect(await shop.balance(memberId)).toMatchObject({ available: 250 });
    expect(await activity()).toEqual([
      {
        id: response.body.id,
        kind: 'goodwill',
        status: 'posted',
        partner: null,
        label: 'Goodwill from the network: Sorry for the delayed refund',
        amount: null,
        points: 250,
        pendingPoints: 0,
        createdAt: NOW,
      },
    ]);
    const [lot] = (await app.deps.db.all(
      sql`SELECT issuer_partner_id AS issuer, points_remaining AS points FROM lots WHERE member_id = ${memberId}`,
    )) as { issuer: string; points: number }[];
    expect(lot).toEqual({ issuer: 'network', points: 250 });
    const [promotions] = (await app.deps.db.all(
      sql`SELECT balance FROM accounts WHERE id = 'network:promotions'`,
    )) as { balance: number }[];
    expect(promotions?.balance).toBe(-250);
    await expectLedgerInvariants(app);
  });

  test('is audited, with the operator, the member, the points and the reason', async () => {
    const response = await credit({ points: 40, reason: 'Birthday' });
    const log = await app.request('GET', '/v1/audit-log', { token: await app.operatorToken() });
    expect(log.body.data[0]).toMatchObject({
      action: 'member.goodwill',
      target: response.body.id,
      summary: { memberId, points: 40, reason: 'Birthday' },
    });
  });

  test('replays with the same Idempotency-Key and body, and posts once', async () => {
    const first = await credit({ points: 100, reason: 'Apology' }, { idempotencyKey: 'goodwill-1' });
    const again = await credit({ points: 100, reason: 'Apology' }, { idempotencyKey: 'goodwill-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await shop.balance(memberId)).toMatchObject({ available: 100 });
  });

  test('concurrent duplicates post exactly once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        credit({ points: 30, reason: 'Once' }, { idempotencyKey: 'goodwill-burst' }),
      ),
    );
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.every((response) => response.status === 201)).toBe(true);
    expect(await shop.balance(memberId)).toMatchObject({ available: 30 });
    await expectLedgerInvariants(app);
  });

  test.each([
    [
      'the same key with another body',
      { points: 101, reason: 'Apology' },
      'goodwill-1',
      422,
      'idempotency_key_reused',
    ],
    ['no Idempotency-Key', { points: 100, reason: 'Apology' }, undefined, 400, 'idempotency_key_missing'],
    ['zero points', { points: 0, reason: 'Nothing' }, 'goodwill-2', 422, 'validation_failed'],
    ['fractional points', { points: 1.5, reason: 'Half' }, 'goodwill-3', 422, 'validation_failed'],
    ['no reason', { points: 10 }, 'goodwill-4', 422, 'validation_failed'],
    ['points as text', { points: '10', reason: 'Text' }, 'goodwill-5', 422, 'validation_failed'],
    [
      'more than a transaction may move',
      { points: 1_000_000_001, reason: 'Huge' },
      'goodwill-6',
      422,
      'invalid_amount',
    ],
  ])('is refused with %s, and nothing changes', async (_name, body, key, status, code) => {
    await credit({ points: 100, reason: 'Apology' }, { idempotencyKey: 'goodwill-1' });
    const before = await ledgerSnapshot(app);
    const response = await credit(body, { idempotencyKey: key });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('for a member that does not exist is 404, and nothing changes', async () => {
    const before = await ledgerSnapshot(app);
    const response = await credit(
      { points: 10, reason: 'Ghost' },
      { member: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' },
    );
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('member_not_found');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test.each(callerMatrix('operator'))(
    'is for the operator only: $caller',
    async ({ caller, allowed, code }) => {
      const token = await callerToken(app, caller, { partner: shop, memberId });
      const before = await ledgerSnapshot(app);
      const response = await app.request('POST', `/v1/members/${memberId}/credits`, {
        token,
        body: { points: 10, reason: 'Matrix' },
        idempotencyKey: newKey(),
      });
      if (allowed) {
        expect(response.status).toBe(201);
        return;
      }
      expect(response.status).toBe(401);
      expect(response.body.code).toBe(code);
      expect(await ledgerSnapshot(app)).toEqual(before);
    },
  );
});

describe('goodwill points in the ledger', () => {
  test('never repay what the member owes a partner; the next earn does', async () => {
    const earned = await shop.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
    await shop.redeem({ memberId, points: 100 });
    await shop.reverse(earned.body.id, {}); // the 100 points were spent: the member owes them
    expect(await shop.balance(memberId)).toMatchObject({ available: 0, owed: 100 });
    await credit({ points: 60, reason: 'Goodwill' });
    expect(await shop.balance(memberId)).toMatchObject({ available: 60, owed: 100 });
    await shop.earn({ memberId, amount: { amount: '30.00', currency: 'EUR' } });
    expect(await shop.balance(memberId)).toMatchObject({ available: 60, owed: 70 });
    await expectLedgerInvariants(app);
  });

  test('expire like any lot, into breakage, with the network as their issuer', async () => {
    await credit({ points: 80, reason: 'Goodwill' });
    app.clock.advance(37 * 31 * 86_400_000);
    expect(await sweepExpiredPoints(app.deps)).toMatchObject({ lotsExpired: 1, pointsExpired: 80 });
    expect(await shop.balance(memberId)).toMatchObject({ available: 0 });
    await publishRates(app);
    const settlement = await closed(app);
    expect(settlement.settlement.breakage).toEqual([
      { issuerPartnerId: 'network', points: 80, value: { amount: '0.80', currency: 'EUR' } },
    ]);
    await expectLedgerInvariants(app);
  });

  test('are spent at any partner: the flow matrix shows the network as issuer, and the redeeming partner is reimbursed as for any point', async () => {
    await credit({ points: 200, reason: 'Goodwill' });
    await shop.redeem({ memberId, points: 150 });
    const settlement = await closed(app);
    expect(settlement.settlement.flows).toEqual([
      {
        issuerPartnerId: 'network',
        redeemerPartnerId: shop.partner.id,
        pointsRedeemed: 150,
        pointsReturned: 0,
        points: 150,
        value: { amount: '1.50', currency: 'EUR' },
      },
    ]);
    expect(statementIn(settlement, shop.partner.id).lines).toEqual([
      { kind: 'redeem', unitPrice: '0.009', points: 150, transfers: 1, amountExact: '-1.35' },
    ]);
  });
});

describe('settling a goodwill credit', () => {
  test("costs the network the point value, appears on no partner's statement, and the nets still sum with the margin", async () => {
    await shop.earn({ memberId, amount: { amount: '500.00', currency: 'EUR' } });
    await credit({ points: 250, reason: 'Goodwill' });
    const settlement = await closed(app);
    const statement = statementIn(settlement, shop.partner.id);
    expect(statement.lines).toEqual([
      { kind: 'earn', unitPrice: '0.012', points: 500, transfers: 1, amountExact: '6' },
    ]);
    expect(statement.points).toMatchObject({ issued: 500, transfers: 1 });
    expect(settlement.settlement.networkFunded).toEqual([
      { kind: 'goodwill', unitPrice: '0.01', points: 250, transfers: 1, amountExact: '2.5' },
    ]);
    expect(settlement.settlement.netting).toMatchObject({
      issuanceFeesExact: '6',
      marginExact: '6',
      networkFundedExact: '2.5',
      marginAfterNetworkFundedExact: '3.5',
      sumOfNets: { amount: '6.00', currency: 'EUR' },
      roundingResidue: '0',
    });
    expect(settlement.settlement.totals.period).toMatchObject({ issued: 500, networkFunded: 250 });
    expect(settlement.settlement.unclassified).toEqual([]);
  });

  test('shows in the network summary, to date and in the open period', async () => {
    await credit({ points: 120, reason: 'Goodwill' });
    const summary = await app.request('GET', '/v1/network/summary', { token: await app.operatorToken() });
    expect(summary.status).toBe(200);
    expect(summary.body.points).toMatchObject({ networkFunded: 120, outstandingLiability: 120 });
    expect(summary.body.toDate).toMatchObject({
      networkFundedExact: '1.2',
      marginAfterNetworkFundedExact: '-1.2',
    });
    expect(summary.body.openPeriod).toMatchObject({ networkFundedExact: '1.2' });
  });
});
