import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fxSnapshots } from '../../../src/db/schema/index.js';
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

const NOW = '2026-11-23T09:00:00.000Z';
const snapshotCount = () => app.deps.db.$count(fxSnapshots);

async function publish(body: unknown, token?: string) {
  return app.request('PUT', '/v1/fx-rates', { token: token ?? (await app.operatorToken()), body });
}

describe('PUT /v1/fx-rates', () => {
  test('publishes an immutable snapshot against the reference currency', async () => {
    const response = await publish({
      asOf: '2026-11-23T08:00:00Z',
      rates: { USD: '1.0850', CZK: '25.31', JPY: '162.45' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^fx_[0-9A-Z]{26}$/),
      referenceCurrency: 'EUR',
      asOf: '2026-11-23T08:00:00.000Z',
      createdAt: NOW,
      rates: { CZK: '25.31', JPY: '162.45', USD: '1.0850' },
    });
    expect(response.headers.get('location')).toBe(`/v1/fx-rates/${response.body.id}`);
    const read = await app.request('GET', `/v1/fx-rates/${response.body.id}`, {
      token: await app.operatorToken(),
    });
    expect(read.body).toEqual(response.body);
  });

  test('asOf defaults to now', async () => {
    const response = await publish({ rates: { USD: '1.08' } });
    expect(response.status).toBe(201);
    expect(response.body.asOf).toBe(NOW);
  });

  test('asOf with an offset is stored as the same instant in UTC', async () => {
    const response = await publish({ asOf: '2026-11-23T10:00:00.5+02:00', rates: { USD: '1.08' } });
    expect(response.body.asOf).toBe('2026-11-23T08:00:00.500Z');
  });

  test('asOf exactly 5 minutes ahead is accepted (clock skew)', async () => {
    const response = await publish({ asOf: '2026-11-23T09:05:00.000Z', rates: { USD: '1.08' } });
    expect(response.status).toBe(201);
  });

  test.each(['1', '1.0', '1.000000000000'])(
    'the reference currency may be listed as exactly 1 (%s)',
    async (rate) => {
      const response = await publish({ rates: { EUR: rate, USD: '1.08' } });
      expect(response.status).toBe(201);
    },
  );

  test('each PUT creates a new snapshot and leaves the earlier ones unchanged', async () => {
    const first = await publish({ rates: { USD: '1.08' } });
    app.clock.advance(60_000);
    const second = await publish({ rates: { USD: '1.09' } });
    expect(second.body.id).not.toBe(first.body.id);
    expect(await snapshotCount()).toBe(2);
    const read = await app.request('GET', `/v1/fx-rates/${first.body.id}`, {
      token: await app.operatorToken(),
    });
    expect(read.body).toEqual(first.body);
  });

  test('the reference currency comes from configuration', async () => {
    await app.close();
    app = await TestApp.create({ environment: { REFERENCE_CURRENCY: 'USD' } });
    const response = await publish({ rates: { EUR: '0.92', USD: '1' } });
    expect(response.status).toBe(201);
    expect(response.body.referenceCurrency).toBe('USD');
    expect((await publish({ rates: { USD: '1.08' } })).body).toMatchObject({
      code: 'invalid_amount',
      currency: 'USD',
    });
  });
});

describe('PUT /v1/fx-rates refuses bad input and stores nothing', () => {
  const manyRates = Object.fromEntries(Array.from({ length: 501 }, (_, index) => [`C${index}`, '1']));
  test.each([
    ['an unknown currency', { rates: { XYZ: '1.5' } }, 'unknown_currency', { currency: 'XYZ' }],
    ['a lowercase code', { rates: { usd: '1.08' } }, 'unknown_currency', { currency: 'usd' }],
    ['a withdrawn currency', { rates: { HRK: '7.53' } }, 'unknown_currency', { currency: 'HRK' }],
    ['a zero rate', { rates: { USD: '0.00' } }, 'invalid_amount', { currency: 'USD' }],
    ['13 decimals', { rates: { USD: '1.0850000000001' } }, 'too_many_decimals', { currency: 'USD' }],
    [
      'the reference currency at a rate other than 1',
      { rates: { EUR: '1.01', USD: '1.08' } },
      'invalid_amount',
      { currency: 'EUR' },
    ],
    [
      'a negative rate',
      { rates: { USD: '-1.08' } },
      'validation_failed',
      { errors: [{ path: 'json.rates.USD' }] },
    ],
    ['an exponent', { rates: { USD: '1e3' } }, 'validation_failed', { errors: [{ path: 'json.rates.USD' }] }],
    [
      'a number instead of a string',
      { rates: { USD: 1.08 } },
      'validation_failed',
      { errors: [{ path: 'json.rates.USD' }] },
    ],
    ['empty rates', { rates: {} }, 'validation_failed', { errors: [{ path: 'json.rates' }] }],
    ['more than 500 rates', { rates: manyRates }, 'validation_failed', { errors: [{ path: 'json.rates' }] }],
    ['no rates', { asOf: NOW }, 'validation_failed', { errors: [{ path: 'json.rates' }] }],
    [
      'asOf more than 5 minutes ahead',
      { asOf: '2026-11-23T09:05:00.001Z', rates: { USD: '1.08' } },
      'validation_failed',
      { errors: [{ path: 'json.asOf' }] },
    ],
    [
      'asOf without a time',
      { asOf: '2026-11-23', rates: { USD: '1.08' } },
      'validation_failed',
      { errors: [{ path: 'json.asOf' }] },
    ],
    [
      'asOf that is no date',
      { asOf: '2026-02-30T00:00:00Z', rates: { USD: '1.08' } },
      'validation_failed',
      { errors: [{ path: 'json.asOf' }] },
    ],
    ['an unknown field', { rates: { USD: '1.08' }, referenceCurrency: 'USD' }, 'validation_failed', {}],
  ])('%s is 422 %s', async (_name, body, code, members) => {
    const response = await publish(body);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code, ...members });
    expect(await snapshotCount()).toBe(0);
  });

  test('malformed JSON is 400 malformed_json', async () => {
    const response = await app.request('PUT', '/v1/fx-rates', {
      token: await app.operatorToken(),
      rawBody: '{"rates": {',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
    expect(await snapshotCount()).toBe(0);
  });
});

describe('PUT /v1/fx-rates is for the operator only', () => {
  test.each<Principal>([
    ['no token', async () => undefined, 401, 'unauthorized'],
    ['a partner token', async () => (await app.onboardPartner()).token(), 401, 'invalid_token'],
    ['a member token', async () => app.memberToken('mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q'), 401, 'invalid_token'],
    ['an operator token', async () => app.operatorToken(), 201, undefined],
  ])('%s', async (_name, tokenFor, status, code) => {
    const token = await tokenFor();
    const response = await app.request('PUT', '/v1/fx-rates', {
      ...(token === undefined ? {} : { token }),
      body: { rates: { USD: '1.08' } },
    });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await snapshotCount()).toBe(status === 201 ? 1 : 0);
  });

  test('an expired operator token is 401 invalid_token', async () => {
    const token = await app.operatorToken();
    app.clock.advance(2 * 3_600_000);
    const response = await publish({ rates: { USD: '1.08' } }, token);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
    expect(await snapshotCount()).toBe(0);
  });
});
