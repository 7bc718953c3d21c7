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
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, {
    name: 'Harbor Hotel San Diego',
    settlementCurrency: 'USD',
    earnRate: '1',
  });
  memberId = await hotel.enrol();
});
afterEach(async () => {
  await app.close();
});

const NOW = '2026-11-23T09:00:00.000Z';

describe('POST /v1/earn', () => {
  test('posts an earn and answers the transaction', async () => {
    const response = await hotel.earn({
      memberId,
      amount: { amount: '100.00', currency: 'USD' },
      lines: [{ amount: '60.00', category: 'room' }, { amount: '40.00' }],
      externalReference: 'folio-88231',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^txn_[0-9A-Z]{26}$/),
      kind: 'earn',
      status: 'posted',
      partnerId: hotel.partner.id,
      memberId,
      externalReference: 'folio-88231',
      amount: { amount: '100.00', currency: 'USD' },
      // 100.00 / 1.0850 = 92.165... -> 92
      points: 92,
      pointsReversed: 0,
      amountReversed: { amount: '0.00', currency: 'USD' },
      fx: { snapshotId: expect.stringMatching(/^fx_/), rate: '1.0850' },
      earnRate: '1',
      hold: null,
      value: null,
      source: null,
      draws: null,
      pointsRepaid: 0,
      pointsOwed: 0,
      tierBonus: null,
      originalTransactionId: null,
      createdAt: NOW,
      resolvedAt: null,
    });
  });

  test('with `hold`, the points are pending; by default for 30 days', async () => {
    const response = await hotel.earn({ memberId, amount: { amount: '434.00', currency: 'USD' }, hold: {} });
    expect(response.status).toBe(201);
    // 434.00 / 1.0850 = 400 exactly
    expect(response.body).toMatchObject({
      status: 'pending',
      points: 400,
      hold: { expiresAt: '2026-12-23T09:00:00.000Z', amountCaptured: null, pointsCaptured: null },
    });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, pending: 400 });
    expect((await ledgerSnapshot(app)).transfers).toEqual([]);
  });

  test('a hold may expire at a given time, up to HOLD_MAX_DAYS (90) ahead', async () => {
    const response = await hotel.earn({
      memberId,
      amount: { amount: '434.00', currency: 'USD' },
      hold: { expiresAt: '2027-02-21T10:00:00+01:00' },
    });
    expect(response.status).toBe(201);
    expect(response.body.hold.expiresAt).toBe('2027-02-21T09:00:00.000Z');
  });
});

describe('POST /v1/earn refuses bad requests and writes nothing', () => {
  test.each([
    [
      'an unknown member',
      { memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q', amount: { amount: '10.00', currency: 'USD' } },
      404,
      'member_not_found',
    ],
    [
      'a currency that does not exist',
      { amount: { amount: '10.00', currency: 'XYZ' } },
      422,
      'unknown_currency',
    ],
    ['a lowercase currency', { amount: { amount: '10.00', currency: 'usd' } }, 422, 'validation_failed'],
    ['a zero amount', { amount: { amount: '0.00', currency: 'USD' } }, 422, 'invalid_amount'],
    ['a negative amount', { amount: { amount: '-10.00', currency: 'USD' } }, 422, 'validation_failed'],
    ['an amount as a number', { amount: { amount: 10, currency: 'USD' } }, 422, 'validation_failed'],
    [
      'an amount in exponent notation',
      { amount: { amount: '1e3', currency: 'USD' } },
      422,
      'validation_failed',
    ],
    [
      'lines that do not add up',
      { amount: { amount: '10.00', currency: 'USD' }, lines: [{ amount: '9.99' }] },
      422,
      'invalid_amount',
    ],
    [
      'an empty list of lines',
      { amount: { amount: '10.00', currency: 'USD' }, lines: [] },
      422,
      'validation_failed',
    ],
    [
      'an unknown field',
      { amount: { amount: '10.00', currency: 'USD' }, points: 5 },
      422,
      'validation_failed',
    ],
    ['no amount', {}, 422, 'validation_failed'],
    [
      'a hold expiring in the past',
      { amount: { amount: '10.00', currency: 'USD' }, hold: { expiresAt: '2026-11-23T08:59:59Z' } },
      422,
      'validation_failed',
    ],
    [
      'a hold of more than 90 days',
      { amount: { amount: '10.00', currency: 'USD' }, hold: { expiresAt: '2027-02-21T09:00:00.001Z' } },
      422,
      'validation_failed',
    ],
    [
      'a hold expiry that is no date',
      { amount: { amount: '10.00', currency: 'USD' }, hold: { expiresAt: 'soon' } },
      422,
      'validation_failed',
    ],
    [
      'a hold expiry of 30 February',
      { amount: { amount: '10.00', currency: 'USD' }, hold: { expiresAt: '2027-02-30T09:00:00Z' } },
      422,
      'validation_failed',
    ],
    [
      'a hold expiry without an offset (a local time)',
      { amount: { amount: '10.00', currency: 'USD' }, hold: { expiresAt: '2026-12-01T10:00:00' } },
      422,
      'validation_failed',
    ],
  ])('%s is %i %s', async (_name, body, status, code) => {
    const before = await ledgerSnapshot(app);
    const response = await hotel.earn({ memberId, ...body });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('malformed JSON is 400 malformed_json', async () => {
    const before = await ledgerSnapshot(app);
    const response = await app.request('POST', '/v1/earn', {
      token: await hotel.token(),
      idempotencyKey: newKey(),
      rawBody: '{"memberId":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});

describe('POST /v1/earn is for partners only', () => {
  test.each(callerMatrix('partner'))('$caller', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: hotel, memberId });
    const before = await ledgerSnapshot(app);
    const response = await app.request('POST', '/v1/earn', {
      token,
      body: { memberId, amount: { amount: '10.00', currency: 'USD' } },
      idempotencyKey: newKey(),
    });
    if (allowed) {
      expect(response.status).toBe(201);
      return;
    }
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });
});
