import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import { databaseFingerprint, expectProblem } from './support/checks.js';

/**
 * Promise 6: a partner asking for another partner's data, and a member asking for another
 * member's, gets exactly the answer a made-up id gets: same status, code, title, headers and
 * detail (but for the id it names), and nothing is written. By design (docs/DESIGN.md) any
 * partner may read any member's balance to redeem; it never sees their activity.
 */
let app: TestApp;
let hotel: PartnerClient;
let bistro: PartnerClient;
let xavier: string;
let yvonne: string;
let bistroEarn: string;
let bistroHold: string;
let bistroRedemption: string;
let yvonnePool: string;

const UNKNOWN = {
  txn: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  pool: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  mem: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
};

beforeAll(async () => {
  app = await TestApp.create({ environment: { RATE_LIMIT_PER_MINUTE: '0' } });
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'EUR' });
  bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
  });
  xavier = await hotel.enrol();
  yvonne = await bistro.enrol();
  await hotel.earn({ memberId: xavier, amount: { amount: '50.00', currency: 'EUR' } });
  bistroEarn = (await bistro.earn({ memberId: yvonne, amount: { amount: '80.00', currency: 'EUR' } })).body
    .id;
  bistroHold = (
    await bistro.earn({ memberId: yvonne, amount: { amount: '30.00', currency: 'EUR' }, hold: {} })
  ).body.id;
  bistroRedemption = (await bistro.redeem({ memberId: yvonne, points: 10 })).body.id;
  const pool = await app.request('POST', '/v1/pools', {
    token: await app.memberToken(yvonne),
    body: { kind: 'household', name: 'The Novaks' },
  });
  yvonnePool = pool.body.id;
});
afterAll(async () => {
  await app.close();
});

/** The answer with the id it names replaced, the request id dropped, and the header names. */
function normalized(response: TestResponse, id: string) {
  const { requestId: _requestId, ...body } = response.body as Record<string, unknown>;
  const text = JSON.stringify(body).split(id).join('<id>');
  const headers = [...response.headers.keys()].sort();
  return {
    status: response.status,
    body: JSON.parse(text) as unknown,
    headers,
    contentType: response.headers.get('content-type'),
  };
}

/** "Exists but not yours" must be indistinguishable from "does not exist", and write nothing. */
async function expectSameAsMissing(
  ask: (id: string) => Promise<TestResponse>,
  theirs: string,
  missing: string,
  status: number,
  code: string,
) {
  const before = await databaseFingerprint(app.deps.db);
  const notYours = await ask(theirs);
  const absent = await ask(missing);
  expectProblem(notYours, status, code);
  expect(normalized(notYours, theirs)).toEqual(normalized(absent, missing));
  expect(await databaseFingerprint(app.deps.db)).toEqual(before);
}

describe("a partner cannot see or touch another partner's transactions", () => {
  const asHotel = (method: string, path: (id: string) => string, body?: unknown) => async (id: string) =>
    app.request(method, path(id), {
      token: await hotel.token(),
      idempotencyKey: newKey('probe'),
      ...(body === undefined ? {} : { body }),
    });

  test.each([
    ['read an earn', 'GET', (id: string) => `/v1/transactions/${id}`, undefined, () => bistroEarn],
    ['read a redemption', 'GET', (id: string) => `/v1/transactions/${id}`, undefined, () => bistroRedemption],
    ['capture a hold', 'POST', (id: string) => `/v1/transactions/${id}/capture`, {}, () => bistroHold],
    ['void a hold', 'POST', (id: string) => `/v1/transactions/${id}/void`, undefined, () => bistroHold],
    [
      'refund an earn',
      'POST',
      (id: string) => `/v1/transactions/${id}/reversals`,
      { amount: { amount: '1.00', currency: 'EUR' } },
      () => bistroEarn,
    ],
    [
      'return a redemption',
      'POST',
      (id: string) => `/v1/transactions/${id}/reversals`,
      { points: 1 },
      () => bistroRedemption,
    ],
  ])(
    '%s: 404 transaction_not_found, as for an id that does not exist',
    async (_name, method, path, body, theirs) => {
      await expectSameAsMissing(
        asHotel(method, path, body),
        theirs(),
        UNKNOWN.txn,
        404,
        'transaction_not_found',
      );
    },
  );

  test("another partner's Idempotency-Key is a different key: its stored response is never replayed to us", async () => {
    const key = newKey('shared');
    const body = { memberId: xavier, amount: { amount: '12.00', currency: 'EUR' } };
    const theirs = await bistro.earn(body, key);
    const ours = await hotel.earn(body, key);
    expect([theirs.status, ours.status]).toEqual([201, 201]);
    expect(ours.body.id).not.toBe(theirs.body.id);
    expect(ours.body.partnerId).toBe(hotel.partner.id);
    expect(ours.headers.get('idempotent-replayed')).toBeNull();
  });

  test("a member's balance is readable by any partner (to redeem), but never their activity", async () => {
    const response = await app.request('GET', `/v1/members/${yvonne}/balance`, {
      token: await hotel.token(),
    });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual([
      'available',
      'expiringSoon',
      'memberId',
      'owed',
      'pending',
      'pools',
      'unifiedAvailable',
    ]);
    expect(JSON.stringify(response.body)).not.toContain(bistro.partner.id);
  });
});

