import { expect } from 'vitest';
import { newKey, STANDARD_RATES } from '../support/coalition.js';
import { ExchangeLog } from './exchanges.js';
import type { ScenarioClient } from './support.js';

/**
 * The coalition's life on one page, written once over `ScenarioClient` so that it runs against
 * the Node build and against the Worker: FX, four partners in four currencies, members, earn
 * (with a 0x line), a hold captured in part, redemptions by points and by amount, refunds (one
 * after the points were spent), a household pool redeemed at a fourth partner, and the operator
 * closing the period. Run it on a fresh network: the close settles everything since the last one.
 *
 * It only uses the clock through the server: rates are published as of "now", and every point
 * and value below follows from the rates and earn rates alone (1 EUR = 1.0850 USD = 25.320 CZK
 * = 0.8600 GBP, a point is worth 0.01 EUR), so both runs must answer exactly the same.
 */
export async function runLedgerScenario(client: ScenarioClient): Promise<ExchangeLog> {
  const log = new ExchangeLog();
  const run = log.opaque(`run-${crypto.randomUUID().slice(0, 8)}`);
  const operator = await client.operatorToken();

  const published = log.record(
    'publish FX rates',
    await client.request('PUT', '/v1/fx-rates', {
      token: operator,
      body: { asOf: new Date(Date.now() - 1000).toISOString(), rates: STANDARD_RATES },
    }),
  );
  expect(published).toMatchObject({ status: 201, body: { referenceCurrency: 'EUR', rates: STANDARD_RATES } });

  const partner = async (step: string, overrides: Record<string, unknown>) => {
    const onboarded = await client.onboardPartner({
      sector: 'retail',
      earnRate: '1',
      issuePrice: '0.012',
      redeemRate: '0.009',
      ...overrides,
    });
    log.record(step, { status: 201, body: onboarded.partner });
    const call = async (
      callStep: string,
      method: string,
      path: string,
      body?: unknown,
      idempotencyKey = newKey(callStep.replaceAll(' ', '-')),
    ) =>
      log.record(
        callStep,
        await client.request(method, path, {
          token: await onboarded.token(),
          body,
          idempotencyKey: method === 'GET' ? undefined : idempotencyKey,
        }),
      );
    return { id: onboarded.partner.id as string, call };
  };
  const hotel = await partner('onboard the hotel (USD)', {
    name: 'Harbor Hotel San Diego',
    sector: 'hotel',
    country: 'US',
    settlementCurrency: 'USD',
  });
  const shop = await partner('onboard the shop (EUR)', {
    name: 'Mitte Mode Berlin',
    country: 'DE',
    settlementCurrency: 'EUR',
    earnRate: '2',
  });
  const pharmacy = await partner('onboard the pharmacy (CZK)', {
    name: 'Lékárna U Anděla',
    sector: 'pharmacy',
    country: 'CZ',
    settlementCurrency: 'CZK',
    categoryMultipliers: { prescription: '0' },
  });
  const bookshop = await partner('onboard the bookshop (GBP)', {
    name: 'Marylebone Books',
    country: 'GB',
    settlementCurrency: 'GBP',
  });

  const enrol = async (at: typeof hotel, name: string) => {
    const enrolled = await at.call(`enrol ${name}`, 'POST', '/v1/members', {
      externalReference: `CARD-${name}-${run}`,
    });
    expect(enrolled).toMatchObject({
      status: 201,
      body: { externalReference: `CARD-${name}-${run}`, enrolledByPartnerId: at.id },
    });
    return enrolled.body.id;
  };
  const ana = await enrol(hotel, 'ANA');
  const ben = await enrol(shop, 'BEN');
  const cecilie = await enrol(pharmacy, 'CECILIE');
  const dan = await enrol(hotel, 'DAN');
  const balance = async (step: string, memberId: string, expected: Record<string, number>) =>
    expect((await hotel.call(step, 'GET', `/v1/members/${memberId}/balance`)).body).toMatchObject(expected);

  // Prague: 2532.00 CZK = 100 EUR, of which 60 EUR on prescription (0x) and 40 EUR cosmetics (1x).
  const prague = await pharmacy.call('earn with a 0x line (CZK)', 'POST', '/v1/earn', {
    memberId: cecilie,
    amount: { amount: '2532.00', currency: 'CZK' },
    lines: [
      { amount: '1519.20', category: 'prescription' },
      { amount: '1012.80', category: 'cosmetics' },
    ],
  });
  expect(prague).toMatchObject({
    status: 201,
    body: { kind: 'earn', status: 'posted', points: 40, fx: { rate: '25.320' }, earnRate: '1' },
  });
  // Berlin: 120.00 EUR at 2 points per EUR.
  expect(
    await shop.call('earn (EUR)', 'POST', '/v1/earn', {
      memberId: ben,
      amount: { amount: '120.00', currency: 'EUR' },
    }),
  ).toMatchObject({
    status: 201,
    body: { points: 240, fx: { rate: '1' }, earnRate: '2' },
  });
  // San Diego: 542.50 USD = 500 EUR.
  const stay = await hotel.call('earn (USD)', 'POST', '/v1/earn', {
    memberId: ana,
    amount: { amount: '542.50', currency: 'USD' },
    externalReference: 'folio-1',
  });
  expect(stay).toMatchObject({
    status: 201,
    body: { points: 500, amount: { amount: '542.50', currency: 'USD' }, fx: { rate: '1.0850' } },
  });
  const stayId = stay.body.id;

  // A hold of 434.00 USD (400 points) captured at 217.00 USD: half of it, 200 points.
  const hold = await hotel.call('hold', 'POST', '/v1/earn', {
    memberId: ana,
    amount: { amount: '434.00', currency: 'USD' },
    hold: {},
  });
  expect(hold).toMatchObject({ status: 201, body: { status: 'pending', points: 400 } });
  await balance('balance with a hold', ana, { available: 500, pending: 400, owed: 0 });
  const holdId = hold.body.id;
  expect(
    await hotel.call('capture in part', 'POST', `/v1/transactions/${holdId}/capture`, {
      amount: { amount: '217.00', currency: 'USD' },
    }),
  ).toMatchObject({
    status: 200,
    body: {
      status: 'captured',
      hold: { pointsCaptured: 200, amountCaptured: { amount: '217.00', currency: 'USD' } },
    },
  });
  await balance('balance after the capture', ana, { available: 700, pending: 0 });

  // 100 points x 0.01 EUR x 1.085 = 1.085 USD, half-even 1.08; 3.00 USD / 1.085 / 0.01 = 276.49... -> 277 points.
  expect(
    await hotel.call('redeem by points', 'POST', '/v1/redeem', { memberId: ana, points: 100 }),
  ).toMatchObject({
    status: 201,
    body: { kind: 'redeem', points: 100, value: { amount: '1.08', currency: 'USD' } },
  });
  expect(
    await hotel.call('redeem by amount', 'POST', '/v1/redeem', {
      memberId: ana,
      amount: { amount: '3.00', currency: 'USD' },
    }),
  ).toMatchObject({
    status: 201,
    body: { points: 277 },
  });
  // A refund of 108.50 of the 542.50 stay takes back floor(500 x 108.50 / 542.50) = 100 points.
  expect(
    await hotel.call('partial refund', 'POST', `/v1/transactions/${stayId}/reversals`, {
      amount: { amount: '108.50', currency: 'USD' },
    }),
  ).toMatchObject({
    status: 201,
    body: { kind: 'reversal', points: 100, pointsOwed: 0, originalTransactionId: stayId },
  });
  await balance('balance after the refund', ana, { available: 223, owed: 0 });

  // Dan spends 80 of 100 points in London (0.688 GBP -> 0.69), then the stay is refunded in full.
  const dansStay = await hotel.call('earn before spending', 'POST', '/v1/earn', {
    memberId: dan,
    amount: { amount: '108.50', currency: 'USD' },
  });
  expect(dansStay.body).toMatchObject({ points: 100 });
  expect(
    await bookshop.call('spend before the refund', 'POST', '/v1/redeem', { memberId: dan, points: 80 }),
  ).toMatchObject({
    status: 201,
    body: { value: { amount: '0.69', currency: 'GBP' } },
  });
  expect(
    await hotel.call('refund after spending', 'POST', `/v1/transactions/${dansStay.body.id}/reversals`),
  ).toMatchObject({
    status: 201,
    body: { points: 100, pointsOwed: 80 },
  });
  await balance('balance owing', dan, { available: 0, owed: 80 });
  expect(
    await hotel.call('earn repays what is owed', 'POST', '/v1/earn', {
      memberId: dan,
      amount: { amount: '217.00', currency: 'USD' },
    }),
  ).toMatchObject({
    status: 201,
    body: { points: 200, pointsRepaid: 80 },
  });
  await balance('balance repaid', dan, { available: 120, owed: 0 });

  // The household: Ana (223), Ben (240) and Cecilie (40).
  const anaToken = await client.memberToken(ana);
  const created = log.record(
    'create a household',
    await client.request('POST', '/v1/pools', {
      token: anaToken,
      body: { kind: 'household', name: 'Our family' },
    }),
  );
  expect(created).toMatchObject({
    status: 201,
    body: { kind: 'household', ownerMemberId: ana, totalPoints: 223 },
  });
  const poolId = created.body.id;
  for (const [name, invitee] of [
    ['Ben', ben],
    ['Cecilie', cecilie],
  ] as const) {
    const invite = await client.request('POST', `/v1/pools/${poolId}/invites`, { token: anaToken });
    const code = log.opaque(String(invite.body.code));
    expect(log.record(`invite ${name}`, invite)).toMatchObject({ status: 201, body: { poolId } });
    const joined = log.record(
      `${name} joins`,
      await client.request('POST', '/v1/pools/join', {
        token: await client.memberToken(invitee),
        body: { code },
      }),
    );
    expect(joined).toMatchObject({ status: 200, body: { id: poolId } });
  }
  const pool = log.record(
    'read the pool',
    await client.request('GET', `/v1/pools/${poolId}`, { token: anaToken }),
  );
  expect(pool.body).toMatchObject({ totalPoints: 503 });
  expect(
    (pool.body as { members: { memberId: string; drawablePoints: number }[] }).members.map(
      ({ memberId, drawablePoints }) => [memberId, drawablePoints],
    ),
  ).toEqual([
    [ana, 223],
    [ben, 240],
    [cecilie, 40],
  ]);
  expect(
    log.record('Ana sees her unified balance', await client.request('GET', '/v1/me', { token: anaToken }))
      .body,
  ).toMatchObject({
    available: 223,
    unifiedAvailable: 503,
    pools: [{ poolId, kind: 'household', spendablePoints: 280 }],
  });

  // London: 400 points from the pool, soonest-expiring first: Cecilie 40, Ben 240, Ana 120;
  // worth 400 x 0.01 EUR x 0.86 = 3.44 GBP. A replay with the same key answers the same.
  const poolRedemptionKey = newKey('pool-redemption');
  const poolRedemption = { memberId: ana, points: 400, source: { type: 'pool', poolId } };
  const redeemed = await bookshop.call(
    'redeem from the pool',
    'POST',
    '/v1/redeem',
    poolRedemption,
    poolRedemptionKey,
  );
  expect(redeemed).toMatchObject({
    status: 201,
    body: { points: 400, value: { amount: '3.44', currency: 'GBP' } },
  });
  expect(redeemed.body.draws).toEqual([
    { memberId: ana, poolId, points: 120 },
    { memberId: ben, poolId, points: 240 },
    { memberId: cecilie, poolId, points: 40 },
  ]);
  const replayed = await bookshop.call(
    'replay the pool redemption',
    'POST',
    '/v1/redeem',
    poolRedemption,
    poolRedemptionKey,
  );
  expect({ status: replayed.status, body: replayed.body }).toEqual({ status: 201, body: redeemed.body });
  const refused = await hotel.call('redeem more than is left', 'POST', '/v1/redeem', {
    memberId: ana,
    points: 104,
  });
  expect(refused).toMatchObject({
    status: 422,
    body: { code: 'insufficient_points', availablePoints: 103, requestedPoints: 104 },
  });

  for (const [name, memberId, available] of [
    ['Ana', ana, 103],
    ['Ben', ben, 0],
    ['Cecilie', cecilie, 0],
  ] as const) {
    await balance(`${name}'s balance after London`, memberId, { available });
  }
  const after = log.record(
    'the pool after London',
    await client.request('GET', `/v1/pools/${poolId}`, { token: await client.memberToken(ben) }),
  );
  expect(after.body).toMatchObject({
    totalPoints: 103,
    activity: [{ redeemerMemberId: ana, points: 400, partner: { id: bookshop.id, country: 'GB' } }],
  });
  const activity = log.record(
    "Ana's activity",
    await client.request('GET', '/v1/me/activity', { token: anaToken }),
  );
  expect((activity.body as { data: { points: number }[] }).data.map((entry) => entry.points)).toEqual([
    -400, -100, -277, -100, 200, 500,
  ]);

  await closeThePeriod(client, log, {
    hotel: hotel.id,
    shop: shop.id,
    pharmacy: pharmacy.id,
    bookshop: bookshop.id,
  });
  return log;
}

