import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { newKey, type PartnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import {
  approvedItem,
  catalogueCoalition,
  giftCardsFor,
  itemBody,
  memberWithPoints,
  reserve,
  spendCard,
} from './fixtures.js';

/**
 * What each principal reads: the member's wallet (the catalogue they may reserve, their
 * reservations, their yearly choices and gift cards), the partner's portal (its items, the
 * reservations it fulfils) and the operator's console (the approvals queue, a choice's outcomes,
 * the gift card liability).
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

const get = async (path: string, token: string) => app.request('GET', path, { token });

describe('the catalogue', () => {
  test('a member sees only approved items they are eligible for; the partner sees its own in every state', async () => {
    const berliner = await memberWithPoints(shop, 100);
    const forAll = await approvedItem(app, shop);
    const forAmericans = await approvedItem(app, hotel, {
      title: 'A night at the harbour',
      eligibility: { countries: ['US'] },
    });
    const pending = await app.request('POST', '/v1/catalogue/items', {
      token: await shop.token(),
      body: itemBody({ title: 'Not yet approved' }),
      idempotencyKey: newKey('item'),
    });
    expect(pending.status).toBe(201);

    const offers = await get('/v1/catalogue/items', await app.memberToken(berliner));
    expect(offers.body.view).toBe('member');
    expect(offers.body.data.map((item: { id: string }) => item.id)).toEqual([forAll.id]);

    const portal = await get('/v1/catalogue/items', await shop.token());
    expect(portal.body.data.map((item: { id: string }) => item.id).sort()).toEqual(
      [forAll.id, pending.body.id].sort(),
    );
    const queue = await get('/v1/catalogue/items?status=pending', await app.operatorToken());
    expect(queue.body.data.map((item: { id: string }) => item.id)).toEqual([pending.body.id]);
    const notHers = await get(`/v1/catalogue/items/${forAmericans.id}`, await shop.token());
    expect(notHers.status).toBe(404);
  });

  test('reservations: the member sees theirs, the fulfiller the ones it fulfils, no one else', async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const item = await approvedItem(app, shop);
    const reserved = await reserve(app, memberId, { itemId: item.id });
    expect(reserved.status).toBe(201);
    const mine = await get('/v1/reservations', await app.memberToken(memberId));
    expect(mine.body.data.map((row: { id: string }) => row.id)).toEqual([reserved.body.id]);
    const toFulfil = await get('/v1/reservations', await shop.token());
    expect(toFulfil.body.data.map((row: { id: string }) => row.id)).toEqual([reserved.body.id]);
    expect((await get('/v1/reservations', await hotel.token())).body.data).toEqual([]);
  });
});

describe('the yearly choice and gift cards', () => {
  test('each member sees their outcome and card; the operator the counts and the exact liability', async () => {
    const berliner = await memberWithPoints(shop, 3000);
    const sanDiegan = await memberWithPoints(hotel, 2000);
    const { selection, cards } = await giftCardsFor(app, [berliner, sanDiegan]);
    const euroCard = cards[berliner]?.code ?? '';
    expect((await spendCard(app, hotel, euroCard, '12.50', 'EUR')).status).toBe(201);

    const choices = await get('/v1/selections', await app.memberToken(berliner));
    expect(choices.body.data).toEqual([
      expect.objectContaining({
        id: selection.id,
        status: 'closed',
        outcome: 'gift_card',
        giftCardId: cards[berliner]?.id,
        pointsConverted: 3000,
      }),
    ]);
    const wallet = await get('/v1/me/gift-cards', await app.memberToken(berliner));
    expect(wallet.body.data).toEqual([
      expect.objectContaining({ id: cards[berliner]?.id, balance: { amount: '17.50', currency: 'EUR' } }),
    ]);

    const console = await get(`/v1/selections/${selection.id}`, await app.operatorToken());
    expect(console.body).toMatchObject({
      status: 'closed',
      members: { total: 2, undecided: 0, chose: 0, giftCard: 2, nothing: 0 },
    });
    const liability = await get('/v1/gift-cards/liability', await app.operatorToken());
    expect(liability.body.currencies).toEqual([
      {
        currency: 'EUR',
        cards: 1,
        points: 3000,
        issued: { amount: '30.00', currency: 'EUR' },
        spent: { amount: '12.50', currency: 'EUR' },
        refunded: { amount: '0.00', currency: 'EUR' },
        outstanding: { amount: '17.50', currency: 'EUR' },
        expired: { amount: '0.00', currency: 'EUR' },
      },
      {
        currency: 'USD',
        cards: 1,
        points: 2000,
        issued: { amount: '21.70', currency: 'USD' },
        spent: { amount: '0.00', currency: 'USD' },
        refunded: { amount: '0.00', currency: 'USD' },
        outstanding: { amount: '21.70', currency: 'USD' },
        expired: { amount: '0.00', currency: 'USD' },
      },
    ]);
    // 17.50 EUR + 21.70 USD / 1.0850 = 17.50 + 20 = 37.50 EUR.
    expect(liability.body.outstandingReference).toMatchObject({
      exact: '37.5',
      amount: { amount: '37.50', currency: 'EUR' },
    });
    for (const token of [await shop.token(), await app.memberToken(berliner)]) {
      const refused = await get('/v1/gift-cards/liability', token);
      expect({ status: refused.status, code: refused.body.code }).toEqual({
        status: 401,
        code: 'invalid_token',
      });
    }
  });
});
