import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { pruneEvents } from '../../src/events/retention.js';
import { sendExpiryNotices, sweepExpiredPoints } from '../../src/ledger/expiry.js';
import { formPool, fromPool, redeemFrom } from '../pools/fixtures.js';
import { closed } from '../settlement/support.js';
import {
  ledgerSnapshot,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * GET /v1/events: the outbox as a feed. Each change writes its events in its own batch; a partner
 * reads its own, a member app the member's, the operator everything, oldest first, from any cursor.
 */
let app: TestApp;
let hotel: PartnerClient;
let shop: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, { name: 'Harbor Hotel', settlementCurrency: 'USD' });
  shop = await partnerClient(app, {
    name: 'Mitte Mode',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '1',
  });
});
afterEach(async () => {
  await app.close();
});

type Reader = 'operator' | { partner: PartnerClient } | { member: string };

async function feed(reader: Reader, query = '') {
  const token =
    reader === 'operator'
      ? await app.operatorToken()
      : 'partner' in reader
        ? await reader.partner.token()
        : await app.memberToken(reader.member);
  return app.request('GET', `/v1/events${query}`, { token });
}

const types = (response: { body: { data: { type: string }[] } }) =>
  response.body.data.map((event) => event.type);

describe('what each reader sees', () => {
  test('a partner reads the events of its own members, transactions and keys; never another partner’s', async () => {
    const guest = await hotel.enrol();
    const shopper = await shop.enrol();
    await hotel.earn({ memberId: guest, amount: { amount: '108.50', currency: 'USD' } });
    await shop.earn({ memberId: shopper, amount: { amount: '50.00', currency: 'EUR' } });
    await shop.earn({ memberId: guest, amount: { amount: '20.00', currency: 'EUR' } });

    expect(types(await feed({ partner: hotel }))).toEqual([
      'partner_key.added',
      'member.enrolled',
      'transaction.earned',
    ]);
    const shopFeed = await feed({ partner: shop });
    expect(types(shopFeed)).toEqual([
      'partner_key.added',
      'member.enrolled',
      'transaction.earned',
      'transaction.earned',
    ]);
    expect(
      shopFeed.body.data.every(
        (event: { data: { partnerId: string } }) => event.data.partnerId === shop.partner.id,
      ),
    ).toBe(true);
  });

  test("a member app reads the member's own events, across partners", async () => {
    const guest = await hotel.enrol();
    const other = await hotel.enrol();
    await hotel.earn({ memberId: guest, amount: { amount: '108.50', currency: 'USD' } });
    await shop.earn({ memberId: guest, amount: { amount: '20.00', currency: 'EUR' } });
    await hotel.earn({ memberId: other, amount: { amount: '10.85', currency: 'USD' } });
    const mine = await feed({ member: guest });
    expect(types(mine)).toEqual(['member.enrolled', 'transaction.earned', 'transaction.earned']);
    expect(mine.body.data.map((event: { data: { memberId: string } }) => event.data.memberId)).toEqual([
      guest,
      guest,
      guest,
    ]);
  });

  test('the operator reads every event, with the ledger sequence of those that moved points', async () => {
    const guest = await hotel.enrol();
    const earned = await hotel.earn({ memberId: guest, amount: { amount: '108.50', currency: 'USD' } });
    const everything = await feed('operator');
    const earnEvent = everything.body.data.find(
      (event: { type: string }) => event.type === 'transaction.earned',
    );
    expect(earnEvent).toEqual({
      id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/),
      type: 'transaction.earned',
      version: 1,
      occurredAt: '2026-11-23T09:00:00.000Z',
      sequence: 1,
      data: {
        transactionId: earned.body.id,
        partnerId: hotel.partner.id,
        memberId: guest,
        points: 100,
        pointsRepaid: 0,
        amount: { amount: '108.50', currency: 'USD' },
        externalReference: null,
      },
    });
    expect(types(everything).filter((type) => type === 'partner_key.added')).toHaveLength(2);
  });

  test('pool events reach every member of the pool, and only them', async () => {
    const owner = await shop.enrol();
    const partner = await shop.enrol();
    const outsider = await shop.enrol();
    await shop.earn({ memberId: partner, amount: { amount: '100.00', currency: 'EUR' } });
    const poolId = await formPool(app, owner, [partner]);
    await redeemFrom(shop, owner, 40, fromPool(poolId));
    const ownerEvents = types(await feed({ member: owner }));
    expect(ownerEvents).toEqual([
      'member.enrolled',
      'pool.created',
      'pool.member_joined',
      'transaction.redeemed',
      'pool.redeemed',
    ]);
    expect(types(await feed({ member: partner }))).toContain('pool.redeemed');
    expect(types(await feed({ member: outsider }))).toEqual(['member.enrolled']);
  });
});

