import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { EmbeddedClient } from '../../src/db/embedded/client.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  newKey,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * Through the app: the runner's batches (the write, its stored response, its events) reach the
 * writer as one request each. Redemptions that all planned on the same balance reach the writer together
 * and are committed by one group. The guards inside each batch (the wallet's CHECK) refuse the
 * ones that no longer fit, those are planned again and answered 422, and the others post.
 */

let app: TestApp;
let hotel: PartnerClient;
let memberId: string;

beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  hotel = await partnerClient(app, { settlementCurrency: 'EUR', earnRate: '1' });
  memberId = await hotel.enrol();
  expect((await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } })).status).toBe(201);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
});

function embeddedClient(): EmbeddedClient {
  const { client } = app.deps;
  if (!(client instanceof EmbeddedClient))
    throw new Error('a file database is served by the embedded client');
  return client;
}

/**
 * Sends the requests while the writer is held, so that every one plans on the same data and their
 * batches wait for the writer together; then lets the writer go.
 */
async function sentTogether<T>(client: EmbeddedClient, requests: (() => Promise<T>)[]): Promise<T[]> {
  const batches = vi.spyOn(client, 'batch');
  const hold = await client.transaction('write');
  const answers = Promise.all(requests.map((request) => request()));
  while (batches.mock.calls.length < requests.length) await new Promise((resume) => setImmediate(resume));
  await hold.rollback();
  return answers;
}

const redemptionEvents = async () =>
  (
    await app.deps.db.all<{ transactionId: string }>(
      sql`SELECT json_extract(data, '$.transactionId') AS transactionId FROM events
          WHERE type = 'transaction.redeemed' ORDER BY position`,
    )
  ).map((row) => row.transactionId);

test('six redemptions of 30 from 100 points committed in one group: three post, three are refused and write nothing', async () => {
  const client = embeddedClient();
  const before = client.groupCommits;
  const responses = await sentTogether(
    client,
    Array.from({ length: 6 }, () => () => hotel.redeem({ memberId, points: 30 })),
  );

  expect(responses.map((response) => response.status).sort()).toEqual([201, 201, 201, 422, 422, 422]);
  for (const refused of responses.filter((response) => response.status === 422))
    expect(refused.body.code).toBe('insufficient_points');
  // The six batches went in one group that committed three; the three refused were planned again
  // from fresh reads and refused before writing.
  expect(client.groupCommits.commits - before.commits).toBe(1);
  expect(client.groupCommits.requests - before.requests).toBe(3);
  expect((await hotel.balance(memberId)).available).toBe(10);
  // Each posted redemption's event committed with it, and a refused one left none.
  const posted = responses.filter((response) => response.status === 201).map((response) => response.body.id);
  expect((await redemptionEvents()).sort()).toEqual(posted.sort());
  await expectLedgerInvariants(app);
  await expectTransactionInvariants(app);
});

test('one Idempotency-Key sent four times into one group: one redemption posts, with one event, and every answer is its own', async () => {
  const client = embeddedClient();
  const key = newKey('redeem');
  const responses = await sentTogether(
    client,
    Array.from({ length: 4 }, () => () => hotel.redeem({ memberId, points: 30 }, key)),
  );

  expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
  const [first] = responses;
  for (const response of responses) expect(response.body).toEqual(first?.body);
  expect(await redemptionEvents()).toEqual([first?.body.id]);
  expect((await hotel.balance(memberId)).available).toBe(70);
  await expectLedgerInvariants(app);
  await expectTransactionInvariants(app);
});