/**
 * The operator closes the period. A close settles the whole network since the previous close, so
 * these figures hold on a network where this scenario is all that happened. Every partner buys
 * points at 0.012 EUR and is reimbursed 0.009 EUR per point redeemed at it.
 */
async function closeThePeriod(
  client: ScenarioClient,
  log: ExchangeLog,
  partners: Record<'hotel' | 'shop' | 'pharmacy' | 'bookshop', string>,
) {
  const close = async (step: string) =>
    log.record(
      step,
      await client.request('POST', '/v1/settlements', { token: await client.operatorToken() }),
    );
  const closed = await close('close the period');
  expect(closed.status).toBe(201);
  const settlement = closed.body.settlement;
  // Issued 40 + 240 + 500 + 200 + 100 + 200; 100 + 20 taken back by refunds, 80 repaid; redeemed 100 + 277 + 80 + 400.
  expect(settlement).toMatchObject({
    number: 1,
    period: { previousSettlementId: null, fromSequence: 0, toSequence: 15 },
    totals: {
      period: {
        issued: 1280,
        issueReversed: 120,
        debtRepaid: 80,
        redeemed: 857,
        redeemReturned: 0,
        expired: 0,
        outstandingLiability: 223,
        transfers: 15,
      },
    },
    // Fees on 1000 - 120 - 80 + 240 + 40 = 1080 points; reimbursements on 377 (hotel) + 480 (bookshop).
    netting: { issuanceFeesExact: '12.96', reimbursementsExact: '7.713', marginExact: '5.247' },
  });
  // Each amount is converted and rounded on its own: the hotel's 9.60 EUR fee is 10.42 USD and its
  // 3.393 EUR reimbursement 3.68 USD; the bookshop's 4.32 EUR is 3.7152 GBP; the pharmacy's 0.48 EUR 12.1536 CZK.
  expect(settlement.statements).toEqual([
    expect.objectContaining({
      partnerId: partners.hotel,
      direction: 'partner_pays',
      net: { amount: '6.74', currency: 'USD' },
      netReferenceExact: '6.207',
    }),
    expect.objectContaining({
      partnerId: partners.shop,
      direction: 'partner_pays',
      net: { amount: '2.88', currency: 'EUR' },
    }),
    expect.objectContaining({
      partnerId: partners.pharmacy,
      direction: 'partner_pays',
      net: { amount: '12.15', currency: 'CZK' },
    }),
    expect.objectContaining({
      partnerId: partners.bookshop,
      direction: 'network_pays',
      net: { amount: '-3.72', currency: 'GBP' },
      netReferenceExact: '-4.32',
    }),
  ]);
  const again = await close('close again with nothing new');
  expect(again.status).toBe(200);
  expect(again.body.settlement.settlementId).toBe(settlement.settlementId);
}
