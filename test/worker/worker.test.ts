import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildNetworkKeySet, generateNetworkKey } from '../../src/auth/network-keys.js';
import { signNetworkToken } from '../../src/auth/tokens.js';
import { SoftwareAuthenticator } from '../support/authenticator.js';
import { TestApp } from '../support/harness.js';
import { ledgerFootprint, ledgerPartner, publishStandardRates, tally } from './d1-ledger.js';
import { LocalWorker, WORKER_START_TIMEOUT_MS, wranglerCron, wranglerTokenSettings } from './support.js';

// One `wrangler dev` for the file: it takes seconds to start. Tests share it, so each one builds
// its own fixtures with fresh ids and never counts on what another left behind.
let worker: LocalWorker;
beforeAll(async () => {
  worker = await LocalWorker.start();
}, WORKER_START_TIMEOUT_MS);
afterAll(async () => {
  await worker?.stop();
}, 15_000);

/**
 * Counts partners in D1 beside the worker, not through the API under test, and whether `witnessId`
 * is among them: a witness the worker just wrote proves the count reads the worker's database.
 */
async function partnerCount(witnessId: string): Promise<{ partners: number; witness: number }> {
  const [row] = await worker.query<{ partners: number; witness: number }>(
    `SELECT count(*) AS partners, count(*) FILTER (WHERE id = '${witnessId}') AS witness FROM partners`,
  );
  if (row === undefined) throw new Error('the count query returned no row');
  return row;
}

function withoutRequestId(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('requestId' in body)) return body;
  const { requestId: _requestId, ...rest } = body;
  return rest;
}

