import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
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
async function twoMemberships() {
  app = await TestApp.create();
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
});
