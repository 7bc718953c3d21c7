import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  callerMatrix,
  callerToken,
  ledgerSnapshot,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
let hotel: PartnerClient;
let memberId: string;
let holdId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
  // 434.00 / 1.0850 = 400 points held
  holdId = (await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} })).body.id;
});
afterEach(async () => {
  await app.close();
});

describe('POST /v1/transactions/{transactionId}/void', () => {
  test('voids a hold: nothing is credited, nothing stays pending', async () => {
    app.clock.advance(60_000);
    const before = await ledgerSnapshot(app);
    const response = await hotel.void(holdId);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: holdId,
      status: 'voided',
      points: 400,
      hold: { amountCaptured: null, pointsCaptured: null },
      resolvedAt: '2026-11-23T09:01:00.000Z',
    });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, pending: 0 });
    expect((await ledgerSnapshot(app)).transfers).toEqual(before.transfers);
  });
});

describe('POST /v1/transactions/{transactionId}/void refuses and writes nothing', () => {
  test.each([
    [
      'a voided hold',
      async () => {
        await hotel.void(holdId);
        return holdId;
      },
      409,
      'hold_not_pending',
    ],
    [
      'a captured hold',
      async () => {
        await hotel.capture(holdId);
        return holdId;
      },
      409,
      'hold_not_pending',
    ],
    [
      'a posted earn',
      async () => (await hotel.earn({ memberId, amount: { amount: '10.00', currency: 'USD' } })).body.id,
      409,
      'hold_not_pending',
    ],
    [
      'an expired hold',
      async () => {
        app.clock.advance(30 * 86_400_000);
        return holdId;
      },
      409,
      'hold_expired',
    ],
    ['an unknown transaction', async () => 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 404, 'transaction_not_found'],
  ])('%s is %i %s', async (_name, prepare, status, code) => {
    const transactionId = await prepare();
    const before = await ledgerSnapshot(app);
    const response = await hotel.void(transactionId);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test("another partner's hold is 404 and stays pending", async () => {
    const bistro = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    const before = await ledgerSnapshot(app);
    const response = await bistro.void(holdId);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('transaction_not_found');
    expect(await ledgerSnapshot(app)).toEqual(before);
    expect((await hotel.balance(memberId)).pending).toBe(400);
  });
});

describe('POST /v1/transactions/{transactionId}/void is for partners only', () => {
  test.each(callerMatrix('partner'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const before = await ledgerSnapshot(app);
    const response = await app.request('POST', `/v1/transactions/${holdId}/void`, {
      token,
      idempotencyKey: newKey(),
    });
    if (allowed) {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});
