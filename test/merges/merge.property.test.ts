import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { closeSettlement } from '../settlement/support.js';
import { publishTiers } from '../status/fixtures.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
  partnerClient,
  publishRates,
} from '../support/coalition.js';
import { TestApp } from '../support/harness.js';
import { claim } from '../support/members.js';

/**
 * A merge changes who holds the points, never how many there are or who owes what for them. After
 * random activity on two memberships of one person (earns at three partners in three currencies,
 * redemptions, full and partial refunds, time passing, tiers in play) and a bystander, the merge:
 * - leaves the total of points where it was: the survivor holds both wallets, the absorbed none;
 * - hands over every lot unchanged (id, issuer, expiry, points, original transaction);
 * - hands over the qualifying credits once: each month of the survivor holds both members' credits,
 *   every month of the absorbed membership is 0;
 * - leaves every partner's running settlement totals as they were (only the network's
 *   `member_merge` row is new): a period closed after the merge, when the merge is all it holds,
 *   has a statement of nothing for every partner and shows the points as `movedBetweenMembers`.
 *
 * On failure fast-check prints the shrunk sequence with its seed and path; replay it with
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/merges/merge.property.test.ts
 */
const RUNS = Number(process.env.FC_NUM_RUNS ?? 8);
const replay =
  process.env.FC_SEED === undefined
    ? {}
    : { seed: Number(process.env.FC_SEED), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) };

/** 0: the absorbed membership, 1: the surviving one, 2: someone else. */
const who = fc.integer({ min: 0, max: 2 });
const partner = fc.integer({ min: 0, max: 2 });
const step = fc.oneof(
  fc.record({ kind: fc.constant('earn' as const), who, partner, units: fc.integer({ min: 1, max: 900 }) }),
  fc.record({ kind: fc.constant('redeem' as const), who, partner, points: fc.integer({ min: 1, max: 700 }) }),
  fc.record({
    kind: fc.constant('refund' as const),
    earn: fc.nat(),
    percent: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 120 }) }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const CURRENCIES = ['EUR', 'USD', 'CZK'] as const;

interface World {
  readonly partners: PartnerClient[];
  readonly members: string[];
  readonly earns: { id: string; partner: number; units: number }[];
}

async function world(app: TestApp): Promise<World> {
  await publishRates(app);
  await publishTiers(app);
  const partners = [
    await partnerClient(app, { settlementCurrency: 'EUR', earnRate: '1' }),
    await partnerClient(app, { settlementCurrency: 'USD', earnRate: '2' }),
    await partnerClient(app, { settlementCurrency: 'CZK', earnRate: '1' }),
  ];
  const [first, second] = partners as [PartnerClient, PartnerClient, PartnerClient];
  return { partners, members: [await first.enrol(), await second.enrol(), await first.enrol()], earns: [] };
}

