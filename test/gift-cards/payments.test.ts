import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { catalogueCoalition, giftCardsFor, memberWithPoints, spendCard } from '../catalogue/fixtures.js';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import {
  expectLedgerInvariants,
  interleaveDatabaseCalls,
  newKey,
  type PartnerClient,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * Coalition gift cards are money at any partner: a balance in one currency, spent and refunded by
 * partners, never below zero; their codes are shown once, kept hashed, and guessing them is limited.
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

const balanceOf = async (partner: PartnerClient, code: string) =>
  app.request('POST', '/v1/gift-cards/balance', { token: await partner.token(), body: { code } });

describe('a gift card', () => {
  test("is worth the member's points at the point value, in the home currency", async () => {
    const berliner = await memberWithPoints(shop, 3000);
    const sanDiegan = await memberWithPoints(hotel, 3000);
    const { cards } = await giftCardsFor(app, [berliner, sanDiegan]);
    expect((await balanceOf(shop, cards[berliner]?.code ?? '')).body.balance).toEqual({
      amount: '30.00',
      currency: 'EUR',
    });
    // 30.00 EUR at 1.0850: 32.55 USD.
    expect((await balanceOf(shop, cards[sanDiegan]?.code ?? '')).body.balance).toEqual({
      amount: '32.55',
      currency: 'USD',
    });
    expect(await shop.balance(berliner)).toMatchObject({ available: 0 });
    await expectLedgerInvariants(app);
    await expectEventsReplayTheLedger(app);
  });

  test('is spent across two partners in two currencies, and refunded onto the card', async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const { cards } = await giftCardsFor(app, [memberId]);
    const code = cards[memberId]?.code ?? '';
    const atShop = await spendCard(app, shop, code, '12.50', 'EUR');
    expect(atShop.status).toBe(201);
    expect(atShop.body).toMatchObject({ kind: 'spend', balance: { amount: '17.50', currency: 'EUR' } });
    // The San Diego hotel takes the EUR card; it is paid in USD when the period closes.
    const atHotel = await spendCard(app, hotel, code.toLowerCase().replaceAll('-', ' '), '10.00', 'EUR');
    expect(atHotel.body.balance).toEqual({ amount: '7.50', currency: 'EUR' });
    const refund = await app.request('POST', `/v1/gift-cards/payments/${atHotel.body.id}/refunds`, {
      token: await hotel.token(),
      body: { amount: { amount: '4.00', currency: 'EUR' } },
      idempotencyKey: newKey('refund'),
    });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({
      kind: 'refund',
      spendId: atHotel.body.id,
      balance: { amount: '11.50' },
    });
    const tooMuch = await app.request('POST', `/v1/gift-cards/payments/${atHotel.body.id}/refunds`, {
      token: await hotel.token(),
      body: { amount: { amount: '6.01', currency: 'EUR' } },
      idempotencyKey: newKey('refund'),
    });
    expect(tooMuch.body.code).toBe('refund_exceeds_spend');
    const notYours = await app.request('POST', `/v1/gift-cards/payments/${atHotel.body.id}/refunds`, {
      token: await shop.token(),
      body: { amount: { amount: '1.00', currency: 'EUR' } },
      idempotencyKey: newKey('refund'),
    });
    expect(notYours.body.code).toBe('gift_card_spend_not_found');
    const overdraw = await spendCard(app, shop, code, '11.51', 'EUR');
    expect(overdraw.body.code).toBe('gift_card_balance_exceeded');
    const wrongCurrency = await spendCard(app, hotel, code, '1.00', 'USD');
    expect(wrongCurrency.body.code).toBe('currency_mismatch');
    expect((await balanceOf(shop, code)).body.balance).toEqual({ amount: '11.50', currency: 'EUR' });
  });

  test('a new code replaces the old one, which stops working; only its hash is kept', async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const { cards } = await giftCardsFor(app, [memberId]);
    const card = cards[memberId];
    const again = await app.request('POST', `/v1/me/gift-cards/${card?.id}/code`, {
      token: await app.memberToken(memberId),
    });
    expect(again.body.code).not.toBe(card?.code);
    expect((await balanceOf(shop, card?.code ?? '')).body.code).toBe('gift_card_not_found');
    expect((await balanceOf(shop, again.body.code)).status).toBe(200);
    const stored = JSON.stringify(
      await app.deps.db.all((await import('drizzle-orm')).sql`SELECT * FROM gift_cards`),
    );
    expect(stored).not.toContain(again.body.code.replaceAll('-', ''));
    const other = await memberWithPoints(shop, 10);
    const stranger = await app.request('POST', `/v1/me/gift-cards/${card?.id}/code`, {
      token: await app.memberToken(other),
    });
    expect(stranger.body.code).toBe('gift_card_not_found');
  });

  test('guessed codes are refused, and past the limit every look-up of that partner waits for the next hour', async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const { cards } = await giftCardsFor(app, [memberId]);
    const code = cards[memberId]?.code ?? '';
    for (let guess = 0; guess < 10; guess += 1) {
      const refused = await balanceOf(hotel, `AAAA-BBBB-CCCC-DDDD-${String(guess).padStart(4, '0')}`);
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('gift_card_not_found');
    }
    const limited = await balanceOf(hotel, code);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('gift_card_guesses_exceeded');
    const spendLimited = await spendCard(app, hotel, code, '1.00', 'EUR');
    expect(spendLimited.body.code).toBe('gift_card_guesses_exceeded');
    // Another partner is not held back by this one's guesses.
    expect((await balanceOf(shop, code)).status).toBe(200);
    app.clock.advance(3_600_000);
    expect((await balanceOf(hotel, code)).status).toBe(200);
  });

  test('concurrent spends never take the balance below zero', async () => {
    const memberId = await memberWithPoints(shop, 3000);
    const { cards } = await giftCardsFor(app, [memberId]);
    const code = cards[memberId]?.code ?? '';
    interleaveDatabaseCalls(app);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        spendCard(app, index % 2 === 0 ? shop : hotel, code, '5.00', 'EUR'),
      ),
    );
    const paid = responses.filter((response) => response.status === 201);
    expect(paid).toHaveLength(6);
    for (const refused of responses.filter((response) => response.status !== 201))
      expect(['gift_card_balance_exceeded', 'write_conflict']).toContain(refused.body.code);
    expect((await balanceOf(shop, code)).body.balance).toEqual({ amount: '0.00', currency: 'EUR' });
  });
});