describe('Tessera in the Workers runtime (workerd, local D1 with the real migrations)', () => {
  test('a member claims the wallet and signs in with ES256, EdDSA and RS256 passkeys: WebCrypto in workerd verifies them', async () => {
    const { token } = await worker.onboardPartner();
    const enrolled = await worker.request('POST', '/v1/members', {
      token: await token(),
      body: {},
      idempotencyKey: `enrol-passkeys-${Date.now()}`,
    });
    const claimed = await worker.request('POST', '/v1/claims', { body: { code: enrolled.body.claim.code } });
    expect(claimed.status).toBe(201);
    for (const algorithm of ['ES256', 'EdDSA', 'RS256'] as const) {
      const authenticator = await SoftwareAuthenticator.create({ algorithm });
      const options = await worker.request('POST', '/v1/me/passkeys/challenges', {
        token: claimed.body.accessToken,
      });
      const registered = await worker.request('POST', '/v1/me/passkeys', {
        token: claimed.body.accessToken,
        body: {
          challengeToken: options.body.challengeToken,
          credential: await authenticator.register(options.body.publicKey),
        },
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const signInOptions = await worker.request('POST', '/v1/sessions/passkey/challenges', {});
      const body = {
        challengeToken: signInOptions.body.challengeToken,
        credential: await authenticator.assert(signInOptions.body.publicKey),
      };
      const signedIn = await worker.request('POST', '/v1/sessions/passkey', { body });
      expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(201);
      expect(signedIn.body.memberId).toBe(enrolled.body.id);
      expect((await worker.request('POST', '/v1/sessions/passkey', { body })).body.code).toBe(
        'passkey_refused',
      );
    }
  });

  test('GET /health answers ok once D1 answers', async () => {
    const response = await worker.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  test('GET /.well-known/jwks.json publishes the public half of the NETWORK_SIGNING_KEYS secret', async () => {
    const response = await worker.request('GET', '/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.body.keys).toEqual([worker.networkKeys.jwks.keys[0]]);
    expect(response.body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      kid: worker.networkKeys.signing.kid,
    });
    expect(response.body.keys[0]).not.toHaveProperty('d');
  });

  // The OpenAPI document, served from the static assets, is compared in docs.test.ts.
  test('the Worker answers as the Node build does: problems', async () => {
    const node = await TestApp.create();
    try {
      const invalidPartner = {
        name: 'Nowhere',
        sector: 'spaceport',
        country: 'us',
        settlementCurrency: 'EUR',
        earnRate: 'x',
      };
      const exchanges = [
        ['GET', '/v1/nothing-here', undefined, 404],
        ['DELETE', '/health', undefined, 405],
        ['POST', '/v1/partners', invalidPartner, 422],
      ] as const;
      for (const [method, path, body, status] of exchanges) {
        const [onNode, onWorker] = await Promise.all([
          node.request(method, path, { token: await node.operatorToken(), body }),
          worker.request(method, path, { token: await worker.operatorToken(), body }),
        ]);
        expect(onNode.status).toBe(status);
        expect({ path, status: onWorker.status, body: withoutRequestId(onWorker.body) }).toEqual({
          path,
          status,
          body: withoutRequestId(onNode.body),
        });
      }
    } finally {
      await node.close();
    }
  });

  test('the operator onboards a partner, reads it back, and registers its key', async () => {
    const partner = await worker.createPartner({
      name: 'Apotheke am Markt',
      sector: 'pharmacy',
      country: 'DE',
      settlementCurrency: 'EUR',
    });
    expect(partner).toMatchObject({
      id: expect.stringMatching(/^ptn_/),
      name: 'Apotheke am Markt',
      settlementCurrency: 'EUR',
    });

    const read = await worker.request('GET', `/v1/partners/${partner.id}`, {
      token: await worker.operatorToken(),
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(partner);

    await expect(worker.registerPartnerKey(partner.id, 'EdDSA')).resolves.toMatchObject({
      algorithm: 'EdDSA',
    });
  });

  test('a partner signs its own token and enrols a member; a replay returns the original response', async () => {
    const { token } = await worker.onboardPartner();
    const externalReference = `CARD-${crypto.randomUUID()}`;
    const enrol = async () =>
      worker.request('POST', '/v1/members', {
        token: await token(),
        idempotencyKey: `enrol-${externalReference}`,
        body: { externalReference },
      });

    const first = await enrol();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.stringMatching(/^mem_/), externalReference });
    const replay = await enrol();
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const members = await worker.query(
      `SELECT id FROM members WHERE external_reference = '${externalReference}'`,
    );
    expect(members).toEqual([{ id: first.body.id }]);
  });

  test('a partner finds its member, lists and exports its transactions; the operator reads the member, audited', async () => {
    await publishStandardRates(worker);
    const { partner, key, token } = await worker.onboardPartner();
    const externalReference = `CARD-${crypto.randomUUID()}`;
    const partnerCall = async (method: string, path: string, body?: unknown) =>
      worker.request(method, path, {
        token: await token(),
        ...(body === undefined ? {} : { body, idempotencyKey: `${path}-${externalReference}` }),
      });
    const memberId = (await partnerCall('POST', '/v1/members', { externalReference })).body.id;
    const earned = await partnerCall('POST', '/v1/earn', {
      memberId,
      amount: { amount: '108.50', currency: 'USD' },
    });
    expect(earned.status).toBe(201);

    const found = await partnerCall('GET', `/v1/members?externalReference=${externalReference}`);
    expect(found.body.data).toEqual([expect.objectContaining({ id: memberId, enrolledByYou: true })]);
    const listed = await partnerCall('GET', `/v1/transactions?memberId=${memberId}`);
    expect(listed.body.data.map((transaction: { id: string }) => transaction.id)).toEqual([earned.body.id]);
    const period = new URLSearchParams({
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
      memberId,
    });
    const exported = await partnerCall('GET', `/v1/transactions.csv?${period}`);
    expect(exported.status).toBe(200);
    const rows = String(exported.body)
      .split('\r\n')
      .filter((line) => line !== '');
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual([earned.body.id]);

    const read = await worker.request('GET', `/v1/members/${memberId}`, {
      token: await worker.operatorToken(),
    });
    expect(read.body).toMatchObject({ id: memberId, externalReference, balance: { available: 100 } });
    expect(await worker.query(`SELECT action FROM audit_log WHERE target = '${memberId}'`)).toEqual([
      { action: 'member.read' },
    ]);

    // Support finds the same member by the partner's card number: audited too.
    const holder = await worker.request(
      'GET',
      `/v1/partners/${partner.id}/card-holder?externalReference=${externalReference}`,
      { token: await worker.operatorToken() },
    );
    expect(holder.body).toEqual({ memberId, externalReference, via: 'enrolment' });
    expect(await worker.query(`SELECT action FROM audit_log WHERE target = '${memberId}'`)).toEqual([
      { action: 'member.read' },
      { action: 'member.read' },
    ]);
    // The partner reads its own keys, without key material.
    const keys = await partnerCall('GET', `/v1/partners/${partner.id}/keys`);
    expect(keys.status).toBe(200);
    expect(keys.body.data.map((each: { kid: string }) => each.kid)).toEqual([key.kid]);
    expect(JSON.stringify(keys.body)).not.toContain('"d"');
  });

  test('the cron trigger of wrangler.toml runs the expiry sweep against D1', async () => {
    const cron = wranglerCron();
    expect(await worker.triggerScheduled(cron)).toEqual({ status: 200, body: 'ok' });
    const sweepLog = `"job":"expiry-sweep","cron":${JSON.stringify(cron)},"lotsExpired":`;
    await expect.poll(() => worker.logs(), { timeout: 5_000 }).toContain(sweepLog);
  });

  test('an unknown route is a 404 problem document', async () => {
    const response = await worker.request('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'route_not_found',
      status: 404,
      requestId: response.headers.get('x-request-id'),
    });
  });

  test('an operator token signed with any other key is refused', async () => {
    const stranger = await buildNetworkKeySet([await generateNetworkKey(worker.networkKeys.signing.kid)]);
    const token = await signNetworkToken(stranger, wranglerTokenSettings(), {
      kind: 'operator',
      subject: 'operator',
      ttlSeconds: 600,
      nowMs: Date.now(),
    });
    const response = await worker.request('GET', '/v1/partners', { token });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
  });

  test('an invalid partner is a 422 and leaves no row behind', async () => {
    const witness = await worker.createPartner();
    const before = await partnerCount(witness.id);
    expect(before.witness).toBe(1);
    const response = await worker.request('POST', '/v1/partners', {
      token: await worker.operatorToken(),
      body: {
        name: 'Nowhere',
        sector: 'hotel',
        country: 'US',
        settlementCurrency: 'QQQ',
        earnRate: '1',
        issuePrice: '0.012',
        redeemRate: '0.009',
      },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 422, code: 'unknown_currency' });
    expect(await partnerCount(witness.id)).toEqual(before);
  });
});

describe('a refused write leaves nothing behind on D1', () => {
  test('a redemption the wallet cannot cover, one a pool rule refuses, and an earn without a rate', async () => {
    await publishStandardRates(worker);
    const bistro = await ledgerPartner(worker, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    const ana = await bistro.enrol();
    const ben = await bistro.enrol();
    expect((await bistro.earn({ memberId: ana, amount: { amount: '100.00', currency: 'EUR' } })).status).toBe(
      201,
    );
    const anaToken = await worker.memberToken(ana);
    const pool = await worker.request('POST', '/v1/pools', {
      token: anaToken,
      body: { kind: 'household', name: 'Refusals' },
    });
    const invite = await worker.request('POST', `/v1/pools/${pool.body.id}/invites`, { token: anaToken });
    expect(
      (
        await worker.request('POST', '/v1/pools/join', {
          token: await worker.memberToken(ben),
          body: { code: invite.body.code },
        })
      ).status,
    ).toBe(200);
    const limited = await worker.request('PATCH', `/v1/pools/${pool.body.id}/members/${ben}`, {
      token: anaToken,
      body: { monthlyLimitPoints: 30 },
    });
    expect(limited.status).toBe(200);
    const before = await ledgerFootprint(worker);

    const uncovered = await bistro.redeem({ memberId: ana, points: 101 });
    expect(uncovered.status).toBe(422);
    expect(uncovered.body).toMatchObject({
      code: 'insufficient_points',
      availablePoints: 100,
      requestedPoints: 101,
    });
    const overLimit = await bistro.redeem({
      memberId: ben,
      points: 60,
      source: { type: 'pool', poolId: pool.body.id },
    });
    expect(overLimit.status).toBe(422);
    expect(overLimit.body).toMatchObject({ code: 'monthly_limit_reached', remainingPoints: 30 });
    const noRate = await bistro.earn({ memberId: ana, amount: { amount: '10.00', currency: 'CHF' } });
    expect(noRate.status).toBe(422);
    expect(noRate.body).toMatchObject({ code: 'fx_rate_missing', currency: 'CHF' });

    expect(await ledgerFootprint(worker)).toEqual(before);
  });

  test('redemptions fired at once: the batches the guards refuse roll back, only the winners are written', async () => {
    await publishStandardRates(worker);
    const bistro = await ledgerPartner(worker, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    const hotel = await ledgerPartner(worker, { name: 'Harbor Hotel San Diego', settlementCurrency: 'USD' });
    const memberId = await bistro.enrol();
    expect((await bistro.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } })).body.points).toBe(
      100,
    );

    // All ten are planned on the same 100 points; each batch whose lot or wallet changed under it
    // fails its guard in D1, is rolled back, and is planned again: 3 x 30 fit, 10 points stay.
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => hotel.redeem({ memberId, points: 30 })),
    );
    expect(tally(responses)).toEqual({ '201': 3, '422 insufficient_points': 7 });

    const [written] = await worker.query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM transactions WHERE member_id = '${memberId}' AND kind = 'redeem') AS redemptions,
      (SELECT count(*) FROM transfers WHERE debit_account_id = 'wallet:${memberId}') AS transfers,
      (SELECT count(*) FROM lot_draws d JOIN lots l ON l.id = d.lot_id WHERE l.member_id = '${memberId}') AS lot_draws,
      (SELECT count(*) FROM idempotency_records WHERE principal_kind = 'partner' AND principal_id = '${hotel.id}') AS idempotency_records,
      (SELECT balance FROM accounts WHERE id = 'wallet:${memberId}') AS wallet,
      (SELECT balance FROM accounts WHERE id = 'redemption:${hotel.id}') AS redeemed,
      (SELECT SUM(points_remaining) FROM lots WHERE member_id = '${memberId}') AS lot_points`);
    expect(written).toEqual({
      redemptions: 3,
      transfers: 3,
      lot_draws: 3,
      idempotency_records: 3,
      wallet: 10,
      redeemed: 90,
      lot_points: 10,
    });
  });

  test('refunds fired at once: the write-conflict guard refuses the batches planned on a stale total, and they roll back', async () => {
    await publishStandardRates(worker);
    const hotel = await ledgerPartner(worker, { name: 'Harbor Hotel San Diego', settlementCurrency: 'USD' });
    const memberId = await hotel.enrol();
    const earned = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    expect(earned.body.points).toBe(92);

    // Six refunds of 20.00 against 100.00: five fit. Each loser is planned again after each of the
    // at most five commits, within the retry limit of 8, so the outcome is exact. The refunds
    // floor the running total: 18, 36, 55, 73, 92 points.
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        hotel.reverse(earned.body.id, { amount: { amount: '20.00', currency: 'USD' } }),
      ),
    );
    expect(tally(responses)).toEqual({ '201': 5, '422 reversal_exceeds_original': 1 });
    const refunded = responses
      .filter((response) => response.status === 201)
      .map((response) => response.body.points as number);
    expect(refunded.reduce((total, points) => total + points, 0)).toBe(92);
    const original = await worker.request('GET', `/v1/transactions/${earned.body.id}`, {
      token: await hotel.token(),
    });
    expect(original.body).toMatchObject({
      pointsReversed: 92,
      amountReversed: { amount: '100.00', currency: 'USD' },
    });
    expect(await hotel.balance(memberId)).toMatchObject({ available: 0, owed: 0 });
    const [written] = await worker.query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM transactions WHERE original_transaction_id = '${earned.body.id}') AS refunds,
      (SELECT count(*) FROM transfers WHERE debit_account_id = 'wallet:${memberId}') AS transfers,
      (SELECT count(*) FROM idempotency_records WHERE principal_kind = 'partner' AND principal_id = '${hotel.id}') AS idempotency_records`);
    // The enrolment, the earn and the five refunds.
    expect(written).toEqual({ refunds: 5, transfers: 5, idempotency_records: 7 });
  });
});

