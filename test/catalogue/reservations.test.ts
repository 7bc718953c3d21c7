import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sweepLapsedReservations } from '../../src/catalogue/resolve.js';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import {
  accountBalance,
  expectLedgerInvariants,
  expectTransactionInvariants,
  ledgerSnapshot,
  newKey,
  type PartnerClient,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import {
  approvedItem,
  cancel,
  catalogueCoalition,
  DAY_MS,
  earn,
  fulfil,
  itemRow,
  lotsOf,
  memberWithPoints,
  reserve,
} from './fixtures.js';

/**
 * Reserve, fulfil or release: a reservation holds an item's price in points (first-expiring-first)
 * and a seat; the fulfiller confirms (points captured, owed the settlement price) or someone cancels,
 * or it lapses (points back into the very lots, with their expiry; the seat freed).
 */
let app: TestApp;
let shop: PartnerClient;
let hotel: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  ({ shop, hotel } = await catalogueCoalition(app));
});
afterEach(async () => {
  await app.close();
});

describe('reserving', () => {
  test('holds the price from the lots expiring first and takes a seat', async () => {
    const memberId = await memberWithPoints(shop, 2000);
    app.clock.advance(30 * DAY_MS);
    await earn(shop, memberId, 2500);
    const item = await approvedItem(app, shop);
    const before = await lotsOf(app, memberId);

    const response = await reserve(app, memberId, { itemId: item.id });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ itemId: item.id, memberId, points: 3000, status: 'reserved' });
    expect(await lotsOf(app, memberId)).toEqual([
      { ...before[0], points: 0 },
      { ...before[1], points: 1500 },
    ]);
    expect(await itemRow(app, item.id)).toEqual({ stock: 10, reserved: 1 });
    expect(await accountBalance(app, 'network:reservations')).toBe(3000);
    expect(await shop.balance(memberId)).toMatchObject({ available: 1500 });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('a member who cannot afford it, or an item not approved, reserves nothing', async () => {
    const poor = await memberWithPoints(shop, 100);
    const item = await approvedItem(app, shop);
    const before = await ledgerSnapshot(app);
    const refused = await reserve(app, poor, { itemId: item.id });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('insufficient_points');
    const pending = await app.request('POST', '/v1/catalogue/items', {
      token: await shop.token(),
      body: { ...(await import('./fixtures.js')).itemBody(), title: 'Not yet approved' },
      idempotencyKey: 'pending-item',
    });
    const notListed = await reserve(app, poor, { itemId: pending.body.id });
    expect(notListed.body.code).toBe('item_not_found');
    expect(await itemRow(app, item.id)).toEqual({ stock: 10, reserved: 0 });
    const after = await ledgerSnapshot(app);
    expect(after.transfers).toEqual(before.transfers);
    expect(after.lots).toEqual(before.lots);
  });
});

describe('fulfilling', () => {
  test("captures the held points: the fulfiller is owed the item's settlement price exactly", async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const item = await approvedItem(app, shop);
    const reserved = await reserve(app, memberId, { itemId: item.id });
    const response = await fulfil(app, shop, reserved.body.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'fulfilled', resolvedBy: 'partner' });
    expect(await accountBalance(app, 'network:reservations')).toBe(0);
    expect(await accountBalance(app, `redemption:${shop.partner.id}`)).toBe(3000);
    const [capture] = (await app.deps.db.all(
      sql`SELECT kind, points, unit_price AS unitPrice, partner_id AS partnerId FROM transfers WHERE kind = 'catalogue_capture'`,
    )) as Record<string, unknown>[];
    // 40.00 EUR for 3,000 points: 1/75 EUR a point, recorded exactly.
    expect(capture).toEqual({
      kind: 'catalogue_capture',
      points: 3000,
      unitPrice: '1/75',
      partnerId: shop.partner.id,
    });
    expect(await itemRow(app, item.id)).toEqual({ stock: 10, reserved: 1 });
    const again = await fulfil(app, shop, reserved.body.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('reservation_not_reserved');
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    await expectEventsReplayTheLedger(app);
  });

  test('another partner cannot confirm or cancel it: it is not found', async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const item = await approvedItem(app, shop);
    const reserved = await reserve(app, memberId, { itemId: item.id });
    expect((await fulfil(app, hotel, reserved.body.id)).body.code).toBe('reservation_not_found');
    expect((await cancel(app, hotel, reserved.body.id)).body.code).toBe('reservation_not_found');
  });
});

describe('cancelling and lapsing', () => {
  test('a cancellation puts the points back into the very lots they came from, with their expiry', async () => {
    const memberId = await memberWithPoints(shop, 1000);
    app.clock.advance(10 * DAY_MS);
    await earn(shop, memberId, 1000);
    app.clock.advance(10 * DAY_MS);
    await earn(shop, memberId, 1500);
    const item = await approvedItem(app, shop);
    const before = await lotsOf(app, memberId);
    const reserved = await reserve(app, memberId, { itemId: item.id });
    expect((await lotsOf(app, memberId)).map((lot) => lot.points)).toEqual([0, 0, 500]);

    const response = await cancel(app, shop, reserved.body.id);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'cancelled', resolvedBy: 'partner' });
    expect(await lotsOf(app, memberId)).toEqual(before);
    expect(await itemRow(app, item.id)).toEqual({ stock: 10, reserved: 0 });
    expect(await accountBalance(app, 'network:reservations')).toBe(0);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    await expectEventsReplayTheLedger(app);
  });

  test('the member may cancel their own reservation', async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const item = await approvedItem(app, shop);
    const reserved = await reserve(app, memberId, { itemId: item.id });
    const response = await app.request('POST', `/v1/reservations/${reserved.body.id}/cancellation`, {
      token: await app.memberToken(memberId),
      idempotencyKey: newKey('cancel'),
    });
    expect(response.body).toMatchObject({ status: 'cancelled', resolvedBy: 'member' });
    expect(await shop.balance(memberId)).toMatchObject({ available: 3000 });
  });

  test('an unconfirmed reservation lapses after RESERVATION_LAPSE_HOURS, by the sweep, once', async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const item = await approvedItem(app, shop);
    const before = await lotsOf(app, memberId);
    const reserved = await reserve(app, memberId, { itemId: item.id });
    app.clock.advance(71 * 3_600_000);
    expect(await sweepLapsedReservations(app.deps)).toBe(0);
    app.clock.advance(1 * 3_600_000);
    expect(await sweepLapsedReservations(app.deps)).toBe(1);
    expect(await sweepLapsedReservations(app.deps)).toBe(0);
    expect(await lotsOf(app, memberId)).toEqual(before);
    const late = await fulfil(app, shop, reserved.body.id);
    expect(late.body).toMatchObject({ code: 'reservation_not_reserved', reservationStatus: 'lapsed' });
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
    await expectEventsReplayTheLedger(app);
  });
});
