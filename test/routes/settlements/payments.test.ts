import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { settlementSnapshot } from '../../settlement/support.js';
import { TestApp } from '../../support/harness.js';
import { expectProblem, type SettledCoalition, settledCoalition } from './fixtures.js';

let app: TestApp;
let world: SettledCoalition;
beforeEach(async () => {
  app = await TestApp.create();
  world = await settledCoalition(app);
});
afterEach(async () => {
  await app.close();
});

async function pay(body: Record<string, unknown>) {
  return app.request('POST', `/v1/settlements/${world.settlementId}/payments`, {
    token: await app.operatorToken(),
    body,
  });
}

describe('POST /v1/settlements/{settlementId}/payments', () => {
  test('partial payments add up to the net and mark the statement paid', async () => {
    // The hotel owes 13.02 USD.
    const first = await pay({
      partnerId: world.hotel.partner.id,
      amount: { amount: '10.00', currency: 'USD' },
      reference: 'BANK-1',
      paidAt: '2026-11-24T00:00:00Z',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      paymentStatus: 'partially_paid',
      paid: { amount: '10.00' },
      outstanding: { amount: '3.02', currency: 'USD' },
    });
    const second = await pay({
      partnerId: world.hotel.partner.id,
      amount: { amount: '3.02', currency: 'USD' },
      reference: 'BANK-2',
    });
    expect(second.body).toMatchObject({
      paymentStatus: 'paid',
      outstanding: { amount: '0.00' },
      payments: [
        {
          reference: 'BANK-1',
          amount: { amount: '10.00', currency: 'USD' },
          paidAt: '2026-11-24T00:00:00.000Z',
        },
        { reference: 'BANK-2', amount: { amount: '3.02', currency: 'USD' } },
      ],
    });
  });

  test('a payment the network makes to a partner it owes (negative net) is recorded the same way', async () => {
    const response = await pay({
      partnerId: world.shop.partner.id,
      amount: { amount: '2.85', currency: 'EUR' },
      reference: 'SEPA-77',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      statement: { payment: { direction: 'network_pays' } },
      paymentStatus: 'paid',
    });
  });

  test('the same reference and amount again is 200 and records nothing; another amount is 409', async () => {
    await pay({
      partnerId: world.hotel.partner.id,
      amount: { amount: '5.00', currency: 'USD' },
      reference: 'BANK-1',
    });
    const before = await settlementSnapshot(app);
    const again = await pay({
      partnerId: world.hotel.partner.id,
      amount: { amount: '5.00', currency: 'USD' },
      reference: 'BANK-1',
    });
    expect(again.status).toBe(200);
    expect(again.body.payments).toHaveLength(1);
    expectProblem(
      await pay({
        partnerId: world.hotel.partner.id,
        amount: { amount: '6.00', currency: 'USD' },
        reference: 'BANK-1',
      }),
      409,
      'payment_reference_reused',
    );
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test.each([
    ['more than the net', { amount: { amount: '13.03', currency: 'USD' } }, 422, 'payment_exceeds_net'],
    ['another currency', { amount: { amount: '1.00', currency: 'EUR' } }, 422, 'currency_mismatch'],
    ['too many decimals', { amount: { amount: '1.001', currency: 'USD' } }, 422, 'too_many_decimals'],
    ['zero', { amount: { amount: '0.00', currency: 'USD' } }, 422, 'invalid_amount'],
  ])('%s is refused and records nothing', async (_name, change, status, code) => {
    const before = await settlementSnapshot(app);
    expectProblem(
      await pay({ partnerId: world.hotel.partner.id, reference: 'BANK-X', ...change }),
      status,
      code,
    );
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test('a statement with nothing due takes no payment', async () => {
    // The pharmacy issued nothing and is owed 100 x redeem rate: pay it fully, then once more.
    await pay({
      partnerId: world.pharmacy.partner.id,
      amount: { amount: '22.79', currency: 'CZK' },
      reference: 'CZ-1',
    });
    const before = await settlementSnapshot(app);
    expectProblem(
      await pay({
        partnerId: world.pharmacy.partner.id,
        amount: { amount: '0.01', currency: 'CZK' },
        reference: 'CZ-2',
      }),
      422,
      'payment_exceeds_net',
    );
    expect(await settlementSnapshot(app)).toEqual(before);
  });

  test('a partner without a statement in the settlement is 404', async () => {
    expectProblem(
      await pay({
        partnerId: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
        amount: { amount: '1.00', currency: 'USD' },
        reference: 'X',
      }),
      404,
      'settlement_not_found',
    );
  });
});
