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

async function publish(rates: Record<string, string>) {
  const response = await app.request('PUT', '/v1/fx-rates', {
    token: await app.operatorToken(),
    body: { rates },
  });
  expect(response.status).toBe(201);
  return response.body;
}

describe('GET /v1/fx-rates/{snapshotId}', () => {
  test('reads any snapshot ever published, not only the one in force', async () => {
    const old = await publish({ USD: '1.08', CZK: '25.31' });
    app.clock.advance(3_600_000);
    await publish({ USD: '1.09' });
    const response = await app.request('GET', `/v1/fx-rates/${old.id}`, { token: await app.operatorToken() });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(old);
  });

  test.each(['fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q', 'not-an-id'])(
    'an unknown id (%s) is 404 fx_snapshot_not_found',
    async (id) => {
      await publish({ USD: '1.08' });
      const response = await app.request('GET', `/v1/fx-rates/${id}`, { token: await app.operatorToken() });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('fx_snapshot_not_found');
      expect(response.body.detail).toContain(id);
    },
  );

  test('an id longer than 64 characters is 422 validation_failed', async () => {
    const response = await app.request('GET', `/v1/fx-rates/fx_${'A'.repeat(70)}`, {
      token: await app.operatorToken(),
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'param.snapshotId' }],
    });
  });
});

describe('GET /v1/fx-rates/{snapshotId} is for the operator only', () => {
  test.each<Principal>([
    ['no token', async () => undefined, 401, 'unauthorized'],
    ['a partner token', async () => (await app.onboardPartner()).token(), 401, 'invalid_token'],
    ['a member token', async () => app.memberToken('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q'), 401, 'invalid_token'],
    ['an operator token', async () => app.operatorToken(), 200, undefined],
  ])('%s', async (_name, tokenFor, status, code) => {
    const published = await publish({ USD: '1.08' });
    const token = await tokenFor();
    const response = await app.request(
      'GET',
      `/v1/fx-rates/${published.id}`,
      token === undefined ? {} : { token },
    );
    expect(response.status).toBe(status);
    if (code === undefined) expect(response.body).toEqual(published);
    else expect(response.body).toMatchObject({ code, status });
  });
});