describe('D1 limits', () => {
  test('one redemption across 31 lots, and its return, stay within the 100 bound parameters D1 allows per statement', async () => {
    await publishStandardRates(worker);
    const bistro = await ledgerPartner(worker, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    const hotel = await ledgerPartner(worker, { name: 'Harbor Hotel San Diego', settlementCurrency: 'USD' });
    const memberId = await bistro.enrol();
    const lotCount = 31;
    for (let lot = 0; lot < lotCount; lot += 1) {
      expect((await bistro.earn({ memberId, amount: { amount: '2.00', currency: 'EUR' } })).body.points).toBe(
        2,
      );
    }

    // 31 provenance rows of 4 parameters each would be 124 in one INSERT: "too many SQL variables" on D1.
    const redeemed = await hotel.redeem({ memberId, points: 2 * lotCount });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ points: 62, draws: [{ memberId, poolId: null, points: 62 }] });
    expect((await hotel.balance(memberId)).available).toBe(0);
    const returned = await hotel.reverse(redeemed.body.id);
    expect(returned.status).toBe(201);
    expect(returned.body).toMatchObject({
      kind: 'reversal',
      points: 62,
      originalTransactionId: redeemed.body.id,
    });
    expect((await hotel.balance(memberId)).available).toBe(62);

    const [provenance] = await worker.query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM lot_draws d JOIN transfers f ON f.id = d.transfer_id WHERE f.transaction_id = '${redeemed.body.id}') AS drawn,
      (SELECT count(*) FROM lot_draws d JOIN transfers f ON f.id = d.transfer_id WHERE f.transaction_id = '${returned.body.id}') AS restored,
      (SELECT count(*) FROM lots WHERE member_id = '${memberId}' AND points_remaining = 2) AS full_lots`);
    expect(provenance).toEqual({ drawn: lotCount, restored: lotCount, full_lots: lotCount });
  });
});

describe('the catalogue on D1', () => {
  test('members reserving at once never oversell an item; a confirmation and a cancellation racing, one wins', async () => {
    await publishStandardRates(worker);
    const shop = await ledgerPartner(worker, {
      name: 'Alpine Outfitters Munich',
      sector: 'retail',
      country: 'DE',
      settlementCurrency: 'EUR',
    });
    const item = await worker.request('POST', '/v1/catalogue/items', {
      token: await shop.token(),
      idempotencyKey: `item-${shop.id}`,
      body: {
        kind: 'voucher',
        title: 'A guided trail run',
        description: 'Ten kilometres above the lake.',
        stock: 4,
        pointsPrice: 100,
        settlementPrice: { amount: '1.20', currency: 'EUR' },
        availableFrom: '2026-01-01T00:00:00Z',
        availableUntil: '2099-12-31T00:00:00Z',
      },
    });
    expect(item.status).toBe(201);
    const approved = await worker.request('POST', `/v1/catalogue/items/${item.body.id}/review`, {
      token: await worker.operatorToken(),
      body: { decision: 'approve' },
    });
    expect(approved.body.status).toBe('approved');
    const members: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const memberId = await shop.enrol();
      await shop.earn({ memberId, amount: { amount: '100.00', currency: 'EUR' } });
      members.push(memberId);
    }
    // A member saves for the item first: the goal is read back with the points still missing.
    const saver = members[0] as string;
    const saved = await worker.request('PUT', '/v1/me/goal', {
      token: await worker.memberToken(saver),
      body: { itemId: item.body.id },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const goal = await worker.request('GET', '/v1/me/goal', { token: await worker.memberToken(saver) });
    expect(goal.body).toMatchObject({ itemId: item.body.id, pointsPrice: 100, gift: null });

    const reservations = await Promise.all(
      members.map(async (memberId, index) =>
        worker.request('POST', '/v1/me/reservations', {
          token: await worker.memberToken(memberId),
          idempotencyKey: `reserve-${memberId}-${index}`,
          body: { itemId: item.body.id },
        }),
      ),
    );
    expect(tally(reservations)).toEqual({ '201': 4, '409 sold_out': 2 });

    const [first] = reservations.filter((response) => response.status === 201);
    const resolve = async (action: 'fulfilment' | 'cancellation') =>
      worker.request('POST', `/v1/reservations/${first?.body.id}/${action}`, {
        token: await shop.token(),
        idempotencyKey: `${action}-${first?.body.id}`,
      });
    const raced = await Promise.all([resolve('fulfilment'), resolve('cancellation')]);
    expect(raced.map((response) => response.status).sort()).toEqual([200, 409]);
    const won = raced.find((response) => response.status === 200)?.body.status;

    const [row] = await worker.query<Record<string, number>>(`SELECT
      (SELECT reserved FROM catalogue_items WHERE id = '${item.body.id}') AS reserved,
      (SELECT count(*) FROM transfers WHERE transaction_id = '${first?.body.transactionId}' AND kind IN ('catalogue_capture', 'catalogue_release')) AS resolutions,
      (SELECT balance FROM accounts WHERE id = 'network:reservations') AS held`);
    // A fulfilment keeps its seat taken; a cancellation frees it. Three other reservations stay held.
    expect(row).toEqual({ reserved: won === 'fulfilled' ? 4 : 3, resolutions: 1, held: 300 });
  });
});

// Last in the file: the ladder it publishes is in force for every later earn on this D1.
describe('status and gratitude on D1', () => {
  test('qualifying credits, a network-funded tier bonus and its refund, and the cron reviews statuses', async () => {
    await publishStandardRates(worker);
    const operator = await worker.operatorToken();
    const tiers = [
      {
        code: 'silver',
        name: 'Silver',
        threshold: 1000,
        lifetimeAfterYears: null,
        benefits: {
          description: '10% bonus points on every earn.',
          earnMultiplier: { multiplier: '1.1', fundedBy: 'network' },
          roomUpgradeEligible: false,
          perks: [],
        },
      },
    ];
    expect(
      (await worker.request('PUT', '/v1/status/tiers', { token: operator, body: { tiers } })).status,
    ).toBe(201);
    const bistro = await ledgerPartner(worker, {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
    });
    const memberId = await bistro.enrol();
    const reaching = await bistro.earn({ memberId, amount: { amount: '1000.00', currency: 'EUR' } });
    expect(reaching.body).toMatchObject({ points: 1000, tierBonus: null });
    const next = await bistro.earn({ memberId, amount: { amount: '200.00', currency: 'EUR' } });
    expect(next.body).toMatchObject({
      points: 200,
      tierBonus: { tier: 'silver', points: 20, fundedBy: 'network' },
    });
    const refund = await bistro.reverse(next.body.id, { amount: { amount: '100.00', currency: 'EUR' } });
    expect(refund.body).toMatchObject({ points: 100, tierBonus: { points: 10, fundedBy: 'network' } });

    const status = await worker.request('GET', '/v1/me/status', {
      token: await worker.memberToken(memberId),
    });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      tier: { code: 'silver' },
      basis: 'qualified',
      progress: { credits: 1100 },
    });
    const [written] = await worker.query<Record<string, number>>(`SELECT
      (SELECT SUM(credits) FROM qualifying_credits WHERE member_id = '${memberId}') AS credits,
      (SELECT count(*) FROM status_changes WHERE member_id = '${memberId}') AS changes,
      (SELECT balance FROM accounts WHERE id = 'wallet:${memberId}') AS wallet`);
    expect(written).toEqual({ credits: 1100, changes: 1, wallet: 1110 });

    const cron = wranglerCron();
    expect(await worker.triggerScheduled(cron)).toEqual({ status: 200, body: 'ok' });
    await expect.poll(() => worker.logs(), { timeout: 5_000 }).toContain('"statusesReviewed":');
  });
});
