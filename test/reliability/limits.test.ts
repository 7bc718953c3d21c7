import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { RateLimiter } from '../../src/http/rate-limit.js';
import { newKey, partnerClient, publishRates } from '../support/coalition.js';
import { newPartnerKey, TestApp, type TestResponse } from '../support/harness.js';
import { databaseFingerprint, expectProblem } from './support/checks.js';

/**
 * Promise 8: a partner cannot take more than RATE_LIMIT_PER_MINUTE requests a minute from one app
 * instance (429 `rate_limited` with Retry-After), a body over 64 KiB is 413, and a request still
 * running after REQUEST_TIMEOUT_MS is 503 `request_timeout`. Refusals write nothing.
 */
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const missingTransaction = 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q';

describe('rate limiting per partner', () => {
  test('the sixth request of a minute at 5/min is 429 with Retry-After; other partners and principals are unaffected', async () => {
    app = await TestApp.create({ environment: { RATE_LIMIT_PER_MINUTE: '5' } });
    await publishRates(app);
    const hotel = await partnerClient(app);
    const bistro = await partnerClient(app, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    const memberId = await hotel.enrol();
    for (let request = 0; request < 4; request += 1) {
      expect(
        (await app.request('GET', `/v1/transactions/${missingTransaction}`, { token: await hotel.token() }))
          .status,
      ).toBe(404);
    }
    const limited = await app.request('GET', `/v1/members/${memberId}/balance`, {
      token: await hotel.token(),
    });
    expectProblem(limited, 429, 'rate_limited');
    // One token per 12 s at 5 a minute.
    expect(limited.headers.get('retry-after')).toBe('12');
    expect(limited.body.retryAfterSeconds).toBe(12);

    expect(
      (await app.request('GET', `/v1/members/${memberId}/balance`, { token: await bistro.token() })).status,
    ).toBe(200);
    for (let request = 0; request < 8; request += 1) {
      expect((await app.request('GET', '/v1/partners', { token: await app.operatorToken() })).status).toBe(
        200,
      );
      expect((await app.request('GET', '/v1/me', { token: await app.memberToken(memberId) })).status).toBe(
        200,
      );
    }
  });

  test('a limited write writes nothing, and its retry with the same key after Retry-After posts once', async () => {
    app = await TestApp.create({ environment: { RATE_LIMIT_PER_MINUTE: '2' } });
    await publishRates(app);
    const hotel = await partnerClient(app, { settlementCurrency: 'EUR' });
    const memberId = await hotel.enrol();
    await hotel.earn({ memberId, amount: { amount: '10.00', currency: 'EUR' } });
    const before = await databaseFingerprint(app.deps.db);
    const key = newKey('limited');
    const refused = await hotel.earn({ memberId, amount: { amount: '25.00', currency: 'EUR' } }, key);
    expectProblem(refused, 429, 'rate_limited');
    expect(await databaseFingerprint(app.deps.db)).toEqual(before);

    app.clock.advance(Number(refused.headers.get('retry-after')) * 1000);
    const posted = await hotel.earn({ memberId, amount: { amount: '25.00', currency: 'EUR' } }, key);
    expect(posted.status).toBe(201);
    app.clock.advance(30_000);
    const replayed = await hotel.earn({ memberId, amount: { amount: '25.00', currency: 'EUR' } }, key);
    expect(replayed.status).toBe(201);
    expect(replayed.body.id).toBe(posted.body.id);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  });

  test("forged tokens naming a partner do not spend that partner's budget", async () => {
    app = await TestApp.create({ environment: { RATE_LIMIT_PER_MINUTE: '3' } });
    const { partner, key } = await app.onboardPartner();
    const attackerKey = { ...(await newPartnerKey()), kid: key.kid };
    for (let forged = 0; forged < 20; forged += 1) {
      const response = await app.request('GET', `/v1/transactions/${missingTransaction}`, {
        token: await app.partnerToken(partner.id, attackerKey),
      });
      expectProblem(response, 401, 'invalid_token');
    }
    for (let genuine = 0; genuine < 3; genuine += 1) {
      expect(
        (
          await app.request('GET', `/v1/transactions/${missingTransaction}`, {
            token: await app.partnerToken(partner.id, key),
          })
        ).status,
      ).toBe(404);
    }
    expectProblem(
      await app.request('GET', `/v1/transactions/${missingTransaction}`, {
        token: await app.partnerToken(partner.id, key),
      }),
      429,
      'rate_limited',
    );
  });

  test('RATE_LIMIT_PER_MINUTE=0 disables the limit', async () => {
    app = await TestApp.create({ environment: { RATE_LIMIT_PER_MINUTE: '0' } });
    const { token } = await app.onboardPartner();
    const bearer = await token();
    const statuses = new Set<number>();
    for (let request = 0; request < 100; request += 1) {
      statuses.add(
        (await app.request('GET', `/v1/transactions/${missingTransaction}`, { token: bearer })).status,
      );
    }
    expect([...statuses]).toEqual([404]);
  });

  test('the bucket refills continuously, a clock stepping back refills nothing, and buckets are bounded', () => {
    let nowMs = 1_000_000;
    const limiter = new RateLimiter(60, () => nowMs, 3);
    for (let request = 0; request < 60; request += 1) expect(limiter.take('ptn_a')).toBeUndefined();
    expect(limiter.take('ptn_a')).toBe(1);
    nowMs -= 3_600_000;
    expect(limiter.take('ptn_a')).toBe(1);
    nowMs += 3_600_000 + 1000;
    expect(limiter.take('ptn_a')).toBeUndefined();
    expect(limiter.take('ptn_a')).toBe(1);
    for (const key of ['ptn_b', 'ptn_c', 'ptn_d', 'ptn_e']) limiter.take(key);
    expect(limiter.size).toBe(3);
  });
});

describe('request size and time limits', () => {
  test('a chunked body over 64 KiB without Content-Length is 413 and writes nothing', async () => {
    app = await TestApp.create();
    const before = await databaseFingerprint(app.deps.db);
    const chunk = new TextEncoder().encode(`{"name":"${'x'.repeat(16 * 1024)}`);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let part = 0; part < 6; part += 1) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetchApp(app, '/v1/partners', body, await app.operatorToken());
    expectProblem(response, 413, 'payload_too_large');
    expect(await databaseFingerprint(app.deps.db)).toEqual(before);
  });

  test('a request still running after REQUEST_TIMEOUT_MS is 503 request_timeout', async () => {
    app = await TestApp.create({ environment: { REQUEST_TIMEOUT_MS: '150' } });
    const before = await databaseFingerprint(app.deps.db);
    let stalled: ReadableStreamDefaultController<Uint8Array> | undefined;
    // A client that starts a body and never finishes it (a slow-loris upload).
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        stalled = controller;
        controller.enqueue(new TextEncoder().encode('{"name":'));
      },
    });
    const startedMs = performance.now();
    const response = await fetchApp(app, '/v1/partners', body, await app.operatorToken());
    const elapsedMs = performance.now() - startedMs;
    stalled?.close();
    expectProblem(response, 503, 'request_timeout');
    expect(response.body.detail).toMatch(/150 ms/);
    expect(elapsedMs).toBeLessThan(2000);
    expect(await databaseFingerprint(app.deps.db)).toEqual(before);
    expect((await app.request('GET', '/health')).status).toBe(200);
  });

  test('the limits are configuration with safe defaults, and nonsense is refused at start', () => {
    const defaults = loadConfig({});
    expect(defaults.ok && [defaults.config.rateLimitPerMinute, defaults.config.requestTimeoutMs]).toEqual([
      6000, 10_000,
    ]);
    const disabled = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', REQUEST_TIMEOUT_MS: '0' });
    expect(disabled.ok && [disabled.config.rateLimitPerMinute, disabled.config.requestTimeoutMs]).toEqual([
      0, 0,
    ]);
    for (const environment of [
      { RATE_LIMIT_PER_MINUTE: '-1' },
      { RATE_LIMIT_PER_MINUTE: '1.5' },
      { REQUEST_TIMEOUT_MS: 'soon' },
      { REQUEST_TIMEOUT_MS: '600001' },
    ]) {
      const loaded = loadConfig(environment);
      expect(loaded.ok).toBe(false);
      expect(loaded.ok ? '' : loaded.error).toMatch(new RegExp(Object.keys(environment)[0] ?? ''));
    }
  });
});

async function fetchApp(
  testApp: TestApp,
  path: string,
  body: ReadableStream<Uint8Array>,
  token: string,
): Promise<TestResponse> {
  const request = new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
  const response = await testApp.app.fetch(request);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}
