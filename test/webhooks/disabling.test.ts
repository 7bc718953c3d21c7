import { afterEach, beforeEach, expect, test } from 'vitest';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { dispatch, dispatchAll, Receiver } from './support.js';

/** 410 Gone disables an endpoint at once; days of failures disable it too; the operator is told, once. */
let app: TestApp;
let hotel: PartnerClient;
let receiver: Receiver;
let operatorReceiver: Receiver;
const DAY_MS = 86_400_000;
beforeEach(async () => {
  app = await TestApp.create({
    environment: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_DISABLE_AFTER_DAYS: '2' },
  });
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  receiver = await Receiver.start();
  operatorReceiver = await Receiver.start();
  const operator = await app.request('POST', '/v1/webhook-endpoints', {
    token: await app.operatorToken(),
    body: { url: operatorReceiver.url, eventTypes: ['webhook_endpoint.disabled'] },
  });
  expect(operator.status).toBe(201);
});
afterEach(async () => {
  await receiver.close();
  await operatorReceiver.close();
  await app.close();
});

async function register() {
  const response = await app.request('POST', '/v1/webhook-endpoints', {
    token: await hotel.token(),
    body: { url: receiver.url, eventTypes: ['transaction.earned', 'webhook_endpoint.disabled'] },
  });
  return response.body as { id: string };
}

async function earn() {
  const member = await hotel.enrol();
  await hotel.earn({ memberId: member, amount: { amount: '10.85', currency: 'USD' } });
}

async function endpointOf(id: string) {
  return (await app.request('GET', `/v1/webhook-endpoints/${id}`, { token: await hotel.token() })).body;
}

test('410 Gone disables the endpoint: no retry, nothing more sent, the operator is told', async () => {
  const endpoint = await register();
  receiver.answer = () => ({ status: 410 });
  await earn();
  await dispatchAll(app);
  expect(receiver.received).toHaveLength(1);
  expect(await endpointOf(endpoint.id)).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
  app.clock.advance(DAY_MS);
  await earn();
  await dispatchAll(app);
  expect(receiver.received).toHaveLength(1);
  expect(operatorReceiver.events()).toEqual([
    expect.objectContaining({
      type: 'webhook_endpoint.disabled',
      data: {
        endpointId: endpoint.id,
        partnerId: hotel.partner.id,
        reason: 'gone',
        failingSince: expect.any(String),
      },
    }),
  ]);
  const feed = await app.request('GET', '/v1/events?types=webhook_endpoint.disabled', {
    token: await hotel.token(),
  });
  expect(feed.body.data).toHaveLength(1);

  // Enabled again, it resumes where it stopped: what happened while it was disabled arrives.
  receiver.answer = () => ({ status: 200 });
  await app.request('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
    token: await hotel.token(),
    body: { status: 'enabled' },
  });
  await dispatchAll(app);
  expect(
    receiver
      .events()
      .slice(1)
      .map((event) => event.type),
  ).toEqual(['webhook_endpoint.disabled', 'transaction.earned']);
});

test('an endpoint failing for WEBHOOK_DISABLE_AFTER_DAYS is disabled with one event to the operator', async () => {
  const endpoint = await register();
  receiver.answer = () => ({ status: 503 });
  await earn();
  await dispatch(app);
  expect(await endpointOf(endpoint.id)).toMatchObject({
    status: 'enabled',
    failingSince: '2026-11-23T09:00:00.000Z',
  });
  // Retries come 10 s, 40 s, … and then 12 hours apart: the first past two days is at about 52 h.
  for (let hour = 0; hour < 60; hour += 1) {
    app.clock.advance(3_600_000);
    await dispatchAll(app);
  }
  expect(await endpointOf(endpoint.id)).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
  const disabled = operatorReceiver.events();
  expect(disabled).toEqual([
    expect.objectContaining({ data: expect.objectContaining({ reason: 'failing' }) }),
  ]);
  const health = await app.request('GET', '/v1/network/webhooks', { token: await app.operatorToken() });
  expect(health.body).toMatchObject({
    endpoints: { enabled: 1, failing: 0, disabled: 1 },
    troubledEndpoints: [
      {
        id: endpoint.id,
        partnerId: hotel.partner.id,
        status: 'disabled',
        disabledReason: 'failing',
        lastStatusCode: 503,
        pendingDeliveries: 1,
      },
    ],
  });
});

test('a success ends the run of failures', async () => {
  const endpoint = await register();
  receiver.answer = (_request, index) => (index === 0 ? { status: 500 } : { status: 200 });
  await earn();
  await dispatch(app);
  expect((await endpointOf(endpoint.id)).failingSince).not.toBeNull();
  app.clock.advance(60_000);
  await dispatchAll(app);
  expect((await endpointOf(endpoint.id)).failingSince).toBeNull();
});
