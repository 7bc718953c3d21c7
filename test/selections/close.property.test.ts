import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { payoutForPoints } from '../../src/domain/conversion.js';
import { isDecimalError, parseDecimal } from '../../src/domain/decimal.js';
import { closeSelection } from '../../src/selections/close.js';
import {
  approvedItem,
  catalogueCoalition,
  closeSelectionNow,
  DAY_MS,
  memberWithPoints,
  openSelection,
  reserve,
} from '../catalogue/fixtures.js';
import { formPool } from '../pools/fixtures.js';
import { publishTiers } from '../status/fixtures.js';
import { expectLedgerInvariants, publishRates } from '../support/coalition.js';
import { TestApp } from '../support/harness.js';

/**
 * The close of a yearly choice, over random cohorts: some members choose an experience (from their
 * wallet or, in a household, from the pool), some cannot afford one, some have too few points for a
 * gift card, some erased their data after the choice opened (their points forfeited at erasure). The
 * cohort is by points held, or by status tier (Silver 1,000, Gold 3,000, Platinum
 * 6,000 qualifying credits, one per point earned here), alone or with points, the ladder published
 * before the members earn or after (then every status is due for a review when the choice opens).
 * The close is interrupted after a random number of batches, then finished by two closes
 * at once, then run again: every member of the cohort ends with exactly one outcome, the one the
 * rules give (`nothing` for a member who erased their data: their wallet was emptied at erasure); each
 * gift card is worth exactly the points it converted; and the reruns change nothing.
 *
 * Replay a failure with FC_SEED=<seed> FC_PATH=<path>; FC_NUM_RUNS runs more cohorts.
 */
const RUNS = Number(process.env.FC_NUM_RUNS ?? 5);
const replay =
  process.env.FC_SEED === undefined
    ? {}
    : { seed: Number(process.env.FC_SEED), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) };

// At the hotel (USD) points are earned in multiples of 200 (21.70 USD), which earn them exactly.
const memberArbitrary = fc
  .record({
    points: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1000, max: 6000 })),
    atHotel: fc.boolean(),
    chooses: fc.boolean(),
    inHousehold: fc.boolean(),
    erases: fc.boolean(),
  })
  .map((member) => {
    const atHotel = member.atHotel && member.points >= 1000;
    return { ...member, atHotel, points: atHotel ? member.points - (member.points % 200) : member.points };
  });
const TIER_CODES = ['silver', 'gold', 'platinum'] as const;
const whoArbitrary: fc.Arbitrary<Who> = fc.oneof(
  fc.constant({ type: 'points' as const }),
  fc.record({
    type: fc.constant('tier' as const),
    tiers: fc.subarray([...TIER_CODES], { minLength: 1 }),
    minPoints: fc.option(fc.constantFrom(1, 2000), { nil: undefined }),
    ladderFirst: fc.boolean(),
  }),
);
const cohortArbitrary = fc.record({
  who: whoArbitrary,
  members: fc.array(memberArbitrary, { minLength: 2, maxLength: 6 }),
  share: fc.constantFrom('1', '0.8', '0.333'),
  batchSize: fc.integer({ min: 1, max: 3 }),
  batchesBeforeCrash: fc.integer({ min: 0, max: 3 }),
});

async function walletOf(app: TestApp, memberId: string): Promise<number> {
  const [row] = (await app.deps.db.all(
    sql`SELECT balance FROM accounts WHERE kind = 'wallet' AND owner_id = ${memberId}`,
  )) as { balance: number }[];
  return Number(row?.balance ?? 0);
}

/** What the close leaves behind, to compare one run with the next. */
async function closeState(app: TestApp, selectionId: string) {
  const rows = async (query: ReturnType<typeof sql>) => (await app.deps.db.all(query)) as unknown[];
  return {
    outcomes: await rows(
      sql`SELECT member_id, outcome, gift_card_id, points_converted FROM selection_members WHERE selection_id = ${selectionId} ORDER BY member_id`,
    ),
    cards: await rows(
      sql`SELECT id, member_id, currency, issued_minor, balance_minor, points FROM gift_cards ORDER BY id`,
    ),
    transfers: await rows(sql`SELECT COUNT(*) AS transfers, SUM(points) AS points FROM transfers`),
    events: await rows(sql`SELECT type, COUNT(*) AS events FROM events GROUP BY type ORDER BY type`),
  };
}

/**
 * A cohort with every path: one chooses from their wallet, one from the household, one cannot afford
 * the item, one has too few points for a card, one has none and is not invited, one erased their data
 * with points in their wallet, one in the household erased theirs.
 */
