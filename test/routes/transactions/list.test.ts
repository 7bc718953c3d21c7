import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { callerMatrix, callerToken } from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { listAs, MINUTE_MS, type TwoPartnerHistory, twoPartnerHistory } from './history.js';

/** GET /v1/transactions: a partner's own transactions, filtered, newest first, by pages. */
let app: TestApp;
let history: TwoPartnerHistory;
beforeEach(async () => {
  app = await TestApp.create();
  history = await twoPartnerHistory(app);
});
afterEach(async () => {
  await app.close();
});

const ids = (response: { body: { data: { id: string }[] } }) => response.body.data.map((entry) => entry.id);
const iso = (ms: number) => new Date(ms).toISOString();

describe('GET /v1/transactions', () => {
  test("lists the partner's own transactions, newest first, each as GET /v1/transactions/{id} answers it", async () => {
    const { hotel, hotelTransactions } = history;
    const response = await listAs(app, hotel);
    expect(response.status).toBe(200);
    expect(ids(response)).toEqual(Object.values(hotelTransactions).reverse());
    expect(response.body.nextCursor).toBeNull();
    for (const entry of response.body.data) {
      const read = await app.request('GET', `/v1/transactions/${entry.id}`, { token: await hotel.token() });
      expect(entry).toEqual(read.body);
    }
  });

  test.each([
    [
      'memberId',
      () => ({ memberId: history.guest }),
      ['voidedHold', 'refund', 'capturedHold', 'redemption', 'pendingHold', 'earn'],
    ],
    ['kind', () => ({ kind: 'redeem' }), ['redemption']],
    ['kind reversal', () => ({ kind: 'reversal' }), ['refund']],
    ['status pending', () => ({ status: 'pending' }), ['pendingHold']],
    ['status captured', () => ({ status: 'captured' }), ['capturedHold']],
    ['status voided', () => ({ status: 'voided' }), ['voidedHold']],
    ['externalReference', () => ({ externalReference: 'folio-1' }), ['earn']],
    [
      'createdFrom (inclusive)',
      () => ({ createdFrom: iso(history.startedAt + 4 * MINUTE_MS) }),
      ['voidedHold', 'refund', 'capturedHold', 'redemption'],
    ],
    [
      'createdTo (exclusive)',
      () => ({ createdTo: iso(history.startedAt + 4 * MINUTE_MS) }),
      ['pendingHold', 'earn'],
    ],
    [
      'kind and a period together',
      () => ({
        kind: 'earn',
        createdFrom: iso(history.startedAt + MINUTE_MS),
        createdTo: iso(history.startedAt + 8 * MINUTE_MS),
      }),
      ['capturedHold', 'pendingHold'],
    ],
    ['a member the partner never served', () => ({ memberId: history.diner }), []],
  ] as const)('narrowed by %s', async (_name, query, expected) => {
    const response = await listAs(app, history.hotel, query());
    expect(response.status).toBe(200);
    expect(ids(response)).toEqual(expected.map((name) => history.hotelTransactions[name]));
  });

  test('pages by cursor with the same filters until nextCursor is null, each transaction once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await listAs(app, history.hotel, {
        memberId: history.guest,
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(response.status).toBe(200);
      expect(response.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...ids(response));
      cursor = response.body.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual(Object.values(history.hotelTransactions).reverse());
  });

  test.each([
    ['a cursor that is not a transaction id', { cursor: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }, 'query.cursor'],
    ['an unknown kind', { kind: 'gift' }, 'query.kind'],
    ['an unknown status', { status: 'settled' }, 'query.status'],
    ['a time that is not RFC 3339', { createdFrom: '2026-11-01' }, 'query.createdFrom'],
    ['a limit above 200', { limit: 201 }, 'query.limit'],
  ])('refuses %s with 422 validation_failed naming it', async (_name, query, path) => {
    const response = await listAs(app, history.hotel, query);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  test.each(callerMatrix('partner'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: history.hotel, memberId: history.guest });
    const response = await app.request('GET', '/v1/transactions', token === undefined ? {} : { token });
    if (allowed) expect(response.status).toBe(200);
    else expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code });
  });
});
