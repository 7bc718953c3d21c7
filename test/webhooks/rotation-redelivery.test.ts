import { afterEach, beforeEach, expect, test } from 'vitest';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { dispatchAll, Receiver, verify } from './support.js';

let app: TestApp;
let hotel: PartnerClient;
let receiver: Receiver;
beforeEach(async () => {
  app = await TestApp.create({ environment: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  receiver = await Receiver.start();
});
afterEach(async () => {
  await receiver.close();
  await app.close();
});

async function register() {
  const response = await app.request('POST', '/v1/webhook-endpoints', {
    token: await hotel.token(),
    body: { url: receiver.url, eventTypes: ['transaction.earned'] },
  });
  return response.body as { id: string; secret: string };
}

async function earn() {
  const member = await hotel.enrol();
  return (await hotel.earn({ memberId: member, amount: { amount: '10.85', currency: 'USD' } })).body as {
    id: string;
  };
}

test('during a rotation overlap both signatures are sent; after it only the new one', async () => {
  const endpoint = await register();
  const rotated = await app.request('POST', `/v1/webhook-endpoints/${endpoint.id}/secret-rotations`, {
    token: await hotel.token(),
    body: { overlapHours: 1 },
  });
  await earn();
  await dispatchAll(app);
  const [during] = receiver.received;
  if (during === undefined) throw new Error('nothing received');
  expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
  verify(endpoint.secret, during, app.clock.nowMs);
  verify(rotated.body.secret, during, app.clock.nowMs);

  app.clock.advance(3_600_001);
  await earn();
  await dispatchAll(app);
  const after = receiver.received[1];
  if (after === undefined) throw new Error('nothing received');
  expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
  verify(rotated.body.secret, after, app.clock.nowMs);
  expect(() => verify(endpoint.secret, after, app.clock.nowMs)).toThrow('No matching signature found');
});

test('manual redelivery of one event, and of a time range, keeps the webhook-id', async () => {
  const endpoint = await register();
  await earn();
  app.clock.advance(60_000);
  await earn();
  await dispatchAll(app);
  expect(receiver.received).toHaveLength(2);
  const [first, second] = receiver.events();
  const token = await hotel.token();
  const one = await app.request('POST', `/v1/webhook-endpoints/${endpoint.id}/redeliveries`, {
    token,
    body: { eventId: first?.id },
  });
  expect(one.body).toEqual({ scheduled: 1, resumeFrom: null });
  await dispatchAll(app);
  expect(receiver.received[2]?.headers['webhook-id']).toBe(first?.id);

  const range = await app.request('POST', `/v1/webhook-endpoints/${endpoint.id}/redeliveries`, {
    token,
    body: { since: '2026-11-23T09:00:30Z' },
  });
  expect(range.body).toEqual({ scheduled: 1, resumeFrom: null });
  await dispatchAll(app);
  expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([
    first?.id,
    second?.id,
    first?.id,
    second?.id,
  ]);
  for (const request of receiver.received) verify(endpoint.secret, request, app.clock.nowMs);
  const log = await app.request('GET', `/v1/webhook-endpoints/${endpoint.id}/attempts?eventId=${first?.id}`, {
    token,
  });
  expect(log.body.data.map((attempt: { attempt: number }) => attempt.attempt)).toEqual([2, 1]);
});

test('another partner’s event cannot be redelivered to an endpoint: it is not found', async () => {
  const endpoint = await register();
  const shop = await partnerClient(app, {
    name: 'Shop',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
  });
  const member = await shop.enrol();
  await shop.earn({ memberId: member, amount: { amount: '10.00', currency: 'EUR' } });
  const foreign = (
    await app.request('GET', '/v1/events?types=transaction.earned', { token: await shop.token() })
  ).body.data[0];
  const response = await app.request('POST', `/v1/webhook-endpoints/${endpoint.id}/redeliveries`, {
    token: await hotel.token(),
    body: { eventId: foreign.id },
  });
  expect(response.status).toBe(404);
  expect(response.body.code).toBe('event_not_found');
  await dispatchAll(app);
  expect(receiver.received).toEqual([]);
});