const EVERY_OUTCOME: CohortCase = {
  who: { type: 'points' },
  members: [
    { points: 4000, atHotel: false, chooses: true, inHousehold: false, erases: false },
    { points: 1200, atHotel: true, chooses: true, inHousehold: true, erases: false },
    { points: 5000, atHotel: false, chooses: false, inHousehold: true, erases: false },
    { points: 1500, atHotel: false, chooses: true, inHousehold: false, erases: false },
    { points: 3, atHotel: false, chooses: false, inHousehold: false, erases: false },
    { points: 0, atHotel: false, chooses: false, inHousehold: false, erases: false },
    { points: 2600, atHotel: false, chooses: false, inHousehold: false, erases: true },
    { points: 1800, atHotel: true, chooses: false, inHousehold: true, erases: true },
  ],
  share: '0.333',
  batchSize: 2,
  batchesBeforeCrash: 1,
};

/** The same members, the cohort Gold and Platinum with 2,000 points, the ladder published after they earned. */
const GOLD_AND_ABOVE: CohortCase = {
  ...EVERY_OUTCOME,
  who: { type: 'tier', tiers: ['gold', 'platinum'], minPoints: 2000, ladderFirst: false },
  members: [
    ...EVERY_OUTCOME.members,
    { points: 6000, atHotel: false, chooses: false, inHousehold: false, erases: false },
    { points: 3400, atHotel: false, chooses: true, inHousehold: false, erases: true },
  ],
};

/** The tier the points earned here give: one qualifying credit per point. */
const tierOf = (points: number) =>
  points >= 6000 ? 'platinum' : points >= 3000 ? 'gold' : points >= 1000 ? 'silver' : null;

function isInvited(who: Who, points: number): boolean {
  if (who.type === 'points') return points > 0;
  const tier = tierOf(points);
  return tier !== null && who.tiers.includes(tier) && points >= (who.minPoints ?? 0);
}

function cohortBody(who: Who, nowMs: number) {
  const asOf = new Date(nowMs).toISOString();
  if (who.type === 'points') return { type: 'points', minPoints: 1, asOf };
  return {
    type: 'tier',
    tiers: who.tiers,
    ...(who.minPoints === undefined ? {} : { minPoints: who.minPoints, asOf }),
  };
}

describe('closing a yearly choice', () => {
  test('gives every member of any cohort exactly one outcome, however often and however interrupted', {
    timeout: 60_000 + RUNS * 40_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(cohortArbitrary, async (cohort) => {
        const app = await TestApp.create({
          environment: { SELECTION_CLOSE_BATCH: String(cohort.batchSize) },
        });
        try {
          await runCohort(app, cohort);
        } finally {
          await app.close();
        }
      }),
      { numRuns: RUNS, examples: [[EVERY_OUTCOME], [GOLD_AND_ABOVE]], ...replay },
    );
  });
});

