import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TIERS } from '../../status/fixtures.js';
import {
  callerMatrix,
  callerToken,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../../support/coalition.js';
import { TestApp } from '../../support/harness.js';

/** PUT /v1/status/tiers (operator) and GET /v1/status/tiers (everyone with a token). */
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
  memberId = await shop.enrol();
});
afterEach(async () => {
  await app.close();
});

const publish = async (tiers: unknown, token?: string) =>
  app.request('PUT', '/v1/status/tiers', { token: token ?? (await app.operatorToken()), body: { tiers } });

const statusTables = async () => ({
  ladders: await app.deps.db.all(sql`SELECT * FROM tier_ladders`),
  statuses: await app.deps.db.all(sql`SELECT * FROM member_status`),
  audit: await app.deps.db.all(sql`SELECT * FROM audit_log WHERE action = 'status.tiers_publish'`),
});

describe('PUT /v1/status/tiers', () => {
  test('publishes a ladder in force from now, audited, and every member is due for review', async () => {
    const response = await publish(TIERS);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.stringMatching(/^lad_/),
      effectiveFrom: '2026-11-23T09:00:00.000Z',
      tiers: [
        { code: 'silver', threshold: 1000, lifetimeAfterYears: null },
        {
          code: 'gold',
          threshold: 3000,
          lifetimeAfterYears: 10,
          benefits: { roomUpgradeEligible: true, perks: ['late_checkout'] },
        },
        { code: 'platinum', benefits: { earnMultiplier: { multiplier: '1.5', fundedBy: 'partner' } } },
      ],
    });
    const tables = await statusTables();
    expect(tables.audit).toHaveLength(1);
    expect(tables.statuses).toEqual([
      expect.objectContaining({ member_id: memberId, next_review_at: app.clock.nowMs }),
    ]);
  });

  test.each([
    ['descending thresholds', [TIERS[1], TIERS[0]], 'thresholds must be positive and ascending'],
    ['a code used twice', [TIERS[0], { ...TIERS[1], code: 'silver' }], 'used twice'],
    [
      'a multiplier above 10',
      [
        {
          ...TIERS[0],
          benefits: { ...TIERS[0]!.benefits, earnMultiplier: { multiplier: '12', fundedBy: 'network' } },
        },
      ],
      'from 1 to 10',
    ],
    [
      'a multiplier below 1',
      [
        {
          ...TIERS[0],
          benefits: { ...TIERS[0]!.benefits, earnMultiplier: { multiplier: '0.5', fundedBy: 'network' } },
        },
      ],
      'from 1 to 10',
    ],
  ])('%s is 422 validation_failed and changes nothing', async (_name, tiers, detail) => {
    const before = await statusTables();
    const response = await publish(tiers);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'validation_failed',
      detail: expect.stringContaining(detail),
    });
    expect(await statusTables()).toEqual(before);
  });

  test('a malformed tier (no benefits, a zero threshold, an uppercase code) is 422 before anything is read', async () => {
    for (const tier of [
      { ...TIERS[0], benefits: undefined },
      { ...TIERS[0], threshold: 0 },
      { ...TIERS[0], code: 'Gold' },
    ]) {
      const response = await publish([tier]);
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('validation_failed');
    }
    expect((await statusTables()).ladders).toEqual([]);
  });

  test.each(callerMatrix('operator'))('$caller: allowed $allowed', async ({ caller, allowed, code }) => {
    const token = await callerToken(app, caller, { partner: shop, memberId });
    const response = await app.request('PUT', '/v1/status/tiers', { token, body: { tiers: TIERS } });
    expect(response.status).toBe(allowed ? 201 : 401);
    if (!allowed) {
      expect(response.body.code).toBe(code);
      expect((await statusTables()).ladders).toEqual([]);
    }
  });
});

describe('GET /v1/status/tiers', () => {
  test.each(['operator', 'partner', 'member'] as const)('a %s reads the ladder in force', async (caller) => {
    await publish(TIERS);
    const token = await callerToken(app, caller, { partner: shop, memberId });
    const response = await app.request('GET', '/v1/status/tiers', { token });
    expect(response.status).toBe(200);
    expect(response.body.tiers.map((tier: { code: string }) => tier.code)).toEqual([
      'silver',
      'gold',
      'platinum',
    ]);
  });

  test('before any is published the ladder is empty; without a token it is 401', async () => {
    const empty = await app.request('GET', '/v1/status/tiers', { token: await app.operatorToken() });
    expect(empty.body).toMatchObject({ tiers: [] });
    expect((await app.request('GET', '/v1/status/tiers')).status).toBe(401);
  });
});
