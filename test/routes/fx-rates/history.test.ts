import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TestApp } from '../../support/harness.js';

let app: TestApp;
/** Who calls, how they get a token, and the status and problem code they get. */
type Principal = [
  name: string,
  tokenFor: () => Promise<string | undefined>,
  status: number,
  code: string | undefined,
];
beforeEach(async () => {
  app = await TestApp.create();
});
afterEach(async () => {
  await app.close();
});

async function publish(asOf: string) {
  const response = await app.request('PUT', '/v1/fx-rates', {
    token: await app.operatorToken(),
    body: { asOf, rates: { USD: '1.08' } },
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function history(query = '') {
  return app.request('GET', `/v1/fx-rates/history${query}`, { token: await app.operatorToken() });
}

describe('GET /v1/fx-rates/history', () => {
  test('is an empty page before anything is published', async () => {
    const response = await history();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: [], nextCursor: null });
  });

  test('lists every snapshot newest first (by asOf, then publication), the first being the one in force', async () => {
    const monday = await publish('2026-11-23T08:00:00Z');
    const sunday = await publish('2026-11-22T08:00:00Z');
    const sundayCorrection = await publish('2026-11-22T08:00:00Z');
    const saturday = await publish('2026-11-21T08:00:00Z');
    const response = await history();
    expect(response.body).toEqual({ data: [monday, sundayCorrection, sunday, saturday], nextCursor: null });
    const current = await app.request('GET', '/v1/fx-rates', { token: await app.operatorToken() });
    expect(current.body).toEqual(monday);
  });

  test('pages with limit and cursor, each snapshot exactly once, the last page without a cursor', async () => {
    const published = [];
    for (const day of [19, 23, 21, 20, 22]) published.push(await publish(`2026-11-${day}T08:00:00Z`));
    const expected = [...published].sort((a, b) => b.asOf.localeCompare(a.asOf));
    const first = await history('?limit=2');
    expect(first.body.data).toEqual(expected.slice(0, 2));
    expect(first.body.nextCursor).toBe(expected[1].id);
    const second = await history(`?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data).toEqual(expected.slice(2, 4));
    const third = await history(`?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body).toEqual({ data: expected.slice(4), nextCursor: null });
  });

  test('a page that ends exactly at the last snapshot has no cursor', async () => {
    await publish('2026-11-22T08:00:00Z');
    await publish('2026-11-23T08:00:00Z');
    const response = await history('?limit=2');
    expect(response.body.data).toHaveLength(2);
    expect(response.body.nextCursor).toBeNull();
  });

  test.each([
    ['limit=0', 'query.limit'],
    ['limit=201', 'query.limit'],
    ['limit=abc', 'query.limit'],
    ['limit=1.5', 'query.limit'],
    ['cursor=fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 'query.cursor'],
  ])('?%s is 422 validation_failed naming %s', async (query, path) => {
    await publish('2026-11-23T08:00:00Z');
    const response = await history(`?${query}`);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
  });
});

describe('GET /v1/fx-rates/history is for the operator only', () => {
  test.each<Principal>([
    ['no token', async () => undefined, 401, 'unauthorized'],
    ['a partner token', async () => (await app.onboardPartner()).token(), 401, 'invalid_token'],
    ['a member token', async () => app.memberToken('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q'), 401, 'invalid_token'],
    ['an operator token', async () => app.operatorToken(), 200, undefined],
  ])('%s', async (_name, tokenFor, status, code) => {
    const published = await publish('2026-11-23T08:00:00Z');
    const token = await tokenFor();
    const response = await app.request('GET', '/v1/fx-rates/history', token === undefined ? {} : { token });
    expect(response.status).toBe(status);
    if (code === undefined) expect(response.body).toEqual({ data: [published], nextCursor: null });
    else expect(response.body).toMatchObject({ code, status });
  });
});
