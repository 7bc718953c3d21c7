// @module-tag deep — workerd on a local D1: `npm run test:deep` runs it, `npm test` does not.
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { STANDARD_RATES } from '../support/coalition.js';
import { LocalWorker, WORKER_START_TIMEOUT_MS } from '../worker/support.js';

// Settlement on the Workers runtime with D1: the triggers of the migrations, the batch of selects
// a close reads its snapshot with, and statement signing in workerd.
let worker: LocalWorker;
beforeAll(async () => {
  worker = await LocalWorker.start();
}, WORKER_START_TIMEOUT_MS);
afterAll(async () => {
  await worker?.stop();
}, 15_000);

test('a close on D1 settles the running totals and signs statements a partner verifies against the JWKS', {
  timeout: 60_000,
}, async () => {
  const operator = await worker.operatorToken();
  expect(
    (await worker.request('PUT', '/v1/fx-rates', { token: operator, body: { rates: STANDARD_RATES } }))
      .status,
  ).toBe(201);
  const hotel = await worker.onboardPartner({
    name: 'Harbor Hotel',
    settlementCurrency: 'USD',
    issuePrice: '0.012',
    redeemRate: '0.009',
  });
  const shop = await worker.onboardPartner({
    name: 'Prague Shop',
    settlementCurrency: 'CZK',
    issuePrice: '0.011',
    redeemRate: '0.0085',
  });
  const write = async (partner: typeof hotel, path: string, body: unknown) =>
    worker.request('POST', path, {
      token: await partner.token(),
      body,
      idempotencyKey: `worker-${crypto.randomUUID()}`,
    });
  const memberId = (await write(hotel, '/v1/members', {})).body.id;
  expect(
    (await write(hotel, '/v1/earn', { memberId, amount: { amount: '1085.00', currency: 'USD' } })).body
      .points,
  ).toBe(1000);
  expect((await write(shop, '/v1/redeem', { memberId, points: 250 })).status).toBe(201);

  const closed = await worker.request('POST', '/v1/settlements', { token: operator, body: {} });
  expect(closed.status).toBe(201);
  const statements = Object.fromEntries(
    closed.body.statements.map((row: { partnerId: string; statement: unknown }) => [
      row.partnerId,
      row.statement,
    ]),
  );
  expect(statements[hotel.partner.id]).toMatchObject({
    settlement: { net: { amount: '13.02', currency: 'USD' } },
    flows: { issued: [{ redeemerPartnerId: shop.partner.id, points: 250 }] },
  });
  // 250 x 0.0085 = 2.125 EUR -> 2.12; x 25.32 = 53.805 CZK -> 53.80 (half-even)
  expect(statements[shop.partner.id]).toMatchObject({
    reference: { reimbursement: { amount: '2.12' } },
    settlement: { reimbursement: { amount: '53.80', currency: 'CZK' } },
  });

  const jwks = createLocalJWKSet((await worker.request('GET', '/.well-known/jwks.json')).body);
  const own = await worker.request('GET', `/v1/settlements/${closed.body.settlement.settlementId}`, {
    token: await shop.token(),
  });
  const { payload, protectedHeader } = await compactVerify(own.body.signature, jwks, {
    algorithms: ['ES256'],
  });
  expect(protectedHeader.typ).toBe('tessera-statement+jws');
  expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(own.body.statement);

  const csv = await worker.request('GET', `/v1/settlements/${closed.body.settlement.settlementId}.csv`, {
    token: await shop.token(),
  });
  expect(csv.status).toBe(200);
  expect(csv.headers.get('tessera-signature')).toBe(own.body.signature);
  expect((await worker.request('POST', '/v1/settlements', { token: operator, body: {} })).status).toBe(200);
});