describe('reading the feed', () => {
  test('pages oldest first from any cursor, and a cursor with nothing new answers itself', async () => {
    const guest = await hotel.enrol();
    for (const amount of ['10.85', '21.70', '32.55'])
      await hotel.earn({ memberId: guest, amount: { amount, currency: 'USD' } });
    const first = await feed({ partner: hotel }, '?limit=2');
    expect(types(first)).toEqual(['partner_key.added', 'member.enrolled']);
    const second = await feed({ partner: hotel }, `?limit=2&after=${first.body.nextCursor}`);
    expect(second.body.data.map((event: { data: { points: number } }) => event.data.points)).toEqual([
      10, 20,
    ]);
    const third = await feed({ partner: hotel }, `?limit=2&after=${second.body.nextCursor}`);
    expect(types(third)).toEqual(['transaction.earned']);
    const nothing = await feed({ partner: hotel }, `?after=${third.body.nextCursor}`);
    expect(nothing.body).toEqual({ data: [], nextCursor: third.body.nextCursor, gap: false });
  });

  test('filters by type', async () => {
    const guest = await hotel.enrol();
    const held = await hotel.earn({
      memberId: guest,
      amount: { amount: '108.50', currency: 'USD' },
      hold: {},
    });
    await hotel.capture(held.body.id, { amount: { amount: '54.25', currency: 'USD' } });
    const response = await feed({ partner: hotel }, '?types=transaction.held,transaction.captured');
    expect(
      response.body.data.map((event: { type: string; data: { points: number } }) => [
        event.type,
        event.data.points,
      ]),
    ).toEqual([
      ['transaction.held', 100],
      ['transaction.captured', 50],
    ]);
  });

  test.each([
    ['an unknown type', '?types=transaction.earned,points.minted'],
    ['a cursor that is not one', '?after=abc'],
    ['a negative cursor', '?after=-1'],
    ['a limit above 500', '?limit=501'],
  ])('refuses %s with 422', async (_name, query) => {
    const response = await feed('operator', query);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
  });

  test('says when events after the cursor were pruned, and keeps the newer ones', async () => {
    const guest = await hotel.enrol();
    await hotel.earn({ memberId: guest, amount: { amount: '10.85', currency: 'USD' } });
    const before = await feed('operator');
    app.clock.advance(31 * 86_400_000);
    await publishRates(app);
    await hotel.earn({ memberId: guest, amount: { amount: '21.70', currency: 'USD' } });
    await pruneEvents(app.deps);
    const after = await feed('operator', '?after=0');
    expect(after.body.gap).toBe(true);
    expect(types(after)).toEqual(['transaction.earned']);
    expect(before.body.data.length).toBeGreaterThan(after.body.data.length);
  });
});