/** A fresh claim code of a member from the partner that enrolled it (time has passed since enrolment). */
async function recoveryCode(app: TestApp, partner: PartnerClient, memberId: string): Promise<string> {
  const response = await app.request('POST', `/v1/members/${memberId}/claim-codes`, {
    token: await partner.token(),
    idempotencyKey: `recovery-${memberId}`,
  });
  if (response.status !== 201)
    throw new Error(`claim code: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.claim.code;
}

async function run(app: TestApp, world: World, action: Step) {
  switch (action.kind) {
    case 'earn': {
      const client = world.partners[action.partner] as PartnerClient;
      const currency = CURRENCIES[action.partner] ?? 'EUR';
      const response = await client.earn({
        memberId: world.members[action.who],
        amount: { amount: `${action.units}.00`, currency },
      });
      if (response.status === 201)
        world.earns.push({ id: response.body.id, partner: action.partner, units: action.units });
      return;
    }
    case 'redeem': {
      const client = world.partners[action.partner] as PartnerClient;
      await client.redeem({ memberId: world.members[action.who], points: action.points });
      return;
    }
    case 'refund': {
      if (world.earns.length === 0) return;
      const earn = world.earns[action.earn % world.earns.length];
      if (earn === undefined) return;
      const client = world.partners[earn.partner] as PartnerClient;
      const units = Math.max(1, Math.floor((earn.units * action.percent) / 100));
      await client.reverse(earn.id, {
        amount: { amount: `${units}.00`, currency: CURRENCIES[earn.partner] },
      });
      return;
    }
    case 'wait':
      app.clock.advance(action.days * 86_400_000);
      // Rates are published daily; a close needs them fresh.
      await publishRates(app);
      return;
  }
}

async function holdings(app: TestApp, world: World) {
  const db = app.deps.db;
  const [absorbed, survivor] = world.members as [string, string, string];
  const wallets = (await db.all(sql`SELECT id, balance FROM accounts WHERE kind = 'wallet' ORDER BY id`)) as {
    id: string;
    balance: number;
  }[];
  return {
    wallets: new Map(wallets.map((row) => [row.id, row.balance])),
    lots: (await db.all(sql`SELECT id, member_id, issuer_partner_id, transaction_id, points_original,
        points_remaining, expires_at FROM lots WHERE member_id IN (${absorbed}, ${survivor}) ORDER BY id`)) as {
      member_id: string;
    }[],
    months: (await db.all(sql`SELECT member_id, month, credits FROM qualifying_months
        WHERE member_id IN (${absorbed}, ${survivor}) ORDER BY month, member_id`)) as {
      member_id: string;
      month: string;
      credits: number;
    }[],
    totals: (await db.all(
      sql`SELECT partner_id, kind, unit_price, points, transfers, wallet_points FROM settlement_totals ORDER BY partner_id, kind, unit_price`,
    )) as { kind: string }[],
  };
}

describe('a merge moves holdings, never their amount', () => {
  test('points, lots, expiry dates, qualifying credits and every partner’s settlement are unchanged by any merge', {
    timeout: 60_000 + RUNS * 20_000,
  }, async () => {
    let mergesThatMovedPoints = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 24 }), async (steps) => {
        const app = await TestApp.create({ environment: { POINTS_EXPIRY_MONTHS: '6' } });
        try {
          const coalition = await world(app);
          for (const action of steps) await run(app, coalition, action);
          const [absorbed, survivor] = coalition.members as [string, string, string];
          expect([200, 201]).toContain((await closeSettlement(app)).status);
          const before = await holdings(app, coalition);

          const [first, second] = coalition.partners as [PartnerClient, PartnerClient];
          const signedIn = await claim(app, await recoveryCode(app, second, survivor));
          const merged = await app.request('POST', '/v1/me/merges', {
            token: signedIn.body.accessToken,
            body: { claimCode: await recoveryCode(app, first, absorbed) },
          });
          expect(merged.status, JSON.stringify(merged.body)).toBe(201);
          const after = await holdings(app, coalition);

          const moved = before.wallets.get(`wallet:${absorbed}`) ?? 0;
          if (moved > 0) mergesThatMovedPoints += 1;
          expect(merged.body.pointsMoved).toBe(moved);
          expect(after.wallets).toEqual(
            new Map([
              ...before.wallets,
              [`wallet:${absorbed}`, 0],
              [`wallet:${survivor}`, moved + (before.wallets.get(`wallet:${survivor}`) ?? 0)],
            ]),
          );
          expect(after.lots).toEqual(before.lots.map((lot) => ({ ...lot, member_id: survivor })));

          const byMonth = (rows: typeof before.months, memberId?: string) => {
            const months = new Map<string, number>();
            for (const row of rows)
              if (memberId === undefined || row.member_id === memberId)
                months.set(row.month, (months.get(row.month) ?? 0) + row.credits);
            return months;
          };
          const bothBefore = byMonth(before.months);
          expect(byMonth(after.months, survivor)).toEqual(
            new Map(
              [...byMonth(after.months, survivor).keys()].map((month) => [month, bothBefore.get(month) ?? 0]),
            ),
          );
          for (const [month, credits] of bothBefore)
            expect(byMonth(after.months, survivor).get(month) ?? 0, month).toBe(credits);
          expect([...byMonth(after.months, absorbed).values()].every((credits) => credits === 0)).toBe(true);

          const mergeRows = after.totals.filter((row) => row.kind === 'member_merge');
          expect(after.totals.filter((row) => row.kind !== 'member_merge')).toEqual(before.totals);
          expect(mergeRows).toEqual(
            moved === 0
              ? []
              : [
                  {
                    partner_id: 'network',
                    kind: 'member_merge',
                    unit_price: '',
                    points: moved,
                    transfers: 1,
                    wallet_points: 0,
                  },
                ],
          );

          // A period whose only movement is the merge: nothing for any partner.
          const close = await closeSettlement(app);
          if (moved === 0) {
            expect(close.status, 'no transfer, no new period').toBe(200);
          } else {
            expect(close.status).toBe(201);
            const period = close.body;
            for (const row of period.statements as { statement: any }[]) {
              expect(row.statement.lines).toEqual([]);
              expect(row.statement.payment.direction).toBe('nothing_due');
              expect(row.statement.flows).toEqual({ issued: [], redeemed: [] });
            }
            expect(period.settlement.unclassified).toEqual([]);
            expect(period.settlement.totals.period.movedBetweenMembers).toBe(moved);
            expect(period.settlement.totals.period.outstandingLiability).toBe(0);
          }

          await expectLedgerInvariants(app);
          await expectTransactionInvariants(app);
        } finally {
          await app.close();
        }
      }),
      { numRuns: RUNS, ...replay },
    );
    // The sequences must exercise merges that move something, not only empty memberships.
    if (process.env.FC_SEED === undefined) expect(mergesThatMovedPoints).toBeGreaterThan(0);
  });
});
