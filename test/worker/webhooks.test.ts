import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Receiver, verify } from '../webhooks/support.js';
import { ledgerPartner, publishStandardRates } from './d1-ledger.js';
import { LocalWorker, WORKER_START_TIMEOUT_MS, wranglerCrons } from './support.js';

/**
 * Webhooks in the Workers runtime (workerd, local D1): a write that commits events hands a
 * dispatch to `waitUntil`, and the every-minute cron of wrangler.toml sends what is due. The
 * receiver is a real HTTP server on loopback, which the worker may reach because the test sets
 * WEBHOOK_ALLOW_PRIVATE_URLS; every delivery is verified with the `standardwebhooks` package.
 */
let worker: LocalWorker;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await Receiver.start();
  worker = await LocalWorker.start({ vars: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
  await publishStandardRates(worker);
}, WORKER_START_TIMEOUT_MS);
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
}, 15_000);

/** Generous: the delivery goes out right after the earn's response; the bound only ends a broken run. */
const ARRIVAL_DEADLINE_MS = 30_000;

async function arrivalOf(eventId: () => string | undefined, copies = 1): Promise<void> {
  const deadline = Date.now() + ARRIVAL_DEADLINE_MS;
  const arrived = () => receiver.received.filter((request) => request.headers['webhook-id'] === eventId());
  while (arrived().length < copies && Date.now() < deadline)
    await new Promise((resolveLater) => setTimeout(resolveLater, 100));
}

describe('webhooks from the Worker', () => {
  let endpoint: { id: string; secret: string };
  let partner: Awaited<ReturnType<typeof ledgerPartner>>;
  let eventId: string | undefined;

  test('a partner registers an endpoint, earns, and receives a signed transaction.earned (waitUntil)', async () => {
    partner = await ledgerPartner(worker, { settlementCurrency: 'EUR' });
    const registered = await worker.request('POST', '/v1/webhook-endpoints', {
      token: await partner.token(),
      body: { url: receiver.url, eventTypes: ['transaction.earned'] },
    });
    expect(registered.status).toBe(201);
    endpoint = registered.body;
    const member = await partner.enrol();
    const earned = await partner.earn({ memberId: member, amount: { amount: '42.00', currency: 'EUR' } });
    expect(earned.status).toBe(201);

    const feed = await worker.request('GET', '/v1/events?types=transaction.earned', {
      token: await partner.token(),
    });
    eventId = feed.body.data[0]?.id;
    await arrivalOf(() => eventId);
    const [delivery] = receiver.received;
    if (delivery === undefined) throw new Error(`nothing received:\n${worker.logs()}`);
    expect(receiver.received).toHaveLength(1);
    expect(verify(endpoint.secret, delivery, delivery.receivedAt)).toEqual(feed.body.data[0]);
    expect(feed.body.data[0]).toMatchObject({
      type: 'transaction.earned',
      data: { transactionId: earned.body.id, partnerId: partner.id, memberId: member },
    });

    const attempts = await worker.request('GET', `/v1/webhook-endpoints/${endpoint.id}/attempts`, {
      token: await partner.token(),
    });
    expect(attempts.body.data).toMatchObject([{ eventId, statusCode: 200 }]);
  });

  test('the every-minute cron trigger sends the retries that fell due', async () => {
    const webhookCron = wranglerCrons().find((cron) => cron === '* * * * *');
    if (webhookCron === undefined) throw new Error('wrangler.toml has no every-minute cron');
    const refusedOnce = new Set<string>();
    receiver.answer = (request) => {
      const id = String(request.headers['webhook-id']);
      if (refusedOnce.has(id)) return { status: 200 };
      refusedOnce.add(id);
      return { status: 500 };
    };
    const member = await partner.enrol();
    const earned = await partner.earn({ memberId: member, amount: { amount: '8.00', currency: 'EUR' } });
    expect(earned.status).toBe(201);
    const [retry] = await retryOf(earned.body.id);
    if (retry === undefined)
      throw new Error(`the refused delivery was never scheduled again:\n${worker.logs()}`);
    // Workerd's clock cannot be moved: the test waits for the retry's time (10 s ± 20 %) to come.
    while (Date.now() <= retry.nextAttemptAt)
      await new Promise((resolveLater) => setTimeout(resolveLater, 200));

    expect(await worker.triggerScheduled(webhookCron)).toEqual({ status: 200, body: 'ok' });
    // The cron's run ends with its dispatch: when it answers, the retry has arrived.
    const copies = receiver.received.filter((request) => request.headers['webhook-id'] === retry.eventId);
    expect(copies).toHaveLength(2);
    for (const copy of copies)
      expect(verify(endpoint.secret, copy, copy.receivedAt)).toMatchObject({ id: retry.eventId });
    expect(copies[1]?.body).toBe(copies[0]?.body);
    const attempts = await worker.request(
      'GET',
      `/v1/webhook-endpoints/${endpoint.id}/attempts?eventId=${retry.eventId}`,
      { token: await partner.token() },
    );
    expect(attempts.body.data.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([
      200, 500,
    ]);
  }, 60_000);
});

/**
 * The delivery of the earn's event once its failed first attempt is recorded (until then
 * `next_attempt_at` is the claim's end): its event and when it is due again.
 */
async function retryOf(transactionId: string) {
  const deadline = Date.now() + ARRIVAL_DEADLINE_MS;
  for (;;) {
    const rows = await worker.query<{ eventId: string; nextAttemptAt: number }>(
      `SELECT d.event_id AS eventId, d.next_attempt_at AS nextAttemptAt
         FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
        WHERE json_extract(e.data, '$.transactionId') = '${transactionId}'
          AND d.status = 'pending' AND d.retries = 1
          AND EXISTS (SELECT 1 FROM webhook_attempts a WHERE a.delivery_id = d.id AND a.status_code = 500)`,
    );
    if (rows.length > 0 || Date.now() > deadline) return rows;
    await new Promise((resolveLater) => setTimeout(resolveLater, 100));
  }
}
