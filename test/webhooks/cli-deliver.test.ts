import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../support/cli.js';
import { partnerClient, publishRates } from '../support/coalition.js';
import { TestApp, TestClock } from '../support/harness.js';
import { Receiver, verify } from './support.js';

/** `npm run -s cli -- deliver`: one run that sends what is due, for servers that do not dispatch. */
let app: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  app = await TestApp.create({
    clock: new TestClock(Date.now()),
    environment: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' },
  });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver.close();
  await app.close();
});

test('deliver sends the signed deliveries that are due, and a second run finds nothing', async () => {
  await publishRates(app);
  const hotel = await partnerClient(app, { settlementCurrency: 'USD' });
  const endpoint = await app.request('POST', '/v1/webhook-endpoints', {
    token: await hotel.token(),
    body: { url: receiver.url, eventTypes: ['transaction.earned'] },
  });
  const member = await hotel.enrol();
  await hotel.earn({ memberId: member, amount: { amount: '108.50', currency: 'USD' } });
  const environment = { DATABASE_URL: app.config.databaseUrl, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' };

  const run = await runCli(['deliver'], environment);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout.trim()).toBe('Scheduled 1 deliveries; sent 1: 1 delivered, 0 failed (retried later).');
  expect(receiver.received).toHaveLength(1);
  const [delivery] = receiver.received;
  if (delivery === undefined) throw new Error('nothing received');
  expect(verify(endpoint.body.secret, delivery, Date.now())).toMatchObject({ type: 'transaction.earned' });

  const again = await runCli(['deliver'], environment);
  expect(again.stdout.trim()).toBe('Scheduled 0 deliveries; sent 0: 0 delivered, 0 failed (retried later).');
  expect(receiver.received).toHaveLength(1);
});
