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

async function publish(asOf: string, usd: string) {
  const response = await app.request('PUT', '/v1/fx-rates', {
    token: await app.operatorToken(),
    body: { asOf, rates: { USD: usd } },
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function latest(token?: string) {
  return app.request('GET', '/v1/fx-rates', { token: token ?? (await app.operatorToken()) });
}

describe('GET /v1/fx-rates', () => {
  test('is 404 fx_snapshot_not_found before anything is published', async () => {
    const response = await latest();
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('fx_snapshot_not_found');
  });

  test('is the snapshot with the newest asOf, even if a backdated one was published after it', async () => {
    const current = await publish('2026-11-23T08:00:00Z', '1.08');
    app.clock.advance(1000);
    await publish('2026-11-22T08:00:00Z', '1.07');
    const response = await latest();
    expect(response.status).toBe(200);
    expect(response.body).toEqual(current);
  });

  test('of snapshots with the same asOf, the last published is in force', async () => {
    await publish('2026-11-23T08:00:00Z', '1.08');
    const correction = await publish('2026-11-23T08:00:00Z', '1.09');
    expect((await latest()).body).toEqual(correction);
  });
});

describe('GET /v1/fx-rates is for the operator only', () => {
  test.each<Principal>([
    ['no token', async () => undefined, 401, 'unauthorized'],
    ['a partner token', async () => (await app.onboardPartner()).token(), 401, 'invalid_token'],
    ['a member token', async () => app.memberToken('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q'), 401, 'invalid_token'],
    ['an operator token', async () => app.operatorToken(), 200, undefined],
  ])('%s', async (_name, tokenFor, status, code) => {
    const published = await publish('2026-11-23T08:00:00Z', '1.08');
    const token = await tokenFor();
    const response = await app.request('GET', '/v1/fx-rates', token === undefined ? {} : { token });
    expect(response.status).toBe(status);
    if (code === undefined) expect(response.body).toEqual(published);
    else expect(response.body).toMatchObject({ code, status });
  });
});
