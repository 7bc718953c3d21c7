import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  expectLedgerInvariants,
  interleaveDatabaseCalls,
  ledgerSnapshot,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * Every partner write carries an Idempotency-Key. Same partner + key + body: the original
 * response, byte for byte, and nothing written. Same key, another request: 422. Concurrent
 * duplicates post exactly once.
 */
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

/** The raw response, to compare bodies byte for byte. */
async function send(
  method: string,
  path: string,
  body: unknown,
  idempotencyKey?: string,
  partner: PartnerClient = hotel,
) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${await partner.token()}`,
    'content-type': 'application/json',
  };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const response = await app.app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    text: await response.text(),
  };
}

/** Each partner write, prepared on a member with 200 points and a pending hold. */
async function writes() {
  const earned = await hotel.earn({ memberId, amount: { amount: '217.00', currency: 'USD' } });
  const held = await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' }, hold: {} });
  const redeemed = await hotel.redeem({ memberId, points: 10 });
  return {
    earn: {
      method: 'POST',
      path: '/v1/earn',
      body: { memberId, amount: { amount: '10.85', currency: 'USD' } },
      status: 201,
    },
    redeem: { method: 'POST', path: '/v1/redeem', body: { memberId, points: 5 }, status: 201 },
    capture: {
      method: 'POST',
      path: `/v1/transactions/${held.body.id}/capture`,
      body: { amount: { amount: '54.25', currency: 'USD' } },
      status: 200,
    },
    void: { method: 'POST', path: `/v1/transactions/${held.body.id}/void`, body: undefined, status: 200 },
    refund: {
      method: 'POST',
      path: `/v1/transactions/${earned.body.id}/reversals`,
      body: { amount: { amount: '21.70', currency: 'USD' } },
      status: 201,
    },
    return: {
      method: 'POST',
      path: `/v1/transactions/${redeemed.body.id}/reversals`,
      body: { points: 4 },
      status: 201,
    },
    enrol: { method: 'POST', path: '/v1/members', body: { externalReference: 'CARD-1' }, status: 201 },
  };
}
const WRITES = ['earn', 'redeem', 'capture', 'void', 'refund', 'return', 'enrol'] as const;

describe('a replay returns the original response and writes nothing', () => {
  test.each(WRITES)('%s', async (name) => {
    const write = (await writes())[name];
    const key = newKey(name);
    const first = await send(write.method, write.path, write.body, key);
    expect(first.status).toBe(write.status);
    expect(first.replayed).toBeNull();
    const before = await ledgerSnapshot(app);
    app.clock.advance(60_000);
    const replay = await send(write.method, write.path, write.body, key);
    expect(replay).toEqual({ status: write.status, replayed: 'true', text: first.text });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a replay long after, when the rates are stale and the balance has changed, still answers the original', async () => {
    const key = newKey();
    const body = { memberId, amount: { amount: '108.50', currency: 'USD' } };
    const first = await send('POST', '/v1/earn', body, key);
    await hotel.redeem({ memberId, points: 100 });
    app.clock.advance(400 * 86_400_000);
    const before = await ledgerSnapshot(app);
    const replay = await send('POST', '/v1/earn', body, key);
    expect(replay).toEqual({ status: 201, replayed: 'true', text: first.text });
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('the same body with its fields in another order is the same request', async () => {
    const key = newKey();
    const first = await send(
      'POST',
      '/v1/earn',
      { memberId, amount: { amount: '10.85', currency: 'USD' }, externalReference: 'r-1' },
      key,
    );
    const replay = await send(
      'POST',
      '/v1/earn',
      { externalReference: 'r-1', amount: { currency: 'USD', amount: '10.85' }, memberId },
      key,
    );
    expect(replay).toEqual({ status: 201, replayed: 'true', text: first.text });
  });
});

describe('the same key with another request is 422 idempotency_key_reused and writes nothing', () => {
  test.each([
    [
      'another amount',
      '/v1/earn',
      (member: string) => ({ memberId: member, amount: { amount: '10.86', currency: 'USD' } }),
    ],
    [
      'another member',
      '/v1/earn',
      () => ({ memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q', amount: { amount: '10.85', currency: 'USD' } }),
    ],
    [
      'an added field',
      '/v1/earn',
      (member: string) => ({
        memberId: member,
        amount: { amount: '10.85', currency: 'USD' },
        externalReference: 'r-2',
      }),
    ],
    ['another route', '/v1/redeem', (member: string) => ({ memberId: member, points: 1 })],
  ])('%s', async (_name, path, otherBody) => {
    const key = newKey();
    await send('POST', '/v1/earn', { memberId, amount: { amount: '10.85', currency: 'USD' } }, key);
    const before = await ledgerSnapshot(app);
    const reused = await app.request('POST', path, {
      token: await hotel.token(),
      body: otherBody(memberId),
      idempotencyKey: key,
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });
    expect(reused.body.detail).toContain(key);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('a refused request stores nothing: its retry with the same key is judged afresh', async () => {
    const key = newKey();
    const refused = await hotel.redeem({ memberId, points: 50 }, key);
    expect(refused.body.code).toBe('insufficient_points');
    await hotel.earn({ memberId, amount: { amount: '108.50', currency: 'USD' } });
    const retried = await hotel.redeem({ memberId, points: 50 }, key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('concurrent duplicates post exactly once', () => {
  // The duplicates all find no stored response and plan; only the key's primary key stops them.
  beforeEach(() => interleaveDatabaseCalls(app));

  test('20 concurrent duplicates of one earn: one transaction, one transfer, 20 identical bodies', async () => {
    const key = newKey();
    const body = { memberId, amount: { amount: '108.50', currency: 'USD' } };
    const before = await ledgerSnapshot(app);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => send('POST', '/v1/earn', body, key)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(new Set(responses.map((response) => response.text)).size).toBe(1);
    expect(responses.filter((response) => response.replayed === 'true')).toHaveLength(19);
    const after = await ledgerSnapshot(app);
    expect(after.transactions).toHaveLength(before.transactions.length + 1);
    expect(after.transfers).toHaveLength(before.transfers.length + 1);
    expect(after.idempotency).toHaveLength(before.idempotency.length + 1);
    // 108.50 / 1.0850 = 100 points, once
    expect((await hotel.balance(memberId)).available).toBe(100);
    await expectLedgerInvariants(app);
  });

  test('concurrent requests with one key and two bodies: one body wins, its twins replay it, the others are 422', async () => {
    const key = newKey();
    const bodies = [
      { memberId, amount: { amount: '10.85', currency: 'USD' } },
      { memberId, amount: { amount: '21.70', currency: 'USD' } },
    ];
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) => send('POST', '/v1/earn', bodies[index % 2], key)),
    );
    const winners = responses.filter((response) => response.status === 201);
    expect(new Set(winners.map((response) => response.text)).size).toBe(1);
    expect(winners).toHaveLength(5);
    for (const loser of responses.filter((response) => response.status !== 201)) {
      expect(loser.status).toBe(422);
      expect(JSON.parse(loser.text).code).toBe('idempotency_key_reused');
    }
    expect((await ledgerSnapshot(app)).transfers).toHaveLength(1);
  });
});

describe('the key is required, and scoped to the partner', () => {
  test.each(WRITES)(
    '%s without an Idempotency-Key is 400 idempotency_key_missing and writes nothing',
    async (name) => {
      const write = (await writes())[name];
      const before = await ledgerSnapshot(app);
      const response = await send(write.method, write.path, write.body);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toMatchObject({ code: 'idempotency_key_missing' });
      expect(await ledgerSnapshot(app)).toEqual(before);
    },
  );

  test.each([
    ['empty', '', 400, 'idempotency_key_missing'],
    ['with a space', 'order 1', 422, 'validation_failed'],
    ['256 characters long', 'k'.repeat(256), 422, 'validation_failed'],
  ])('a key that is %s is refused and nothing is written', async (_name, key, status, code) => {
    const before = await ledgerSnapshot(app);
    const response = await send(
      'POST',
      '/v1/earn',
      { memberId, amount: { amount: '10.85', currency: 'USD' } },
      key,
    );
    expect(response.status).toBe(status);
    expect(JSON.parse(response.text).code).toBe(code);
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('the same key at two partners is two operations', async () => {
    const bistro = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
      earnRate: '1',
    });
    const key = newKey();
    const body = { memberId, amount: { amount: '108.50', currency: 'USD' } };
    const atHotel = await send('POST', '/v1/earn', body, key, hotel);
    const atBistro = await send('POST', '/v1/earn', body, key, bistro);
    expect([atHotel.status, atBistro.status]).toEqual([201, 201]);
    expect(atBistro.replayed).toBeNull();
    expect(JSON.parse(atBistro.text).id).not.toBe(JSON.parse(atHotel.text).id);
    expect(JSON.parse(atBistro.text).partnerId).toBe(bistro.partner.id);
    expect((await hotel.balance(memberId)).available).toBe(200);
  });
});
