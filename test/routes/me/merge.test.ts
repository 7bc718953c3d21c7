import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { formPool } from '../../pools/fixtures.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  ledgerSnapshot,
  newKey,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';
import { claimedMember, enrolWithClaim } from '../../support/members.js';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

/**
 * One person, two memberships: signed in to the hotel's (1000 points), holding the claim code of
 * the pharmacy's (500 points).
 */
async function twoMemberships(environment: Record<string, string> = {}) {
  app = await TestApp.create({ environment });
  await publishRates(app);
  const hotel = await partnerClient(app, { settlementCurrency: 'USD', earnRate: '1' });
  const pharmacy = await partnerClient(app, { settlementCurrency: 'EUR', earnRate: '1' });
  const survivor = await claimedMember(app, hotel, { externalReference: 'HOTEL-1' });
  await hotel.earn({ memberId: survivor.memberId, amount: { amount: '1085.00', currency: 'USD' } });
  const absorbed = await enrolWithClaim(app, pharmacy, { externalReference: 'PHARMA-1' });
  await pharmacy.earn({ memberId: absorbed.id, amount: { amount: '500.00', currency: 'EUR' } });
  const merge = (code: string, token = survivor.accessToken) =>
    app.request('POST', '/v1/me/merges', { token, body: { claimCode: code } });
  return { hotel, pharmacy, survivor, absorbed, merge };
}

const snapshot = async () => ({
  ...(await ledgerSnapshot(app)),
  qualifyingCredits: await app.deps.db.all(sql`SELECT * FROM qualifying_credits ORDER BY rowid`),
  memberStatus: await app.deps.db.all(sql`SELECT * FROM member_status ORDER BY rowid`),
  claimCodes: await app.deps.db.all(sql`SELECT * FROM claim_codes ORDER BY rowid`),
  sessions: await app.deps.db.all(sql`SELECT * FROM member_sessions ORDER BY rowid`),
  links: await app.deps.db.all(sql`SELECT * FROM member_links ORDER BY rowid`),
  events: await app.deps.db.all(sql`SELECT * FROM events ORDER BY rowid`),
});

const lotsOf = async (memberId: string) =>
  app.deps.db.all(
    sql`SELECT id, issuer_partner_id, points_remaining, expires_at FROM lots WHERE member_id = ${memberId} ORDER BY id`,
  );