describe('every change writes its events in its own batch', () => {
  test('a refused write leaves no event', async () => {
    const guest = await hotel.enrol();
    const before = await app.deps.db.all(sql`SELECT * FROM events`);
    const refused = await hotel.redeem({ memberId: guest, points: 10 });
    expect(refused.status).toBe(422);
    expect(await app.deps.db.all(sql`SELECT * FROM events`)).toEqual(before);
  });

  test('a replayed write adds no second event', async () => {
    const guest = await hotel.enrol();
    const key = newKey('earn');
    await hotel.earn({ memberId: guest, amount: { amount: '10.85', currency: 'USD' } }, key);
    const once = await ledgerSnapshot(app);
    const events = await app.deps.db.all(sql`SELECT * FROM events`);
    await hotel.earn({ memberId: guest, amount: { amount: '10.85', currency: 'USD' } }, key);
    expect(await ledgerSnapshot(app)).toEqual(once);
    expect(await app.deps.db.all(sql`SELECT * FROM events`)).toEqual(events);
  });

  test('holds, refunds, returns, expiry and lapsed holds each say what they did', async () => {
    const guest = await hotel.enrol();
    const earned = await hotel.earn({ memberId: guest, amount: { amount: '108.50', currency: 'USD' } });
    const redeemed = await hotel.redeem({ memberId: guest, points: 60 });
    await hotel.reverse(redeemed.body.id, { points: 20 });
    await hotel.reverse(earned.body.id, { amount: { amount: '108.50', currency: 'USD' } });
    const held = await hotel.earn({
      memberId: guest,
      amount: { amount: '10.85', currency: 'USD' },
      hold: {},
    });
    // 60 points: 40 repay what the refund left owed, 20 stay, and expire.
    await hotel.earn({ memberId: guest, amount: { amount: '65.10', currency: 'USD' } });
    app.clock.advance(37 * 31 * 86_400_000);
    expect(await sweepExpiredPoints(app.deps)).toMatchObject({ holdsExpired: 1 });
    const events = (await feed({ member: guest })).body.data as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(events.map((event) => [event.type, event.data.points ?? null])).toEqual([
      ['member.enrolled', null],
      ['transaction.earned', 100],
      ['transaction.redeemed', 60],
      ['transaction.redemption_returned', 20],
      ['transaction.reversed', 100],
      ['transaction.held', 10],
      ['transaction.earned', 60],
      ['points.expired', 20],
      ['transaction.hold_expired', null],
    ]);
    // A full refund of 100 points, 60 of which were spent and 20 given back: 40 are owed.
    expect(events[4]?.data).toMatchObject({ pointsOwed: 40, originalTransactionId: earned.body.id });
    expect(events[8]?.data).toMatchObject({ transactionId: held.body.id });
  });

  test('each lot is announced once before it expires, however many sweeps run', async () => {
    const guest = await shop.enrol();
    await shop.earn({ memberId: guest, amount: { amount: '70.00', currency: 'EUR' } });
    app.clock.advance(34 * 31 * 86_400_000); // about 2 months before the 36-month expiry
    const [first, second] = await Promise.all([sendExpiryNotices(app.deps), sendExpiryNotices(app.deps)]);
    expect((first ?? 0) + (second ?? 0)).toBe(1);
    expect(await sendExpiryNotices(app.deps)).toBe(0);
    const notices = (await feed({ member: guest }, '?types=points.expiring')).body.data;
    expect(notices).toEqual([
      expect.objectContaining({
        type: 'points.expiring',
        data: expect.objectContaining({ memberId: guest, points: 70, expiresAt: '2029-11-23T09:00:00.000Z' }),
      }),
    ]);
  });

  test('settlement: the close, each statement, acknowledgement, dispute, resolution and payment', async () => {
    const guest = await hotel.enrol();
    await hotel.earn({ memberId: guest, amount: { amount: '108.50', currency: 'USD' } });
    const settlement = await closed(app);
    const settlementId = settlement.settlement.settlementId;
    const token = await hotel.token();
    for (let again = 0; again < 2; again += 1)
      await app.request('POST', `/v1/settlements/${settlementId}/acknowledge`, {
        token,
        idempotencyKey: newKey(),
      });
    const lines = await app.request('GET', `/v1/settlements/${settlementId}/lines`, { token });
    const dispute = await app.request('POST', `/v1/settlements/${settlementId}/disputes`, {
      token,
      idempotencyKey: newKey(),
      body: { transferIds: [lines.body.data[0].transferId], reason: 'Twice' },
    });
    await app.request('POST', `/v1/settlements/${settlementId}/disputes/${dispute.body.id}/resolution`, {
      token: await app.operatorToken(),
      body: { decision: 'reject', reason: 'Once' },
    });
    await app.request('POST', `/v1/settlements/${settlementId}/payments`, {
      token: await app.operatorToken(),
      body: { partnerId: hotel.partner.id, amount: { amount: '1.00', currency: 'USD' }, reference: 'SEPA-1' },
    });
    const hotelEvents = types(
      await feed(
        { partner: hotel },
        '?types=statement.available,statement.acknowledged,statement.disputed,dispute.resolved,payment.recorded',
      ),
    );
    expect(hotelEvents).toEqual([
      'statement.available',
      'statement.acknowledged',
      'statement.disputed',
      'dispute.resolved',
      'payment.recorded',
    ]);
    expect(types(await feed({ partner: shop }, '?types=statement.available'))).toEqual([
      'statement.available',
    ]);
    expect(types(await feed('operator', '?types=settlement.closed'))).toEqual(['settlement.closed']);
    expect(types(await feed({ partner: hotel }, '?types=settlement.closed'))).toEqual([]);
  });
});
