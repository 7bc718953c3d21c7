// @module-tag deep — server processes started and killed: `npm run test:deep` runs it, `npm test` does not.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp, TestClock } from '../support/harness.js';
import { type Received, Receiver, verify } from '../webhooks/support.js';
import { DEEP, report } from './support/checks.js';
import { call, ServerProcess } from './support/servers.js';

/**
 * Webhooks survive crashes: server processes dispatching webhooks (in the server, every 50 ms)
 * under a write load are killed with SIGKILL at random moments, while deliveries are pending,
 * failing and in flight (the receivers hold some answers past the timeout, refuse others with a
 * 500). After a last restart every event each endpoint should receive arrives at least once,
 * verified with the `standardwebhooks` package; a duplicate carries the same `webhook-id` and body,
 * and no endpoint receives an event it should not.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? (DEEP ? 12 : 3));
const WORKERS = 4;
const TIMEOUT_MS = 1000;
const SERVER_ENVIRONMENT = {
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
  WEBHOOK_DISPATCH_INTERVAL_MS: '50',
  HOUSEKEEPING_INTERVAL_MINUTES: '0',
};

let seed: TestApp;
let hotel: PartnerClient;
let partnerReceiver: Receiver;
let operatorReceiver: Receiver;
const secrets: Record<'partner' | 'operator', string> = { partner: '', operator: '' };
const members: string[] = [];
let server: ServerProcess | undefined;

/** Each event's first delivery fails one time in three (a 500, or no answer in time); later ones succeed. */
function flaky(receiver: Receiver): void {
  const seen = new Set<string>();
  receiver.answer = (request) => {
    const id = String(request.headers['webhook-id']);
    if (seen.has(id)) return { status: 200 };
    seen.add(id);
    const roll = Math.random();
    return roll < 0.17 ? { status: 500 } : roll < 0.33 ? 'hang' : { status: 200 };
  };
}

beforeAll(async () => {
  seed = await TestApp.create({
    clock: new TestClock(Date.now()),
    environment: { RATE_LIMIT_PER_MINUTE: '0', WEBHOOK_ALLOW_PRIVATE_URLS: 'true' },
  });
  await publishRates(seed);
  hotel = await partnerClient(seed, { settlementCurrency: 'EUR', earnRate: '1' });
  for (let index = 0; index < 6; index += 1) members.push(await hotel.enrol());
  partnerReceiver = await Receiver.start();
  operatorReceiver = await Receiver.start();
  flaky(partnerReceiver);
  flaky(operatorReceiver);
  const partnerEndpoint = await seed.request('POST', '/v1/webhook-endpoints', {
    token: await hotel.token(),
    body: { url: partnerReceiver.url, eventTypes: ['transaction.earned', 'transaction.redeemed'] },
  });
  const operatorEndpoint = await seed.request('POST', '/v1/webhook-endpoints', {
    token: await seed.operatorToken(),
    body: { url: operatorReceiver.url, eventTypes: ['transaction.earned', 'transaction.redeemed'] },
  });
  secrets.partner = partnerEndpoint.body.secret;
  secrets.operator = operatorEndpoint.body.secret;
});

afterAll(async () => {
  await server?.kill();
  await partnerReceiver?.close();
  await operatorReceiver?.close();
  await seed?.close();
});

async function writeLoad(url: string, running: () => boolean): Promise<void> {
  while (running()) {
    seed.clock.nowMs = Date.now();
    const memberId = members[Math.floor(Math.random() * members.length)] ?? '';
    const token = await hotel.token();
    if (Math.random() < 0.7) {
      await call(
        url,
        'POST',
        '/v1/earn',
        token,
        { memberId, amount: { amount: '12.00', currency: 'EUR' } },
        newKey(),
      );
    } else {
      await call(url, 'POST', '/v1/redeem', token, { memberId, points: 1 }, newKey());
    }
  }
}

/** Event ids a reader's feed holds of the types the endpoints take. */
async function expectedIds(token: string): Promise<string[]> {
  const ids: string[] = [];
  for (let after = '0'; ; ) {
    const page = await seed.request(
      'GET',
      `/v1/events?types=transaction.earned,transaction.redeemed&limit=500&after=${after}`,
      {
        token,
      },
    );
    ids.push(...page.body.data.map((event: { id: string }) => event.id));
    if (page.body.data.length < 500) return ids;
    after = page.body.nextCursor;
  }
}

function byId(received: readonly Received[]): Map<string, Received[]> {
  const grouped = new Map<string, Received[]>();
  for (const request of received) {
    const id = String(request.headers['webhook-id']);
    grouped.set(id, [...(grouped.get(id) ?? []), request]);
  }
  return grouped;
}

describe('webhooks across crashes', () => {
  test(`${KILLS} SIGKILLs with deliveries pending and in flight: every event delivered at least once, none lost`, {
    timeout: 120_000 + KILLS * 20_000,
  }, async () => {
    for (let kill = 0; kill < KILLS; kill += 1) {
      server = await ServerProcess.start(seed.config.databaseUrl, SERVER_ENVIRONMENT);
      let running = true;
      const url = server.url;
      const workers = Array.from({ length: WORKERS }, () => writeLoad(url, () => running));
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(Math.random() * 1200)));
      server.killNow('SIGKILL');
      running = false;
      await server.kill();
      await Promise.all(workers);
    }
    const receivedBeforeRestart = partnerReceiver.received.length + operatorReceiver.received.length;

    server = await ServerProcess.start(seed.config.databaseUrl, SERVER_ENVIRONMENT);
    seed.clock.nowMs = Date.now();
    const partnerExpected = await expectedIds(await hotel.token());
    const operatorExpected = await expectedIds(await seed.operatorToken());
    expect(operatorExpected).toEqual(partnerExpected);
    // Claims of killed dispatchers run out after 2 × timeout + 1 s, first retries come after 10 s ± 20 %.
    const deadline = Date.now() + 90_000;
    const missing = () => [
      ...partnerExpected.filter((id) => !byId(partnerReceiver.received).has(id)),
      ...operatorExpected.filter((id) => !byId(operatorReceiver.received).has(id)),
    ];
    while (missing().length > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    await server.kill();
    server = undefined;
    expect(missing()).toEqual([]);

    for (const [receiver, expected, secret] of [
      [partnerReceiver, partnerExpected, secrets.partner],
      [operatorReceiver, operatorExpected, secrets.operator],
    ] as const) {
      const grouped = byId(receiver.received);
      expect([...grouped.keys()].sort()).toEqual([...expected].sort());
      for (const [id, copies] of grouped) {
        for (const copy of copies) {
          expect(verify(secret, copy, copy.receivedAt)).toMatchObject({ id });
          expect(copy.body).toBe(copies[0]?.body);
        }
      }
    }
    const duplicates = [
      ...byId(partnerReceiver.received).values(),
      ...byId(operatorReceiver.received).values(),
    ].filter((copies) => copies.length > 1).length;
    report('webhook crashes', {
      kills: KILLS,
      events: partnerExpected.length,
      deliveriesReceived: partnerReceiver.received.length + operatorReceiver.received.length,
      receivedBeforeLastRestart: receivedBeforeRestart,
      eventsReceivedMoreThanOnce: duplicates,
    });
    expect(partnerExpected.length).toBeGreaterThan(KILLS * 3);
  });
});
