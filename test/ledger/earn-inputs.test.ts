import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readEarnInputs } from '../../src/db/earn-inputs.js';
import { ledgerSnapshot, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * An earn reads the member, the partner's terms, the FX snapshot in force and whether the member
 * owes points in one statement; each of them still decides the answer as it did when read alone.
 */

let app: TestApp;
let hotel: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  hotel = await partnerClient(app, { settlementCurrency: 'USD', earnRate: '1' });
  memberId = await hotel.enrol();
});
afterEach(async () => {
  await app.close();
});

describe('an earn planned from one combined read', () => {
  test('before any FX snapshot is published, it is refused with fx_rate_missing and writes nothing', async () => {
    const before = await ledgerSnapshot(app);
    const response = await hotel.earn({ memberId, amount: { amount: '10.00', currency: 'USD' } });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('fx_rate_missing');
    expect(await ledgerSnapshot(app)).toEqual(before);
  });

  test('an unknown member is 404 whether or not rates are published', async () => {
    const unknown = {
      memberId: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
      amount: { amount: '10.00', currency: 'USD' },
    };
    expect((await hotel.earn(unknown)).body.code).toBe('member_not_found');
    await publishRates(app);
    expect((await hotel.earn(unknown)).body.code).toBe('member_not_found');
  });

  test('uses the newest snapshot, and refuses one older than FX_MAX_AGE_HOURS with fx_rate_stale', async () => {
    await publishRates(app, { USD: '2.0000' });
    await publishRates(app, { USD: '1.2500' });
    const earned = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    expect(earned.body).toMatchObject({ points: 80, fx: { rate: '1.2500' } });
    app.clock.advance((app.config.fxMaxAgeHours + 1) * 3_600_000);
    const stale = await hotel.earn({ memberId, amount: { amount: '100.00', currency: 'USD' } });
    expect(stale.status).toBe(422);
    expect(stale.body.code).toBe('fx_rate_stale');
  });
});

describe('readEarnInputs', () => {
  test('tells a missing member, a missing partner and a member who owes nothing apart', async () => {
    await publishRates(app);
    expect(await readEarnInputs(app.deps.db, hotel.partner.id, memberId)).toMatchObject({
      memberExists: true,
      member: { id: memberId, status: 'active', mergedIntoMemberId: null },
      owes: false,
      partner: { id: hotel.partner.id },
    });
    expect(await readEarnInputs(app.deps.db, hotel.partner.id, 'mem_missing')).toMatchObject({
      memberExists: false,
      partner: { id: hotel.partner.id },
    });
    expect(await readEarnInputs(app.deps.db, 'ptn_missing', memberId)).toEqual({
      memberExists: true,
      member: expect.objectContaining({ id: memberId, status: 'active', mergedIntoMemberId: null }),
      partner: undefined,
      snapshot: undefined,
      owes: false,
    });
    const inputs = await readEarnInputs(app.deps.db, hotel.partner.id, memberId);
    expect(inputs.snapshot?.rates.USD).toBe('1.0850');
  });
});
