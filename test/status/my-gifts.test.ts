import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { reviewDueStatuses } from '../../src/status/sweep.js';
import {
  type Caller,
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { publishTiers } from './fixtures.js';

/**
 * `GET /v1/me/status/gifts`: the gap gifts a member received, with the message they were told;
 * each member reads only their own.
 */
const YEAR_END = Date.parse('2027-01-01T00:17:00Z');

let app: TestApp;
let bistro: PartnerClient;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  bistro = await partnerClient(app, {
    name: 'Bistro Lumière',
    sector: 'restaurant',
    country: 'FR',
    settlementCurrency: 'EUR',
  });
  await publishTiers(app);
});
afterEach(async () => {
  await app.close();
});

const memberWith = async (euros: string) => {
  const memberId = await bistro.enrol();
  const earned = await bistro.earn({ memberId, amount: { amount: euros, currency: 'EUR' } });
  if (earned.status !== 201) throw new Error(JSON.stringify(earned.body));
  return memberId;
};

const giftsOf = async (memberId: string) =>
  app.request('GET', '/v1/me/status/gifts', { token: await app.memberToken(memberId) });

describe('my gap gifts', () => {
  test('the gift that completed Gold, with why; another member sees none of it', async () => {
    const gifted = await memberWith('2950.00');
    const other = await memberWith('1000.00');
    expect((await giftsOf(gifted)).body).toEqual({ data: [] });

    app.clock.nowMs = YEAR_END;
    await reviewDueStatuses(app.deps);

    const response = await giftsOf(gifted);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      {
        id: expect.stringMatching(/^gft_/),
        tier: 'gold',
        credits: 50,
        points: 50,
        message: 'We added the last 50 — welcome to Gold',
        givenAt: new Date(YEAR_END).toISOString(),
      },
    ]);
    expect((await giftsOf(other)).body).toEqual({ data: [] });
  });

  test.each(callerMatrix('member'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const memberId = await memberWith('10.00');
    const token = await callerToken(app, caller as Caller, { partner: bistro, memberId });
    const response = await app.request('GET', '/v1/me/status/gifts', { token });
    if (allowed) expect(response.status).toBe(200);
    else {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe(code);
    }
  });
});
