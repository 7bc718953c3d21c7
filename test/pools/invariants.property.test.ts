import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { monthOf } from '../../src/domain/pools/rules.js';
import { expectEventsReplayTheLedger } from '../events/replay.js';
import {
  expectLedgerInvariants,
  expectTransactionInvariants,
  type PartnerClient,
} from '../support/coalition.js';
import { TestApp, type TestResponse } from '../support/harness.js';
import {
  advanceDays,
  earn,
  formPool,
  fromPool,
  interleaveStatements,
  memberWith,
  type PoolApi,
  poolApi,
  poolCoalition,
  redeemFrom,
} from './fixtures.js';

/**
 * The pool rules and the ledger's invariants hold after every step of random sequences of
 * joins, leaves, removals, pledges, permissions, monthly limits, earnings, redemptions from the
 * pool, `auto` and own-wallet redemptions, bursts of concurrent pool redemptions, and clock moves
 * across months. A model of the pool predicts each answer exactly (bursts excepted, which are
 * checked against the rules instead), and the database must agree with the model after each step.
 *
 * On failure fast-check prints the shrunk sequence with its seed and path; replay it with
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/pools/invariants.property.test.ts
 * FC_NUM_RUNS raises the number of sequences for a longer hunt.
 */
const RUNS = Number(process.env.FC_NUM_RUNS ?? 6);
const replay =
  process.env.FC_SEED === undefined
    ? {}
    : { seed: Number(process.env.FC_SEED), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) };
const MEMBERS = 5;
const LOCKOUT_MS = 180 * 86_400_000;

// Mostly the owner and the two members who start in the pool; sometimes the two outside it.
const member = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 2 }) },
  { weight: 1, arbitrary: fc.integer({ min: 3, max: MEMBERS - 1 }) },
);
const points = fc.integer({ min: 1, max: 250 });
const operation = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      member,
      points: fc.integer({ min: 1, max: 300 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('join' as const), member }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), member, byOwner: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('pledge' as const),
      member,
      cap: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('permissions' as const),
      member,
      mayRedeem: fc.boolean(),
      limit: fc.option(fc.integer({ min: 0, max: 150 }), { nil: null }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      member,
      points,
      source: fc.constantFrom('pool' as const, 'pool' as const, 'auto' as const, 'wallet' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      asks: fc.array(fc.record({ member, points }), { minLength: 2, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 20 }) }),
  },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

interface MemberModel {
  readonly id: string;
  balance: number;
  active: boolean;
  leftAt: number | undefined;
  cap: number | null;
  used: number;
  mayRedeem: boolean;
  limit: number | null;
  /** Points redeemed from the pool per month; kept across leaving and rejoining, as the table keeps it. */
  readonly usage: Map<string, number>;
}

class PoolWorld {
  readonly outcomes = new Map<string, number>();
  private constructor(
    private readonly app: TestApp,
    private readonly api: PoolApi,
    private readonly shop: PartnerClient,
    readonly kind: 'household' | 'friends',
    readonly poolId: string,
    readonly members: MemberModel[],
  ) {}

  static async create(
    app: TestApp,
    shop: PartnerClient,
    kind: 'household' | 'friends',
    drawPolicy: 'soonest_expiring' | 'proportional',
  ): Promise<PoolWorld> {
    const ids = [];
    for (let index = 0; index < MEMBERS; index += 1) ids.push(await memberWith(shop, 100 * (index + 1)));
    // The owner and two members from the start; the other two may join later.
    const poolId = await formPool(app, ids[0] as string, ids.slice(1, 3), {
      kind,
      name: `Random ${kind}`,
      drawPolicy,
    });
    const members = ids.map((id, index) => ({
      id,
      balance: 100 * (index + 1),
      active: index < 3,
      leftAt: undefined,
      cap: kind === 'household' ? null : 0,
      used: 0,
      mayRedeem: index === 0 || (index < 3 && kind === 'household'),
      limit: null,
      usage: new Map<string, number>(),
    }));
    return new PoolWorld(app, poolApi(app), shop, kind, poolId, members);
  }

  private get owner(): MemberModel {
    return this.members[0] as MemberModel;
  }

  private month(): string {
    return monthOf(this.app.clock.nowMs);
  }

