import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { add, divide, rational, subtract } from '../../src/domain/rational.js';
import { exactDecimal, storedDecimal } from '../../src/domain/settlement/amounts.js';
import { closed, statementIn } from '../settlement/support.js';
import { newKey, type PartnerClient } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import {
  approvedItem,
  catalogueCoalition,
  fulfil,
  giftCardsFor,
  memberWithPoints,
  reserve,
  spendCard,
} from './fixtures.js';

/**
 * The catalogue and gift cards on the partners' statements: the fulfiller is owed the item's
 * settlement price; each accepting partner is owed what gift cards bought at it, in its own
 * currency at the close's snapshot; the network's margin carries both, and the nets add up.
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

const cents = (money: { amount: string }) => Math.round(Number(money.amount) * 100);

describe('a period with a fulfilled reservation and gift cards spent at two partners', () => {
  test('pays the fulfiller the settlement price and the accepting partners what the cards bought', async () => {
    const traveller = await memberWithPoints(shop, 3000);
    const item = await approvedItem(app, shop);
    const reserved = await reserve(app, traveller, { itemId: item.id });
    expect((await fulfil(app, shop, reserved.body.id)).status).toBe(200);

    const berliner = await memberWithPoints(shop, 3000);
    const sanDiegan = await memberWithPoints(hotel, 3000);
    const { cards } = await giftCardsFor(app, [berliner, sanDiegan]);
    const euroCard = cards[berliner]?.code ?? '';
    const dollarCard = cards[sanDiegan]?.code ?? '';
    expect((await spendCard(app, shop, euroCard, '12.50', 'EUR')).status).toBe(201);
    const atHotel = await spendCard(app, hotel, euroCard, '10.00', 'EUR');
    expect(atHotel.status).toBe(201);
    const refund = await app.request('POST', `/v1/gift-cards/payments/${atHotel.body.id}/refunds`, {
      token: await hotel.token(),
      body: { amount: { amount: '4.00', currency: 'EUR' } },
      idempotencyKey: newKey('refund'),
    });
    expect(refund.status).toBe(201);
    // The Munich shop takes the San Diego member's USD card.
    expect((await spendCard(app, shop, dollarCard, '20.00', 'USD')).status).toBe(201);

    const settlement = await closed(app);
    const atShop = statementIn(settlement, shop.partner.id);
    const atHotelStatement = statementIn(settlement, hotel.partner.id);

    // 3,000 points captured at 1/75 EUR: the item's 40.00 EUR settlement price, exactly.
    expect(atShop.lines).toContainEqual({
      kind: 'catalogue_capture',
      unitPrice: '1/75',
      points: 3000,
      transfers: 1,
      amountExact: '-40',
    });
    expect(atShop.settlement.reimbursement).toEqual({ amount: '40.00', currency: 'EUR' });
    // 20.00 USD at 1.0850 is 4000/217 EUR, shown exactly; with 12.50 EUR it rounds to 30.93 EUR.
    expect(atShop.giftCards).toEqual([
      {
        currency: 'EUR',
        spent: { amount: '12.50', currency: 'EUR' },
        refunded: { amount: '0.00', currency: 'EUR' },
        payments: 1,
        refunds: 0,
        amountReferenceExact: '12.5',
      },
      {
        currency: 'USD',
        spent: { amount: '20.00', currency: 'USD' },
        refunded: { amount: '0.00', currency: 'USD' },
        payments: 1,
        refunds: 0,
        amountReferenceExact: '4000/217',
      },
    ]);
    expect(atShop.settlement.giftCardPayments).toEqual({ amount: '30.93', currency: 'EUR' });
    // The hotel settles in USD: 6.00 EUR net of the refund, at 1.0850, is 6.51 USD.
    expect(atHotelStatement.giftCards).toEqual([
      {
        currency: 'EUR',
        spent: { amount: '10.00', currency: 'EUR' },
        refunded: { amount: '4.00', currency: 'EUR' },
        payments: 1,
        refunds: 1,
        amountReferenceExact: '6',
      },
    ]);
    expect(atHotelStatement.settlement.giftCardPayments).toEqual({ amount: '6.51', currency: 'USD' });

    for (const statement of [atShop, atHotelStatement]) {
      for (const side of [statement.reference, statement.settlement]) {
        expect(cents(side.net)).toBe(
          cents(side.issuanceFee) -
            cents(side.reimbursement) -
            cents(side.giftCardPayments ?? { amount: '0' }) +
            cents(side.adjustments),
        );
      }
    }
    const giftCardsExact = add(
      add(rational(25n, 2n), divide(rational(20n), storedDecimal('1.085', 'rate'))),
      rational(6n),
    );
    const netting = settlement.settlement.netting;
    expect(netting.giftCardPaymentsExact).toBe(exactDecimal(giftCardsExact));
    // The partners' rounded nets and the network's margin add up to zero, the residue shown.
    const margin = storedDecimal(netting.marginExact, 'margin');
    const sumOfNets = storedDecimal(netting.sumOfNets.amount, 'sum of nets');
    expect(netting.roundingResidue).toBe(exactDecimal(subtract(sumOfNets, margin)));
    expect(cents(netting.sumOfNets)).toBe(
      cents(atShop.reference.net) + cents(atHotelStatement.reference.net),
    );
    // The CSV carries the gift card lines and their total, so it adds up as the JSON does.
    const csv = await app.request('GET', `/v1/settlements/${settlement.settlement.settlementId}.csv`, {
      token: await shop.token(),
    });
    expect(csv.body).toContain('gift_cards,USD,,,4000/217,,,');
    expect(csv.body).toContain('total,giftCardPayments,,,,30.93,EUR,30.93');
  });

  test('a period in which only gift cards moved is still closed, and then nothing is left', async () => {
    const berliner = await memberWithPoints(shop, 3000);
    const { cards } = await giftCardsFor(app, [berliner]);
    await closed(app);
    expect((await spendCard(app, hotel, cards[berliner]?.code ?? '', '5.00', 'EUR')).status).toBe(201);
    const second = await closed(app);
    expect(statementIn(second, hotel.partner.id).settlement.giftCardPayments).toEqual({
      amount: '5.42',
      currency: 'USD',
    });
    const again = await app.request('POST', '/v1/settlements', {
      token: await app.operatorToken(),
      body: {},
    });
    expect(again.status).toBe(200);
  });
});