describe("a member cannot see or touch another member's pool", () => {
  const asXavier = (method: string, path: (id: string) => string, body?: unknown) => async (id: string) =>
    app.request(method, path(id), {
      token: await app.memberToken(xavier),
      ...(body === undefined ? {} : { body }),
    });

  test.each([
    ['read it', 'GET', (id: string) => `/v1/pools/${id}`, undefined],
    ['invite to it', 'POST', (id: string) => `/v1/pools/${id}/invites`, undefined],
    ['pledge to it', 'PUT', (id: string) => `/v1/pools/${id}/members/me`, { pledge: 'all' }],
    [
      'set permissions in it',
      'PATCH',
      (id: string) => `/v1/pools/${id}/members/${yvonne}`,
      { mayRedeem: false },
    ],
    ['remove its owner', 'DELETE', (id: string) => `/v1/pools/${id}/members/${yvonne}`, undefined],
    ['leave it', 'DELETE', (id: string) => `/v1/pools/${id}/members/me`, undefined],
    ['dissolve it', 'DELETE', (id: string) => `/v1/pools/${id}`, undefined],
  ])('%s: 404 pool_not_found, as for a pool that does not exist', async (_name, method, path, body) => {
    await expectSameAsMissing(asXavier(method, path, body), yvonnePool, UNKNOWN.pool, 404, 'pool_not_found');
  });

  test('a partner redeeming for a member from a pool the member is not in: as for a pool that does not exist', async () => {
    const redeem = async (poolId: string) =>
      app.request('POST', '/v1/redeem', {
        token: await hotel.token(),
        idempotencyKey: newKey('pool'),
        body: { memberId: xavier, points: 5, source: { type: 'pool', poolId } },
      });
    await expectSameAsMissing(redeem, yvonnePool, UNKNOWN.pool, 404, 'pool_not_found');
  });

  test("a member's activity and balance never include another member's, whatever the cursor", async () => {
    const token = await app.memberToken(xavier);
    for (const cursor of [undefined, bistroEarn, bistroRedemption, 'txn_ZZZZZZZZZZZZZZZZZZZZZZZZZZ']) {
      const page = await app.request(
        'GET',
        `/v1/me/activity${cursor === undefined ? '' : `?cursor=${cursor}`}`,
        { token },
      );
      expect(page.status).toBe(200);
      const ids = page.body.data.map((entry: { id: string }) => entry.id);
      expect(ids).not.toContain(bistroEarn);
      expect(ids).not.toContain(bistroHold);
      expect(ids).not.toContain(bistroRedemption);
      expect(JSON.stringify(page.body)).not.toContain(yvonne);
    }
    const me = await app.request('GET', '/v1/me', { token });
    expect(me.body.memberId).toBe(xavier);
    expect(me.body.pools).toEqual([]);
  });

  test('a member token for a member that does not exist learns nothing about anyone', async () => {
    // Every member route refuses a token for a member that was never enrolled, the same way.
    const token = await app.memberToken(UNKNOWN.mem);
    expectProblem(await app.request('GET', '/v1/me', { token }), 404, 'member_not_found');
    expectProblem(await app.request('GET', '/v1/me/activity', { token }), 404, 'member_not_found');
    expectProblem(await app.request('GET', `/v1/pools/${yvonnePool}`, { token }), 404, 'member_not_found');
  });
});
