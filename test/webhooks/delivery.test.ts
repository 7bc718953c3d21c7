import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { dispatch, dispatchAll, Receiver, verify } from './support.js';

/**
 * Deliveries to a real receiver on loopback: signed per Standard Webhooks (verified with the
 * `standardwebhooks` package), retried on failure with the same webhook-id, and stopped by 410.
 */
let app: TestApp;
let hotel: PartnerClient;
let receiver: Receiver;
beforeEach(async () => {
  app = await TestApp.create({
    environment: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' },
  });
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  receiver = await Receiver.start();
});
afterEach(async () => {
  await receiver.close();
  await app.close();
});

async function register(body: Record<string, unknown> = {}) {
  const response = await app.request('POST', '/v1/webhook-endpoints', {
    token: await hotel.token(),
    body: { url: receiver.url, eventTypes: ['transaction.earned'], ...body },
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; secret: string };
}

async function earn(amount = '108.50') {
  const member = await hotel.enrol();
  const response = await hotel.earn({ memberId: member, amount: { amount, currency: 'USD' } });
  expect(response.status).toBe(201);
  return response.body as { id: string };
}

describe('a partner registers an endpoint, earns, and receives a signed transaction.earned', () => {
  test('the delivery verifies with standardwebhooks and carries the event as the feed shows it', async () => {
    const endpoint = await register();
    const earned = await earn();
    expect(await dispatch(app)).toEqual({ scheduled: 1, attempted: 1, delivered: 1 });
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    if (delivery === undefined) throw new Error('nothing received');
    const verified = verify(endpoint.secret, delivery, app.clock.nowMs) as { id: string; data: unknown };
    const feed = await app.request('GET', '/v1/events?types=transaction.earned', {
      token: await hotel.token(),
    });
    expect(verified).toEqual(feed.body.data[0]);
    expect(verified).toMatchObject({
      type: 'transaction.earned',
      data: { transactionId: earned.id, points: 100 },
    });
    expect(delivery.headers['webhook-id']).toBe(verified.id);
    expect(delivery.headers['webhook-timestamp']).toBe(String(Math.floor(app.clock.nowMs / 1000)));
    expect(delivery.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(() =>
      verify('whsec_c29tZSBvdGhlciBzZWNyZXQgb2YgMzIgYnl0ZXMhIQ==', delivery, app.clock.nowMs),
    ).toThrow();

    const log = await app.request('GET', `/v1/webhook-endpoints/${endpoint.id}/attempts`, {
      token: await hotel.token(),
    });
    expect(log.body.data).toEqual([
      {
        id: expect.stringMatching(/^wha_/),
        deliveryId: expect.stringMatching(/^whd_/),
        eventId: verified.id,
        attempt: 1,
        attemptedAt: '2026-11-23T09:00:00.000Z',
        statusCode: 200,
        latencyMs: expect.any(Number),
        error: null,
        outcome: 'delivered',
      },
    ]);
    expect(await dispatch(app)).toEqual({ scheduled: 0, attempted: 0, delivered: 0 });
  });

  test('only the types it lists, from its registration on', async () => {
    await earn();
    await register({ eventTypes: ['transaction.redeemed'] });
    const member = await hotel.enrol();
    await hotel.earn({ memberId: member, amount: { amount: '108.50', currency: 'USD' } });
    await hotel.redeem({ memberId: member, points: 40 });
    await dispatchAll(app);
    expect(receiver.events().map((event) => event.type)).toEqual(['transaction.redeemed']);
  });
});

/**
 * The README snippet, verbatim: a receiver verifies a delivery with the `standardwebhooks` package.
 * `secret`, `rawBody` and `headers` are what the test supplies, as a receiver's HTTP handler would.
 */
function readmeSnippet(secret: string, rawBody: string, headers: Record<string, string>) {
  const webhook = new Webhook(secret); // the endpoint's whsec_… secret, shown once when registered
  const event = webhook.verify(rawBody, headers); // throws unless a signature and the timestamp verify
  // event.id is the webhook-id, the same on every retry: act on each id once
  return event;
}

describe('the README shows the verification', () => {
  test('its snippet verifies a delivery, and refuses a body changed by one byte', async () => {
    const endpoint = await register();
    await earn();
    await dispatchAll(app);
    const [delivery] = receiver.received;
    if (delivery === undefined) throw new Error('nothing received');
    const headers = delivery.headers as Record<string, string>;
    vi.useFakeTimers({ toFake: ['Date'], now: app.clock.nowMs });
    try {
      expect(readmeSnippet(endpoint.secret, delivery.body, headers)).toEqual(JSON.parse(delivery.body));
      expect(() =>
        readmeSnippet(endpoint.secret, delivery.body.replace('"points":', '"points": '), headers),
      ).toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  test.each([
    ['README.md', '## Events and webhooks'],
    ['docs/events.md', '### What a delivery is'],
  ])('the snippet in %s is the one this test runs', (file, heading) => {
    const text = readFileSync(resolve(import.meta.dirname, '../..', file), 'utf8');
    const snippet = text.slice(text.indexOf(heading)).match(/```ts\n([\s\S]*?)```/)?.[1] ?? '';
    const source = readFileSync(import.meta.filename, 'utf8');
    const lines = snippet.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('import '));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(source).toContain(`  ${line}`);
  });
});

describe('retries', () => {
  test('after 500s it retries with backoff and the same webhook-id, then delivers', async () => {
    const endpoint = await register();
    await earn();
    receiver.answer = (_request, index) => (index < 2 ? { status: 500 } : { status: 204 });
    expect(await dispatch(app)).toMatchObject({ attempted: 1, delivered: 0 });
    expect(await dispatch(app)).toMatchObject({ attempted: 0 });
    app.clock.advance(12_000); // the first retry comes 10 s (±20 %) later
    expect(await dispatch(app)).toMatchObject({ attempted: 1, delivered: 0 });
    app.clock.advance(30_000);
    expect(await dispatch(app)).toMatchObject({ attempted: 0 });
    app.clock.advance(20_000); // the second 40 s (±20 %) later
    expect(await dispatch(app)).toMatchObject({ attempted: 1, delivered: 1 });
    const ids = new Set(receiver.received.map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const request of receiver.received) verify(endpoint.secret, request, app.clock.nowMs);
    const log = await app.request('GET', `/v1/webhook-endpoints/${endpoint.id}/attempts`, {
      token: await hotel.token(),
    });
    expect(
      log.body.data.map((attempt: { attempt: number; statusCode: number; outcome: string }) => [
        attempt.attempt,
        attempt.statusCode,
        attempt.outcome,
      ]),
    ).toEqual([
      [3, 204, 'delivered'],
      [2, 500, 'failed'],
      [1, 500, 'failed'],
    ]);
  });

  test('a receiver that does not answer in time is a failure, retried later', async () => {
    await app.close();
    app = await TestApp.create({
      environment: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_TIMEOUT_MS: '300' },
    });
    await publishRates(app);
    hotel = await partnerClient(app, { settlementCurrency: 'USD' });
    const endpoint = await register();
    await earn();
    receiver.answer = () => 'hang';
    expect(await dispatch(app)).toMatchObject({ attempted: 1, delivered: 0 });
    const [timedOut] = (
      await app.request('GET', `/v1/webhook-endpoints/${endpoint.id}/attempts`, {
        token: await hotel.token(),
      })
    ).body.data;
    expect(timedOut).toMatchObject({ statusCode: null, outcome: 'failed', error: 'no answer within 300 ms' });
    receiver.answer = () => ({ status: 200 });
    app.clock.advance(12_000);
    expect(await dispatch(app)).toMatchObject({ attempted: 1, delivered: 1 });
    const ids = new Set(receiver.received.map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(1);
  });

  test('an answer larger than the cap is cut off, and the status still counts', async () => {
    const endpoint = await register();
    await earn();
    receiver.answer = () => ({ status: 200, body: 'x'.repeat(200_000) });
    expect(await dispatch(app)).toMatchObject({ attempted: 1, delivered: 1 });
    const [attempt] = (
      await app.request('GET', `/v1/webhook-endpoints/${endpoint.id}/attempts`, {
        token: await hotel.token(),
      })
    ).body.data;
    expect(attempt).toMatchObject({
      statusCode: 200,
      outcome: 'delivered',
      error: 'the answer was longer than 65536 bytes and was cut off',
    });
  });

  test('a redirect is not followed: it is a failure', async () => {
    await register();
    await earn();
    receiver.answer = (_request, index) =>
      index === 0 ? { status: 307, headers: { location: 'http://127.0.0.1:1/elsewhere' } } : { status: 200 };
    expect(await dispatch(app)).toMatchObject({ attempted: 1, delivered: 0 });
    expect(receiver.received.map((request) => request.path)).toEqual(['/hooks']);
  });
});