describe('POST /v1/me/merges', () => {
  test('moves the points with their lots, issuer and expiry, and retires the absorbed membership', async () => {
    const { pharmacy, survivor, absorbed, merge } = await twoMemberships();
    const absorbedLots = await lotsOf(absorbed.id);
    const survivorLots = await lotsOf(survivor.memberId);
    const response = await merge(absorbed.claim.code);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      memberId: survivor.memberId,
      absorbedMemberId: absorbed.id,
      pointsMoved: 500,
      lotsMoved: 1,
      qualifyingCreditsMoved: 500,
      debtsMoved: 0,
    });
    expect(await lotsOf(survivor.memberId)).toEqual(
      [...survivorLots, ...absorbedLots].sort((a, b) =>
        String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)),
      ),
    );
    expect(await lotsOf(absorbed.id)).toEqual([]);
    const balances = await app.deps.db.all(
      sql`SELECT id, balance FROM accounts WHERE id IN (${`wallet:${survivor.memberId}`}, ${`wallet:${absorbed.id}`}) ORDER BY balance`,
    );
    expect(balances).toEqual([
      { id: `wallet:${absorbed.id}`, balance: 0 },
      { id: `wallet:${survivor.memberId}`, balance: 1500 },
    ]);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);

    // The absorbed id is told where it went, to partners and to its old tokens.
    const balance = await app.request('GET', `/v1/members/${absorbed.id}/balance`, {
      token: await pharmacy.token(),
    });
    expect(balance.status).toBe(409);
    expect(balance.body).toMatchObject({ code: 'member_merged', mergedIntoMemberId: survivor.memberId });
    const earn = await pharmacy.earn({ memberId: absorbed.id, amount: { amount: '10.00', currency: 'EUR' } });
    expect(earn.status).toBe(409);
    expect(earn.body.code).toBe('member_merged');
    const oldToken = await app.request('GET', '/v1/me', { token: await app.memberToken(absorbed.id) });
    expect(oldToken.status).toBe(404);
    expect(oldToken.body.detail).toContain(`merged into ${survivor.memberId}`);
  });

  test('a refund and a return of the absorbed membership act on the wallet that holds its lots now', async () => {
    const { pharmacy, hotel, survivor, absorbed, merge } = await twoMemberships();
    const earned = await pharmacy.earn({
      memberId: absorbed.id,
      amount: { amount: '200.00', currency: 'EUR' },
    });
    const spent = await hotel.redeem({ memberId: absorbed.id, points: 300 });
    expect(spent.status, JSON.stringify(spent.body)).toBe(201);
    expect((await merge(absorbed.claim.code)).status).toBe(201);
    const refund = await pharmacy.reverse(earned.body.id, { amount: { amount: '200.00', currency: 'EUR' } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const returned = await hotel.reverse(spent.body.id, { points: 300 });
    expect(returned.status, JSON.stringify(returned.body)).toBe(201);
    // 1000 + (500 + 200 - 300) moved in, 200 refunded, 300 returned.
    expect((await app.request('GET', '/v1/me', { token: survivor.accessToken })).status).toBe(200);
    const [wallets] = [
      await app.deps.db.all(
        sql`SELECT id, balance FROM accounts WHERE id IN (${`wallet:${survivor.memberId}`}, ${`wallet:${absorbed.id}`}) ORDER BY balance`,
      ),
    ];
    expect(wallets).toEqual([
      { id: `wallet:${absorbed.id}`, balance: 0 },
      { id: `wallet:${survivor.memberId}`, balance: 1500 },
    ]);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('of 20 merges of one pair at once, exactly one commits', async () => {
    // The losers' codes count as wrong guesses; the budget is raised so that each is answered why.
    const { survivor, absorbed, merge } = await twoMemberships({ CLAIM_GUESSES_PER_HOUR: '100' });
    const responses = await Promise.all(Array.from({ length: 20 }, () => merge(absorbed.claim.code)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    for (const response of responses.filter((found) => found.status !== 201))
      expect(['claim_code_used', 'claim_code_invalid', 'member_merged']).toContain(response.body.code);
    const transfers = await app.deps.db.all(sql`SELECT * FROM transfers WHERE kind = 'member_merge'`);
    expect(transfers).toHaveLength(1);
    const moved = await app.deps.db.all(
      sql`SELECT SUM(credits) AS credits FROM qualifying_credits WHERE member_id = ${survivor.memberId} AND source = 'merge'`,
    );
    expect(moved).toEqual([{ credits: 500 }]);
    await expectLedgerInvariants(app);
    await expectTransactionInvariants(app);
  });

  test('two merges into one membership at once both commit; two memberships merged into each other at once: one wins', async () => {
    const { hotel, survivor, absorbed, merge } = await twoMemberships();
    const other = await claimedMember(app, hotel);
    const fresh = await app.request('POST', `/v1/members/${survivor.memberId}/claim-codes`, {
      token: await hotel.token(),
      idempotencyKey: newKey(),
    });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    const [first, second] = await Promise.all([
      merge(absorbed.claim.code, other.accessToken),
      merge(fresh.body.claim.code, other.accessToken),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 201]);
    // Both into `other`: fine. Now the crossed pair: `other` into `survivor` and back.
    const third = await claimedMember(app, hotel);
    const codeOfThird = await app.request('POST', `/v1/members/${third.memberId}/claim-codes`, {
      token: await hotel.token(),
      idempotencyKey: newKey(),
    });
    const codeOfOther = await app.request('POST', `/v1/members/${other.memberId}/claim-codes`, {
      token: await hotel.token(),
      idempotencyKey: newKey(),
    });
    const crossed = await Promise.all([
      merge(codeOfThird.body.claim.code, other.accessToken),
      merge(codeOfOther.body.claim.code, third.accessToken),
    ]);
    expect(crossed.map((response) => response.status).filter((status) => status === 201)).toHaveLength(1);
    const merged = await app.deps.db.all(
      sql`SELECT id FROM members WHERE id IN (${other.memberId}, ${third.memberId}) AND status = 'merged'`,
    );
    expect(merged).toHaveLength(1);
    await expectLedgerInvariants(app);
  });
});

describe('a refused merge changes nothing', () => {
  const cases: [
    string,
    (world: Awaited<ReturnType<typeof twoMemberships>>) => Promise<{ code: string; token?: string }>,
    number,
    string,
  ][] = [
    ['a code that is no claim code', async () => ({ code: 'NOT-A-CODE' }), 404, 'claim_code_invalid'],
    [
      'the code of the membership one is signed in to',
      async ({ survivor, hotel }) => {
        const issued = await app.request('POST', `/v1/members/${survivor.memberId}/claim-codes`, {
          token: await hotel.token(),
          idempotencyKey: newKey(),
        });
        return { code: issued.body.claim.code };
      },
      422,
      'merge_same_member',
    ],
    [
      'a membership with a hold still open',
      async ({ pharmacy, absorbed }) => {
        await pharmacy.earn({
          memberId: absorbed.id,
          amount: { amount: '80.00', currency: 'EUR' },
          hold: {},
        });
        return { code: absorbed.claim.code };
      },
      409,
      'merge_pending_transactions',
    ],
    [
      'a membership still in a pool',
      async ({ pharmacy, absorbed }) => {
        await formPool(app, absorbed.id, [await pharmacy.enrol()]);
        return { code: absorbed.claim.code };
      },
      409,
      'merge_pool_membership',
    ],
    [
      'a membership already merged (its code used)',
      async ({ absorbed, merge }) => {
        expect((await merge(absorbed.claim.code)).status).toBe(201);
        return { code: absorbed.claim.code };
      },
      410,
      'claim_code_used',
    ],
  ];

  test.each(cases)('%s', async (_name, arrange, status, code) => {
    const world = await twoMemberships();
    const attempt = await arrange(world);
    const before = await snapshot();
    const response = await world.merge(attempt.code, attempt.token);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  test('a merged membership cannot merge anything: its sessions no longer open anything', async () => {
    const world = await twoMemberships();
    const third = await claimedMember(app, world.hotel);
    const codeOfThird = await app.request('POST', `/v1/members/${third.memberId}/claim-codes`, {
      token: await world.hotel.token(),
      idempotencyKey: newKey(),
    });
    expect((await world.merge(codeOfThird.body.claim.code)).status).toBe(201);
    const before = await snapshot();
    const response = await world.merge(world.absorbed.claim.code, third.accessToken);
    expect(response.status).toBe(404);
    expect(response.body.detail).toContain(`merged into ${world.survivor.memberId}`);
    expect(await snapshot()).toEqual(before);
  });
});

describe('merging and erasure', () => {
  test('the claim code of a membership whose data was erased merges nothing into mine', async () => {
    const { absorbed, merge } = await twoMemberships();
    const erased = await app.request('DELETE', '/v1/me', {
      token: await app.memberToken(absorbed.id),
      body: { remainingPoints: 'forfeit' },
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const before = await snapshot();
    const response = await merge(absorbed.claim.code);
    expect(response.status, JSON.stringify(response.body)).toBe(404);
    expect(response.body.code).toBe('claim_code_invalid');
    expect(await snapshot()).toEqual(before);
  });

  test('a member who erased their data cannot merge another membership into theirs', async () => {
    const { survivor, absorbed, merge } = await twoMemberships();
    const erased = await app.request('DELETE', '/v1/me', {
      token: survivor.accessToken,
      body: { remainingPoints: 'forfeit' },
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const before = await snapshot();
    const response = await merge(absorbed.claim.code, await app.memberToken(survivor.memberId));
    expect(response.status, JSON.stringify(response.body)).toBe(404);
    expect(response.body.code).toBe('member_not_found');
    expect(await snapshot()).toEqual(before);
    expect(await lotsOf(absorbed.id)).toHaveLength(1);
  });
});