  private count(name: string, response: TestResponse): void {
    const key = `${name} ${response.status}${response.body?.code ? ` ${response.body.code}` : ''}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }

  private drawable(wallet: MemberModel): number {
    if (!wallet.active) return 0;
    return wallet.cap === null
      ? wallet.balance
      : Math.min(wallet.balance, Math.max(0, wallet.cap - wallet.used));
  }

  /** What `redeemer` may spend from the pool now, optionally without their own wallet. */
  private spendable(redeemer: MemberModel, excludeOwn: boolean): { pledged: number; spendable: number } {
    const pledged = this.members
      .filter((wallet) => !(excludeOwn && wallet === redeemer))
      .reduce((total, wallet) => total + this.drawable(wallet), 0);
    if (!redeemer.active || !redeemer.mayRedeem) return { pledged, spendable: 0 };
    const left =
      redeemer.limit === null
        ? pledged
        : Math.max(0, redeemer.limit - (redeemer.usage.get(this.month()) ?? 0));
    return { pledged, spendable: Math.min(pledged, left) };
  }

  /** Applies a successful redemption's pool draws to the model, checking each against the rules. */
  private applyPoolDraws(
    redeemer: MemberModel,
    draws: readonly { memberId: string; poolId: string | null; points: number }[],
  ): number {
    let fromPoolPoints = 0;
    for (const draw of draws.filter((entry) => entry.poolId !== null)) {
      expect(draw.poolId).toBe(this.poolId);
      const wallet = this.members.find((entry) => entry.id === draw.memberId) as MemberModel;
      expect(wallet.active, 'only active members are drawn').toBe(true);
      expect(draw.points).toBeLessThanOrEqual(this.drawable(wallet));
      wallet.balance -= draw.points;
      // Counted under a pledge of all too; a new cap starts again from 0.
      wallet.used += draw.points;
      fromPoolPoints += draw.points;
    }
    if (fromPoolPoints > 0) {
      redeemer.usage.set(this.month(), (redeemer.usage.get(this.month()) ?? 0) + fromPoolPoints);
      // A limit set below what was already used this month stops further draws; it does not undo earlier ones.
      if (redeemer.limit !== null)
        expect(redeemer.usage.get(this.month()) ?? 0).toBeLessThanOrEqual(redeemer.limit);
    }
    return fromPoolPoints;
  }

  async run(step: Operation): Promise<void> {
    switch (step.kind) {
      case 'earn': {
        const target = this.members[step.member] as MemberModel;
        await earn(this.shop, target.id, step.points);
        target.balance += step.points;
        return;
      }
      case 'join': {
        const target = this.members[step.member] as MemberModel;
        const invite = await this.api.invite(this.poolId, this.owner.id);
        const response = await this.api.join(target.id, invite.body.code);
        this.count('join', response);
        const lockedOut =
          this.kind === 'household' &&
          target.leftAt !== undefined &&
          target.leftAt + LOCKOUT_MS > this.app.clock.nowMs;
        if (target.active) expect(response.body.code).toBe('already_pool_member');
        else if (lockedOut) expect(response.body.code).toBe('household_lockout');
        else {
          expect(response.status).toBe(200);
          Object.assign(target, {
            active: true,
            cap: this.kind === 'household' ? null : 0,
            used: 0,
            mayRedeem: this.kind === 'household',
            limit: null,
          });
        }
        return;
      }
      case 'leave': {
        const target = this.members[step.member] as MemberModel;
        const caller = step.byOwner ? this.owner : target;
        const response = step.byOwner
          ? await this.api.remove(this.poolId, caller.id, target.id)
          : await this.api.leave(this.poolId, target.id);
        this.count('leave', response);
        if (!caller.active) expect(response.body.code).toBe('pool_not_found');
        else if (target === this.owner) expect(response.body.code).toBe('owner_cannot_leave');
        else if (!target.active) expect(response.body.code).toBe('pool_member_not_found');
        else {
          expect(response.status).toBe(200);
          Object.assign(target, { active: false, leftAt: this.app.clock.nowMs });
        }
        return;
      }
      case 'pledge': {
        const target = this.members[step.member] as MemberModel;
        const response = await this.api.pledge(this.poolId, target.id, step.cap ?? 'all');
        this.count('pledge', response);
        if (!target.active) expect(response.body.code).toBe('pool_not_found');
        else {
          expect(response.status).toBe(200);
          Object.assign(target, { cap: step.cap, used: 0 });
        }
        return;
      }
      case 'permissions': {
        const target = this.members[step.member] as MemberModel;
        const response = await this.api.permissions(this.poolId, this.owner.id, target.id, {
          mayRedeem: step.mayRedeem,
          monthlyLimitPoints: step.limit,
        });
        this.count('permissions', response);
        if (!target.active) expect(response.body.code).toBe('pool_member_not_found');
        else if (target === this.owner && !step.mayRedeem) {
          // The owner always may redeem from their pool.
          expect(response.status).toBe(422);
          expect(response.body.code).toBe('validation_failed');
        } else {
          expect(response.status).toBe(200);
          Object.assign(target, { mayRedeem: step.mayRedeem, limit: step.limit });
        }
        return;
      }
      case 'redeem':
        return this.redeem(this.members[step.member] as MemberModel, step.points, step.source);
      case 'burst':
        return this.burst(
          step.asks.map((ask) => ({ redeemer: this.members[ask.member] as MemberModel, points: ask.points })),
        );
      case 'advance':
        await advanceDays(this.app, step.days);
        return;
    }
  }

  private async redeem(
    redeemer: MemberModel,
    asked: number,
    source: 'pool' | 'auto' | 'wallet',
  ): Promise<void> {
    const response = await redeemFrom(
      this.shop,
      redeemer.id,
      asked,
      source === 'pool' ? fromPool(this.poolId) : { type: source },
    );
    this.count(`redeem ${source}`, response);
    if (source === 'pool') {
      const { pledged, spendable } = this.spendable(redeemer, false);
      const held = this.members
        .filter((wallet) => wallet.active)
        .reduce((total, wallet) => total + wallet.balance, 0);
      if (!redeemer.active) expect(response.body.code).toBe('pool_not_found');
      else if (!redeemer.mayRedeem) expect(response.body.code).toBe('not_permitted_to_redeem');
      else if (asked <= spendable) {
        expect(response.status).toBe(201);
        expect(this.applyPoolDraws(redeemer, response.body.draws)).toBe(asked);
      } else if (pledged >= asked) expect(response.body.code).toBe('monthly_limit_reached');
      else if (held >= asked) expect(response.body.code).toBe('pledge_exceeded');
      else expect(response.body.code).toBe('insufficient_points');
      return;
    }
    const own = Math.min(asked, redeemer.balance);
    const fromPoolPoints = source === 'auto' ? this.spendable(redeemer, true).spendable : 0;
    if (own + fromPoolPoints < asked) {
      expect(response.body.code).toBe('insufficient_points');
      return;
    }
    expect(response.status).toBe(201);
    const draws = response.body.draws as { memberId: string; poolId: string | null; points: number }[];
    // The own wallet first, when it holds anything.
    const ownDraws = own > 0 ? [{ memberId: redeemer.id, poolId: null, points: own }] : [];
    expect(draws.slice(0, ownDraws.length)).toEqual(ownDraws);
    redeemer.balance -= own;
    expect(own + this.applyPoolDraws(redeemer, draws.slice(ownDraws.length))).toBe(asked);
  }

  /** Concurrent pool redemptions: each answer obeys the rules, and together they exceed nothing. */
  private async burst(asks: { redeemer: MemberModel; points: number }[]): Promise<void> {
    const race = interleaveStatements(this.app, {
      seed: asks.length * 7 + (asks[0]?.points ?? 0),
      together: asks.length,
      holdMs: 50,
    });
    let responses: TestResponse[];
    try {
      responses = await Promise.all(
        asks.map((ask) => redeemFrom(this.shop, ask.redeemer.id, ask.points, fromPool(this.poolId))),
      );
    } finally {
      vi.restoreAllMocks();
    }
    this.outcomes.set(
      'burst refused batches',
      (this.outcomes.get('burst refused batches') ?? 0) + race.refusedBatches,
    );
    // Checked against the state before the burst: the wallets, caps and limits together.
    const before = new Map(
      this.members.map((wallet) => [
        wallet.id,
        {
          drawable: this.drawable(wallet),
          left: wallet.limit === null ? Infinity : wallet.limit - (wallet.usage.get(this.month()) ?? 0),
        },
      ]),
    );
    const drawn = new Map<string, number>();
    const byRedeemer = new Map<string, number>();
    responses.forEach((response, index) => {
      const { redeemer, points: asked } = asks[index] as { redeemer: MemberModel; points: number };
      this.count('burst', response);
      if (!redeemer.active) return expect(response.body.code).toBe('pool_not_found');
      if (!redeemer.mayRedeem) return expect(response.body.code).toBe('not_permitted_to_redeem');
      if (response.status !== 201)
        return expect(['insufficient_points', 'pledge_exceeded', 'monthly_limit_reached']).toContain(
          response.body.code,
        );
      for (const draw of response.body.draws as { memberId: string; points: number }[])
        drawn.set(draw.memberId, (drawn.get(draw.memberId) ?? 0) + draw.points);
      byRedeemer.set(redeemer.id, (byRedeemer.get(redeemer.id) ?? 0) + asked);
    });
    for (const [memberId, total] of drawn)
      expect(total, `wallet ${memberId} within its drawable`).toBeLessThanOrEqual(
        before.get(memberId)?.drawable ?? 0,
      );
    for (const [memberId, total] of byRedeemer)
      expect(total, `redeemer ${memberId} within the monthly limit`).toBeLessThanOrEqual(
        before.get(memberId)?.left ?? 0,
      );
    responses.forEach((response, index) => {
      if (response.status === 201) {
        const redeemer = (asks[index] as { redeemer: MemberModel }).redeemer;
        for (const draw of response.body.draws as { memberId: string; points: number }[]) {
          const wallet = this.members.find((entry) => entry.id === draw.memberId) as MemberModel;
          wallet.balance -= draw.points;
          wallet.used += draw.points;
        }
        redeemer.usage.set(
          this.month(),
          (redeemer.usage.get(this.month()) ?? 0) + (asks[index] as { points: number }).points,
        );
      }
    });
  }

  /** The database agrees with the model: wallets, memberships, pledges, permissions, monthly usage. */
  async expectModelMatches(): Promise<void> {
    const db = this.app.deps.db;
    const wallets = (await db.all(
      sql`SELECT owner_id AS id, balance FROM accounts WHERE kind = 'wallet'`,
    )) as { id: string; balance: number }[];
    const rows = (await db.all(
      sql`SELECT member_id AS id, pledge_cap_points AS cap, pledge_used_points AS used, may_redeem AS mayRedeem, monthly_limit_points AS "limit"
          FROM pool_members WHERE pool_id = ${this.poolId} AND left_at IS NULL ORDER BY joined_at, id`,
    )) as { id: string; cap: number | null; used: number; mayRedeem: number; limit: number | null }[];
    const usage = (await db.all(
      sql`SELECT member_id AS id, month, points FROM pool_monthly_usage WHERE pool_id = ${this.poolId}`,
    )) as { id: string; month: string; points: number }[];
    for (const wallet of this.members) {
      expect(wallets.find((row) => row.id === wallet.id)?.balance, `balance of ${wallet.id}`).toBe(
        wallet.balance,
      );
      const row = rows.find((entry) => entry.id === wallet.id);
      expect(row !== undefined, `membership of ${wallet.id}`).toBe(wallet.active);
      if (row !== undefined) {
        expect({ cap: row.cap, used: row.used, mayRedeem: row.mayRedeem === 1, limit: row.limit }).toEqual({
          cap: wallet.cap,
          used: wallet.used,
          mayRedeem: wallet.mayRedeem,
          limit: wallet.limit,
        });
        if (row.cap !== null) expect(row.used).toBeLessThanOrEqual(row.cap);
      }
      for (const [month, used] of wallet.usage)
        expect(usage.find((entry) => entry.id === wallet.id && entry.month === month)?.points ?? 0).toBe(
          used,
        );
    }
  }
}

describe('pool invariants under random operation sequences', () => {
  test('every answer as the model predicts; wallets, pledges and limits never exceeded; the ledger balanced', {
    timeout: 30_000 + RUNS * 10_000,
  }, async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('household' as const, 'friends' as const),
        fc.constantFrom('soonest_expiring' as const, 'proportional' as const),
        fc.array(operation, { minLength: 10, maxLength: 25 }),
        async (kind, drawPolicy, operations) => {
          const app = await TestApp.create();
          try {
            const { shop } = await poolCoalition(app);
            const world = await PoolWorld.create(app, shop, kind, drawPolicy);
            for (const step of operations) {
              await world.run(step);
              await expectLedgerInvariants(app);
              await world.expectModelMatches();
            }
            await expectTransactionInvariants(app);
            // Pool redemptions draw several wallets: the outbox's events replay to them all.
            await expectEventsReplayTheLedger(app);
            for (const [outcome, count] of world.outcomes)
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + count);
          } finally {
            vi.restoreAllMocks();
            await app.close();
          }
        },
      ),
      { numRuns: RUNS, ...replay },
    );
    if (process.env.FC_REPORT) console.log([...outcomes].sort());
    // The sequences must exercise the pool, not just bounce off refusals: memberships change and the pool is drawn on.
    const total = (...names: string[]) => names.reduce((sum, name) => sum + (outcomes.get(name) ?? 0), 0);
    expect(total('join 200', 'leave 200'), 'memberships changed').toBeGreaterThan(0);
    expect(total('redeem pool 201', 'redeem auto 201', 'burst 201'), 'pool redemptions').toBeGreaterThan(0);
  });
});
