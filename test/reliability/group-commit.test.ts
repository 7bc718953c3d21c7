import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { EmbeddedClient } from '../../src/db/embedded/client.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * Through the app: redemptions that all planned on the same balance reach the writer together
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

test('six redemptions of 30 from 100 points committed in one group: three post, three are refused and write nothing', async () => {
  const { client } = app.deps;
  if (!(client instanceof EmbeddedClient))
    throw new Error('a file database is served by the embedded client');
  const batches = vi.spyOn(client, 'batch');
  const hold = await client.transaction('write');
  const answers = Promise.all(Array.from({ length: 6 }, () => hotel.redeem({ memberId, points: 30 })));
  // Every request reads the same 100 points, plans, and sends its batch, which waits for the writer.
  while (batches.mock.calls.length < 6) await new Promise((resume) => setImmediate(resume));
  const before = client.groupCommits;
  await hold.rollback();
  const responses = await answers;

  expect(responses.map((response) => response.status).sort()).toEqual([201, 201, 201, 422, 422, 422]);
  for (const refused of responses.filter((response) => response.status === 422))
    expect(refused.body.code).toBe('insufficient_points');
  // The six batches went in one group that committed three; the three refused were planned again
  // from fresh reads and refused before writing.
  expect(client.groupCommits.commits - before.commits).toBe(1);
  expect(client.groupCommits.requests - before.requests).toBe(3);
  expect((await hotel.balance(memberId)).available).toBe(10);
  await expectLedgerInvariants(app);
  await expectTransactionInvariants(app);
});
