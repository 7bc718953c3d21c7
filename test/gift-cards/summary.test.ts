import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { catalogueCoalition, giftCardsFor, memberWithPoints, spendCard } from '../catalogue/fixtures.js';
import { closed } from '../settlement/support.js';
import { newKey, type PartnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * The operator's network summary carries gift cards: what they bought at partners (to date, through
 * the last close, and in the open period), exact in the cards' currencies, and the liability now.
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

const summary = async () =>
  (await app.request('GET', '/v1/network/summary', { token: await app.operatorToken() })).body;

describe('GET /v1/network/summary, gift cards', () => {
  test('before any card, no payments and no liability', async () => {
    const body = await summary();
    expect(body.giftCardPayments).toEqual({ toDate: [], settled: [], openPeriod: [] });
    expect(body.giftCardLiability).toMatchObject({ currencies: [] });
  });

  test('payments settled and open, and the liability per currency, to the cent', async () => {
    const berliner = await memberWithPoints(shop, 3000);
    const sanDiegan = await memberWithPoints(hotel, 3000);
    const { cards } = await giftCardsFor(app, [berliner, sanDiegan]);
    const euroCard = cards[berliner]?.code ?? '';
    const dollarCard = cards[sanDiegan]?.code ?? '';
    expect((await spendCard(app, shop, euroCard, '12.50', 'EUR')).status).toBe(201);
    const atHotel = await spendCard(app, hotel, euroCard, '10.00', 'EUR');
    const refund = await app.request('POST', `/v1/gift-cards/payments/${atHotel.body.id}/refunds`, {
      token: await hotel.token(),
      body: { amount: { amount: '4.00', currency: 'EUR' } },
      idempotencyKey: newKey('refund'),
    });
    expect(refund.status).toBe(201);
    const settlement = await closed(app);
    // After the close: a USD card spent at the Berlin shop, waiting for the next close.
    expect((await spendCard(app, shop, dollarCard, '5.00', 'USD')).status).toBe(201);

    const body = await summary();

    const euros = {
      currency: 'EUR',
      payments: 2,
      refunds: 1,
      spent: { amount: '22.50', currency: 'EUR' },
      refunded: { amount: '4.00', currency: 'EUR' },
      net: { amount: '18.50', currency: 'EUR' },
    };
    const dollars = {
      currency: 'USD',
      payments: 1,
      refunds: 0,
      spent: { amount: '5.00', currency: 'USD' },
      refunded: { amount: '0.00', currency: 'USD' },
      net: { amount: '5.00', currency: 'USD' },
    };
    expect(body.giftCardPayments).toEqual({
      toDate: [euros, dollars],
      settled: [euros],
      openPeriod: [dollars],
    });
    // The close paid the settled euros at its snapshot: EUR is the reference currency, so 18.50 exactly.
    expect(settlement.settlement.netting.giftCardPaymentsExact).toBe('18.5');
    expect(body.giftCardLiability.currencies).toEqual([
      {
        currency: 'EUR',
        cards: 1,
        points: 3000,
        issued: { amount: '30.00', currency: 'EUR' },
        spent: { amount: '22.50', currency: 'EUR' },
        refunded: { amount: '4.00', currency: 'EUR' },
        outstanding: { amount: '11.50', currency: 'EUR' },
        expired: { amount: '0.00', currency: 'EUR' },
      },
      {
        currency: 'USD',
        cards: 1,
        points: 3000,
        issued: { amount: '32.55', currency: 'USD' },
        spent: { amount: '5.00', currency: 'USD' },
        refunded: { amount: '0.00', currency: 'USD' },
        outstanding: { amount: '27.55', currency: 'USD' },
        expired: { amount: '0.00', currency: 'USD' },
      },
    ]);
    // 11.50 EUR + 27.55 USD at 1.0850: 11.50 + 25.391705… EUR.
    expect(body.giftCardLiability.outstandingReference.amount).toEqual({ amount: '36.89', currency: 'EUR' });
  });
});