async function runCohort(app: TestApp, cohort: CohortCase) {
  const { shop, hotel } = await catalogueCoalition(app);
  if (cohort.who.type === 'tier' && cohort.who.ladderFirst) await publishTiers(app);
  const members = [];
  for (const member of cohort.members)
    members.push({ ...member, id: await memberWithPoints(member.atHotel ? hotel : shop, member.points) });
  const household = members.filter((member) => member.inHousehold);
  const [owner, ...invitees] = household;
  if (owner !== undefined && invitees.length > 0)
    await formPool(
      app,
      owner.id,
      invitees.map((member) => member.id),
    );
  const item = await approvedItem(app, shop, { stock: 100 });
  if (cohort.who.type === 'tier' && !cohort.who.ladderFirst) await publishTiers(app);
  const selection = await openSelection(app, {
    giftCardShare: cohort.share,
    cohort: cohortBody(cohort.who, app.clock.nowMs),
  });
  const who = cohort.who;
  const invited = members.filter((member) => isInvited(who, member.points));
  expect(selection.members.total).toBe(invited.length);

  const chose = new Set<string>();
  for (const member of invited.filter((candidate) => candidate.chooses)) {
    const reserved = await reserve(app, member.id, {
      itemId: item.id,
      selectionId: selection.id,
      source: { type: 'auto' },
    });
    if (reserved.status === 201) chose.add(member.id);
    else expect(reserved.body.code).toBe('insufficient_points');
  }

  // Members who erase their data: refused while they hold a reservation (a member who chose), their
  // points forfeited otherwise. They stay in the cohort by their pseudonymous id.
  const erased = new Map<string, number>();
  for (const member of invited.filter((candidate) => candidate.erases)) {
    const points = await walletOf(app, member.id);
    const response = await app.request('DELETE', '/v1/me', {
      token: await app.memberToken(member.id),
      body: { remainingPoints: 'forfeit' },
    });
    if (chose.has(member.id)) {
      expect(response.body.code, JSON.stringify(response.body)).toBe('erasure_pending_holds');
      expect(await walletOf(app, member.id)).toBe(points);
      continue;
    }
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    erased.set(member.id, points);
  }
  for (const [memberId, points] of erased) {
    const [forfeited] = (await app.deps.db.all(sql`
      SELECT COALESCE(SUM(points), 0) AS points FROM transfers
      WHERE kind = 'forfeiture' AND debit_account_id = ${`wallet:${memberId}`}`)) as { points: number }[];
    expect(Number(forfeited?.points)).toBe(points);
    expect(await walletOf(app, memberId)).toBe(0);
  }

  app.clock.advance(8 * DAY_MS);
  await publishRates(app);
  const walletBefore = new Map<string, number>();
  for (const member of invited) walletBefore.set(member.id, await walletOf(app, member.id));

  // A close that stops after some batches (a crash, a timeout), then two at once to finish it.
  const interrupted = await closeSelection(app.deps, selection.id, {
    maxBatches: cohort.batchesBeforeCrash,
  });
  expect(interrupted).toMatchObject({ id: selection.id });
  const finished = await Promise.all([
    closeSelectionNow(app, selection.id),
    closeSelectionNow(app, selection.id),
  ]);
  for (const response of finished) expect(response.status).toBe(200);
  const after = await closeState(app, selection.id);
  const again = await closeSelectionNow(app, selection.id);
  expect(again.body).toMatchObject({ status: 'closed', members: { undecided: 0 } });
  expect(await closeState(app, selection.id)).toEqual(after);

  const share = parseDecimal(cohort.share);
  if (isDecimalError(share)) throw new Error('share');
  const outcomes = after.outcomes as {
    member_id: string;
    outcome: string;
    gift_card_id: string | null;
    points_converted: number | null;
  }[];
  expect(outcomes.map((row) => row.member_id)).toEqual(invited.map((member) => member.id).sort());
  const cards = after.cards as {
    id: string;
    member_id: string;
    currency: string;
    issued_minor: number;
    points: number;
  }[];
  for (const member of invited) {
    const row = outcomes.find((candidate) => candidate.member_id === member.id);
    const memberCards = cards.filter((card) => card.member_id === member.id);
    if (chose.has(member.id)) {
      expect(row).toMatchObject({ outcome: 'chose', gift_card_id: null });
      expect(memberCards).toEqual([]);
      continue;
    }
    if (erased.has(member.id)) {
      expect(row).toMatchObject({ outcome: 'nothing', gift_card_id: null, points_converted: null });
      expect(memberCards).toEqual([]);
      continue;
    }
    const wallet = BigInt(walletBefore.get(member.id) ?? 0);
    const converted = (wallet * share.numerator) / share.denominator;
    const currency = member.atHotel ? 'USD' : 'EUR';
    const amountMinor = payoutForPoints({
      points: converted,
      pointValue: app.config.pointValue,
      fxRate: parseDecimal(currency === 'USD' ? '1.0850' : '1') as { numerator: bigint; denominator: bigint },
      currency,
    });
    if (amountMinor === 0n) {
      expect(row).toMatchObject({ outcome: 'nothing', gift_card_id: null });
      expect(memberCards).toEqual([]);
      continue;
    }
    expect(row).toMatchObject({ outcome: 'gift_card', points_converted: Number(converted) });
    expect(memberCards).toEqual([
      expect.objectContaining({
        id: row?.gift_card_id,
        currency,
        issued_minor: Number(amountMinor),
        points: Number(converted),
      }),
    ]);
    expect(await walletOf(app, member.id)).toBe(Number(wallet - converted));
  }
  // Every converted point left a wallet into the gift cards account, once.
  const [funded] = (await app.deps.db.all(
    sql`SELECT COALESCE(SUM(points), 0) AS points FROM transfers WHERE kind = 'gift_card_funding'`,
  )) as { points: number }[];
  expect(Number(funded?.points)).toBe(cards.reduce((total, card) => total + card.points, 0));
  await expectLedgerInvariants(app);
}

type Who =
  | { readonly type: 'points' }
  | {
      readonly type: 'tier';
      readonly tiers: readonly string[];
      readonly minPoints: number | undefined;
      readonly ladderFirst: boolean;
    };

interface CohortCase {
  readonly who: Who;
  readonly members: readonly {
    readonly points: number;
    readonly atHotel: boolean;
    readonly chooses: boolean;
    readonly inHousehold: boolean;
    readonly erases: boolean;
  }[];
  readonly share: string;
  readonly batchSize: number;
  readonly batchesBeforeCrash: number;
}
