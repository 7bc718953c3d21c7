import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { publishTiers } from '../../status/fixtures.js';
import {
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

/** POST /v1/members/{memberId}/status-challenges: the operator's status match or challenge. */
let app: TestApp;
let shop: PartnerClient;
let memberId: string;
beforeEach(async () => {
  app = await TestApp.create();
  await publishRates(app);
  shop = await partnerClient(app, {
    name: 'Shop',
    sector: 'retail',
    country: 'DE',
    settlementCurrency: 'EUR',
  });
  await publishTiers(app);
  memberId = await shop.enrol();
});
afterEach(async () => {
  await app.close();
});

const BODY = { tier: 'gold', days: 90, targetCredits: 1500, reason: 'Status match: Gold elsewhere' };
const snapshot = async () => ({
  challenges: await app.deps.db.all(sql`SELECT * FROM status_challenges`),
  statuses: await app.deps.db.all(sql`SELECT * FROM member_status`),
  changes: await app.deps.db.all(sql`SELECT * FROM status_changes`),
  audit: await app.deps.db.all(sql`SELECT * FROM audit_log WHERE action = 'member.status_challenge'`),
});
const challenge = async (body: unknown, options: { member?: string; key?: string } = {}) =>
  app.request('POST', `/v1/members/${options.member ?? memberId}/status-challenges`, {
    token: await app.operatorToken(),
    body,
    ...(options.key === undefined ? {} : { idempotencyKey: options.key }),
  });

describe('POST /v1/members/{memberId}/status-challenges', () => {
  test('grants the tier on trial, with the change recorded, told and audited; a replay answers the same', async () => {
    const response = await challenge(BODY, { key: 'match-1' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.stringMatching(/^chl_/),
      tier: 'gold',
      startsAt: '2026-11-23T09:00:00.000Z',
      endsAt: '2027-02-21T09:00:00.000Z',
      status: { tier: { code: 'gold' }, basis: 'trial', validThrough: '21 Feb 2027' },
    });
    const after = await snapshot();
    expect(after.changes).toHaveLength(1);
    expect(after.audit).toHaveLength(1);
    const replay = await challenge(BODY, { key: 'match-1' });
    expect(replay.body).toEqual(response.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await snapshot()).toEqual(after);
  });

  test('a tier the network does not have is 422 unknown_tier, naming the tiers, and changes nothing', async () => {
    const before = await snapshot();
    const response = await challenge({ ...BODY, tier: 'diamond' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'unknown_tier', tiers: ['silver', 'gold', 'platinum'] });
    expect(await snapshot()).toEqual(before);
  });

  test('an unknown member is 404 member_not_found and changes nothing', async () => {
    const before = await snapshot();
    const response = await challenge(BODY, { member: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('member_not_found');
    expect(await snapshot()).toEqual(before);
  });

  test.each([{ days: 0 }, { days: 400 }, { targetCredits: -1 }, { reason: '' }])(
    '%o is 422 validation_failed',
    async (change) => {
      const response = await challenge({ ...BODY, ...change });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('validation_failed');
    },
  );

  test.each(callerMatrix('operator'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: shop, memberId });
    const response = await app.request('POST', `/v1/members/${memberId}/status-challenges`, {
      token,
      body: BODY,
    });
    expect(response.status).toBe(allowed ? 201 : 401);
    if (!allowed) {
      expect(response.body.code).toBe(code);
      expect((await snapshot()).challenges).toEqual([]);
    }
  });
});
