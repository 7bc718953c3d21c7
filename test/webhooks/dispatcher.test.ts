import { afterEach, beforeEach, expect, test } from 'vitest';
import { Dispatcher } from '../../src/webhooks/dispatch.js';
import type { WebhookRequest, WebhookResponse, WebhookTransport } from '../../src/webhooks/transport.js';
import { type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * The dispatcher of one process or isolate: asked while it runs, it runs again after, never
 * beside; and a run that never settles (Workers cancel `waitUntil` work whose time ran out) is
 * abandoned once it is older than `abandonAfterMs`, so dispatching does not stop for good.
 */
let app: TestApp;
let hotel: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create({ environment: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  const endpoint = await app.request('POST', '/v1/webhook-endpoints', {
    token: await hotel.token(),
    body: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['transaction.earned'] },
  });
  expect(endpoint.status).toBe(201);
});
afterEach(async () => {
  await app.close();
});

async function earn(): Promise<void> {
  const member = await hotel.enrol();
  const earned = await hotel.earn({ memberId: member, amount: { amount: '10.00', currency: 'USD' } });
  expect(earned.status).toBe(201);
}

/** A transport that answers each request when the test says so, and tells when one is sent. */
function scriptedTransport() {
  const sent: WebhookRequest[] = [];
  const answers: ((response: WebhookResponse) => void)[] = [];
  let sentOne: () => void = () => undefined;
  const transport: WebhookTransport = {
    send(request) {
      sent.push(request);
      sentOne();
      return new Promise((answer) => answers.push(answer));
    },
  };
  const nextSend = () => new Promise<void>((resolveSend) => (sentOne = resolveSend));
  const answerAll = () => {
    for (const answer of answers.splice(0))
      answer({ statusCode: 200, error: null, retryAfterMs: null, latencyMs: 3 });
  };
  return { transport, sent, nextSend, answerAll };
}

function dispatcherFor(transport: WebhookTransport, abandonAfterMs?: number) {
  const errors: unknown[] = [];
  const options = abandonAfterMs === undefined ? {} : { abandonAfterMs };
  const context = { ...app.deps, transport, random: () => 0.5 };
  return { dispatcher: new Dispatcher(context, (error) => errors.push(error), options), errors };
}

test('asked while it runs, it runs once more after the run, not beside it', async () => {
  const { transport, sent, nextSend, answerAll } = scriptedTransport();
  const { dispatcher, errors } = dispatcherFor(transport);
  await earn();
  const firstSend = nextSend();
  const running = dispatcher.run();
  await firstSend;
  await earn();
  expect(dispatcher.run()).toBe(running);
  expect(sent).toHaveLength(1);

  const secondSend = nextSend();
  answerAll();
  await secondSend;
  answerAll();
  await running;
  expect(sent).toHaveLength(2);
  expect(new Set(sent.map((request) => request.headers['webhook-id'])).size).toBe(2);
  expect(errors).toEqual([]);
});

test('a run that never settles is abandoned after abandonAfterMs, and the next one sends', async () => {
  const { transport, sent, nextSend, answerAll } = scriptedTransport();
  const { dispatcher, errors } = dispatcherFor(transport, 60_000);
  await earn();
  const firstSend = nextSend();
  const stuck = dispatcher.run(); // its answer never comes, as in a cancelled Workers request
  await firstSend;
  await earn();
  app.clock.advance(59_000);
  expect(dispatcher.run()).toBe(stuck);

  app.clock.advance(2_000); // past abandonAfterMs, and past the stuck attempt's claim (2 × 15 s + 1 s)
  const secondSend = nextSend();
  const next = dispatcher.run();
  expect(next).not.toBe(stuck);
  await secondSend;
  // Both due deliveries go out together (8 at a time): wait for the second before answering.
  while (sent.length < 3) await new Promise((resolveLater) => setImmediate(resolveLater));
  answerAll();
  await next;
  // The stuck attempt's event is sent again with its webhook-id, beside the new event.
  const ids = sent.map((request) => request.headers['webhook-id']);
  expect(ids).toHaveLength(3);
  expect(new Set(ids).size).toBe(2);
  expect(ids.slice(1)).toContain(ids[0]);
  expect(errors).toEqual([]);
});
