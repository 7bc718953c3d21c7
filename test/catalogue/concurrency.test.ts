import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sweepLapsedReservations } from '../../src/catalogue/resolve.js';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import {
  accountBalance,
  expectLedgerInvariants,
  expectTransactionInvariants,
  interleaveDatabaseCalls,
  newKey,
  type PartnerClient,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import {
  approvedItem,
  cancel,
  catalogueCoalition,
  fulfil,
  itemRow,
  lotsOf,
  memberWithPoints,
  reserve,
} from './fixtures.js';

/**
 * Stock is never oversold and a reservation is resolved exactly once, whatever runs at the same time:
 * the database calls are interleaved as a networked database's would be, so every request reads the
 * same rows and plans on them, and the guards inside each batch decide.
 */
let app: TestApp;
let shop: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  ({ shop } = await catalogueCoalition(app));
});
afterEach(async () => {
  await app.close();
});

describe('stock', () => {
  test('100 concurrent reservations for 10 seats reserve exactly 10, and hold points exactly for those', async () => {
    const item = await approvedItem(app, shop, { stock: 10, pointsPrice: 3000 });
    const members: string[] = [];
    for (let index = 0; index < 100; index += 1) members.push(await memberWithPoints(shop, 3000));
    interleaveDatabaseCalls(app);

    const responses = await Promise.all(
      members.map((memberId) => reserve(app, memberId, { itemId: item.id })),
    );

    const reserved = responses.filter((response) => response.status === 201);
    expect(reserved).toHaveLength(10);
    for (const refused of responses.filter((response) => response.status !== 201))
      expect(['sold_out', 'write_conflict']).toContain(refused.body.code);
    expect(await itemRow(app, item.id)).toEqual({ stock: 10, reserved: 10 });
    expect(await accountBalance(app, 'network:reservations')).toBe(10 * 3000);
    const winners = new Set(reserved.map((response) => response.body.memberId as string));
    for (const memberId of members) {
      const available = (await shop.balance(memberId)).available;
      expect(available, memberId).toBe(winners.has(memberId) ? 0 : 3000);
    }
    const [holds] = (await app.deps.db.all(
      sql`SELECT COUNT(*) AS transfers, SUM(points) AS points FROM transfers WHERE kind = 'catalogue_hold'`,
    )) as { transfers: number; points: number }[];
    expect(holds).toEqual({ transfers: 10, points: 30_000 });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    await expectEventsReplayTheLedger(app);
  });
});

describe('resolving exactly once', () => {
  test('confirmations, cancellations and the lapse sweep racing: one wins, its effect happens once', async () => {
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 6; round += 1) {
      const memberId = await memberWithPoints(shop, 3000);
      const item = await approvedItem(app, shop, { stock: 1 });
      const before = await lotsOf(app, memberId);
      const reserved = await reserve(app, memberId, { itemId: item.id });
      app.clock.advance(72 * 3_600_000);
      interleaveDatabaseCalls(app);
      const racers = [
        fulfil(app, shop, reserved.body.id),
        cancel(app, shop, reserved.body.id),
        fulfil(app, shop, reserved.body.id),
        app.request('POST', `/v1/reservations/${reserved.body.id}/cancellation`, {
          token: await app.memberToken(memberId),
          idempotencyKey: newKey('cancel'),
        }),
        sweepLapsedReservations(app.deps),
      ];
      const [first, second, third, fourth, lapsed] = await Promise.all(racers);
      const responses = [first, second, third, fourth] as {
        status: number;
        body: { status?: string; code?: string };
      }[];
      const wins = responses.filter((response) => response.status === 200).length + (lapsed as number);
      expect(wins, `round ${round}`).toBe(1);
      for (const response of responses.filter((candidate) => candidate.status !== 200))
        expect(['reservation_not_reserved', 'write_conflict']).toContain(response.body.code);
      const [row] = (await app.deps.db.all(
        sql`SELECT status FROM reservations WHERE id = ${reserved.body.id}`,
      )) as { status: string }[];
      const status = row?.status ?? '';
      outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
      if (status === 'fulfilled') {
        expect(await lotsOf(app, memberId)).toEqual(before.map((lot) => ({ ...lot, points: 0 })));
        expect(await itemRow(app, item.id)).toEqual({ stock: 1, reserved: 1 });
      } else {
        expect(await lotsOf(app, memberId)).toEqual(before);
        expect(await itemRow(app, item.id)).toEqual({ stock: 1, reserved: 0 });
      }
      expect(await accountBalance(app, 'network:reservations')).toBe(0);
      await app.close();
      app = await TestApp.create();
      ({ shop } = await catalogueCoalition(app));
    }
    expect([...outcomes.values()].reduce((total, count) => total + count, 0)).toBe(6);
  });

  test('after the race the ledger, the transactions and the events agree', async () => {
    const memberId = await memberWithPoints(shop, 6000);
    const item = await approvedItem(app, shop, { stock: 2 });
    const first = await reserve(app, memberId, { itemId: item.id });
    const second = await reserve(app, memberId, { itemId: item.id });
    interleaveDatabaseCalls(app);
    await Promise.all([
      fulfil(app, shop, first.body.id),
      cancel(app, shop, first.body.id),
      cancel(app, shop, second.body.id),
      fulfil(app, shop, second.body.id),
    ]);
    const captured = await accountBalance(app, `redemption:${shop.partner.id}`);
    const back = (await shop.balance(memberId)).available;
    expect(captured + back).toBe(6000);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    await expectEventsReplayTheLedger(app);
  });
});
