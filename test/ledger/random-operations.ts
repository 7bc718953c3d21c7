import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect } from 'vitest';
import { memberBalance } from '../../src/ledger/balance.js';
import { sweepExpiredPoints } from '../../src/ledger/expiry.js';
import { reviewDueStatuses } from '../../src/status/sweep.js';
import { newKey, type PartnerClient, partnerClient, publishRates } from '../support/coalition.js';
import type { TestApp, TestResponse } from '../support/harness.js';

/**
 * Random operation sequences for the ledger's property test: descriptors that fast-check
 * generates and shrinks, and a runner that plays them through the HTTP app while keeping a
 * small model (each wallet, what each member owes, the holds) built only from the responses.
 */

const DAY_MS = 86_400_000;

/** The coalition every run starts from: five currencies, three exponents, one 0-multiplier. */
export const PARTNERS = [
  {
    currency: 'USD',
    exponent: 2,
    terms: {
      name: 'Harbor Hotel San Diego',
      sector: 'hotel',
      country: 'US',
      settlementCurrency: 'USD',
      earnRate: '1',
    },
  },
  {
    currency: 'CZK',
    exponent: 2,
    terms: {
      name: 'Lékárna U Anděla',
      sector: 'pharmacy',
      country: 'CZ',
      settlementCurrency: 'CZK',
      earnRate: '2',
      categoryMultipliers: { prescription: '0' },
    },
  },
  {
    currency: 'JPY',
    exponent: 0,
    terms: {
      name: 'Ryokan Hoshi',
      sector: 'hotel',
      country: 'JP',
      settlementCurrency: 'JPY',
      earnRate: '1.5',
    },
  },
  {
    currency: 'KWD',
    exponent: 3,
    terms: { name: 'Souq Sharq', sector: 'retail', country: 'KW', settlementCurrency: 'KWD', earnRate: '3' },
  },
  {
    currency: 'EUR',
    exponent: 2,
    terms: {
      name: 'Bistro Lumière',
      sector: 'restaurant',
      country: 'FR',
      settlementCurrency: 'EUR',
      earnRate: '1',
    },
  },
] as const;
export const MEMBER_COUNT = 3;

/** Silver at 1,500 qualifying credits (1.1x, the network pays), Gold at 3,000 (1.5x, the partner pays). */
const LEDGER_TIERS = [
  {
    code: 'silver',
    name: 'Silver',
    threshold: 1500,
    lifetimeAfterYears: null,
    benefits: {
      description: '10% bonus points.',
      earnMultiplier: { multiplier: '1.1', fundedBy: 'network' },
      roomUpgradeEligible: false,
      perks: [],
    },
  },
  {
    code: 'gold',
    name: 'Gold',
    threshold: 3000,
    lifetimeAfterYears: null,
    benefits: {
      description: '50% bonus points, paid by the partner.',
      earnMultiplier: { multiplier: '1.5', fundedBy: 'partner' },
      roomUpgradeEligible: true,
      perks: [],
    },
  },
];

export type Operation = SingleOperation | { type: 'burst'; operations: SingleOperation[] };

type SingleOperation =
  | {
      type: 'earn';
      partner: number;
      member: number;
      amountMinor: number;
      prescriptionPercent: number | null;
      holdDays: number | null | 'default';
    }
  | { type: 'capture'; hold: number; perMille: number | null }
  | { type: 'void'; hold: number }
  | { type: 'redeemPoints'; partner: number; member: number; points: number; valueCurrency: string | null }
  | { type: 'redeemAmount'; partner: number; member: number; amountMinor: number }
  | { type: 'refund'; earn: number; perMille: number | null }
  | { type: 'return'; redemption: number; points: number | null }
  | { type: 'advanceClock'; days: number; republishRates: boolean; sweep: boolean }
  | { type: 'goodwill'; member: number; points: number }
  | { type: 'pledge'; member: number; points: number | null }
  | { type: 'replay'; write: number }
  | { type: 'reuseKey'; write: number };

const index = fc.nat({ max: 1000 });
const partner = fc.nat({ max: PARTNERS.length - 1 });
const member = fc.nat({ max: MEMBER_COUNT - 1 });
const perMille = fc.option(fc.integer({ min: 1, max: 1000 }), { freq: 3 });

const simpleOperation: fc.Arbitrary<SingleOperation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('earn' as const),
      partner,
      member,
      // Mostly unbiased amounts, so that wallets fill up; sometimes fast-check's edge-biased ones.
      amountMinor: fc.oneof(
        { weight: 3, arbitrary: fc.noBias(fc.integer({ min: 1, max: 200_000 })) },
        fc.integer({ min: 1, max: 200_000 }),
      ),
      prescriptionPercent: fc.option(fc.integer({ min: 0, max: 100 }), { freq: 2 }),
      holdDays: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        fc.constant('default' as const),
        fc.integer({ min: 1, max: 30 }),
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('capture' as const), hold: index, perMille }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('void' as const), hold: index }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('redeemPoints' as const),
      partner,
      member,
      points: fc.integer({ min: 1, max: 300 }),
      valueCurrency: fc.option(fc.constantFrom('EUR', 'USD', 'JPY', 'KWD', 'CZK')),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('redeemAmount' as const),
      partner,
      member,
      amountMinor: fc.integer({ min: 1, max: 1_000 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('refund' as const), earn: index, perMille }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('return' as const),
      redemption: index,
      points: fc.option(fc.integer({ min: 1, max: 800 }), { freq: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('advanceClock' as const),
      // Mostly a few days; now and then long enough for lots (1 month here) and holds to lapse.
      days: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }) },
        fc.integer({ min: 20, max: 45 }),
      ),
      republishRates: fc.constantFrom(true, true, true, false),
      sweep: fc.constantFrom(true, true, true, false),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('goodwill' as const),
      member,
      points: fc.integer({ min: 1, max: 500 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('pledge' as const),
      member,
      points: fc.option(fc.integer({ min: 0, max: 3000 }), { freq: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('replay' as const), write: index }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('reuseKey' as const), write: index }) },
);

/**
 * Mostly one operation at a time; now and then a few fired at once (never a clock move: the
 * sweep's expected outcome is computed just before it runs).
 */
export const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 12, arbitrary: simpleOperation },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('burst' as const),
      operations: fc.array(
        simpleOperation.filter((each) => each.type !== 'advanceClock'),
        { minLength: 2, maxLength: 4 },
      ),
    }),
  },
);

/**
 * Every sequence opens with the same warm-up, so that no run is vacuous: wallets of about 2000
 * points at two partners each, a partial capture, both kinds of redemption, a return, a refund,
 * a replay and a reused key. The random operations follow.
 */
export const WARM_UP: Operation[] = [
  ...[0, 1, 2].flatMap((member) =>
    [member, member + 1].map(
      (partner): Operation => ({
        type: 'earn',
        partner,
        member,
        amountMinor: 200_000,
        prescriptionPercent: null,
        holdDays: null,
      }),
    ),
  ),
  {
    type: 'earn',
    partner: 0,
    member: 0,
    amountMinor: 43_400,
    prescriptionPercent: null,
    holdDays: 'default',
  },
  { type: 'earn', partner: 1, member: 2, amountMinor: 100_000, prescriptionPercent: 40, holdDays: null },
  { type: 'capture', hold: 0, perMille: 500 },
  { type: 'redeemPoints', partner: 1, member: 0, points: 50, valueCurrency: null },
  { type: 'redeemAmount', partner: 4, member: 1, amountMinor: 500 },
  { type: 'return', redemption: 0, points: null },
  { type: 'refund', earn: 0, perMille: 250 },
  { type: 'goodwill', member: 1, points: 120 },
  { type: 'pledge', member: 2, points: 300 },
  { type: 'replay', write: 0 },
  { type: 'reuseKey', write: 1 },
  // Writes 13 and 14 are the goodwill credit and the pledge above.
  { type: 'replay', write: 14 },
  { type: 'reuseKey', write: 13 },
];

/** ...and every sequence closes past the expiry of every lot (1 month here), with a sweep. */
export const CLOSING: Operation[] = [{ type: 'advanceClock', days: 35, republishRates: true, sweep: true }];

interface Money {
  amount: string;
  currency: string;
}
interface Hold {
  id: string;
  partner: number;
  member: number;
  points: number;
  amount: Money;
  expiresAtMs: number;
  status: 'pending' | 'captured' | 'voided' | 'expired';
}
/** A posted earn or a captured hold, refundable up to `base`. */
interface Refundable {
  id: string;
  partner: number;
  snapshotId: string;
  base: Money;
}
/** Who made a write: a partner of the world, the operator, or a member (a pool write). */
type Writer = { kind: 'partner'; index: number } | { kind: 'operator' } | { kind: 'member'; index: number };
interface Write {
  as: Writer;
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  key: string;
  response: TestResponse;
}

/** Statuses and problem codes each operation may answer; anything else (a 5xx above all) fails the run. */
const ALLOWED: Record<string, string[]> = {
  earn: ['201', '422 fx_rate_stale'],
  capture: ['200', '409 hold_not_pending', '409 hold_expired'],
  void: ['200', '409 hold_not_pending', '409 hold_expired'],
  redeemPoints: ['201', '422 insufficient_points', '422 fx_rate_stale'],
  redeemAmount: ['201', '422 insufficient_points', '422 fx_rate_stale'],
  refund: ['201', '422 reversal_exceeds_original'],
  return: ['201', '422 reversal_exceeds_original'],
  goodwill: ['201'],
  pledge: ['200'],
};

const formatMinor = (minor: number, exponent: number) =>
  exponent === 0
    ? String(minor)
    : `${Math.floor(minor / 10 ** exponent)}.${String(minor % 10 ** exponent).padStart(exponent, '0')}`;

export class LedgerWorld {
  readonly wallets = Array.from({ length: MEMBER_COUNT }, () => 0);
  readonly owed = Array.from({ length: MEMBER_COUNT }, () => 0);
  readonly holds: Hold[] = [];
  readonly refundable: Refundable[] = [];
  readonly redemptions: { id: string; partner: number }[] = [];
  readonly writes: Write[] = [];
  readonly gifts = new Set<string>();
  /** Outcomes seen, for the report at the end of the test. */
  readonly outcomes = new Map<string, number>();

  private constructor(
    readonly app: TestApp,
    readonly partners: PartnerClient[],
    readonly members: string[],
    /** A friends pool every member is in, for the members' own (keyed) pool writes. */
    readonly poolId: string,
  ) {}

  static async create(app: TestApp): Promise<LedgerWorld> {
    await publishRates(app);
    const partners = await Promise.all(PARTNERS.map((entry) => partnerClient(app, entry.terms)));
    const members: string[] = [];
    for (let count = 0; count < MEMBER_COUNT; count += 1)
      members.push(await partners[count % partners.length]!.enrol());
    const [owner, ...friends] = members;
    // Tiers within reach of the warm-up, so that bonuses of both funders, their refunds and gap
    // gifts run through the ledger with everything else.
    await app.request('PUT', '/v1/status/tiers', {
      token: await app.operatorToken(),
      body: { tiers: LEDGER_TIERS },
    });
    const pool = await app.request('POST', '/v1/pools', {
      token: await app.memberToken(owner!),
      body: { kind: 'friends', name: 'The three' },
    });
    for (const friend of friends) {
      const invite = await app.request('POST', `/v1/pools/${pool.body.id}/invites`, {
        token: await app.memberToken(owner!),
      });
      await app.request('POST', '/v1/pools/join', {
        token: await app.memberToken(friend),
        body: { code: invite.body.code },
      });
    }
    return new LedgerWorld(app, partners, members, pool.body.id);
  }

  async run(operation: Operation): Promise<void> {
    if (operation.type === 'burst') {
      await Promise.all(operation.operations.map((each) => this.runOne(each, true)));
    } else {
      await this.runOne(operation, false);
    }
    await this.takeGifts();
  }

  private countTierBonus(outcome: string) {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  /**
   * Gap gifts are status's decision (an earn's review, a scheduled one): the ledger's model takes
   * each as given and checks its points landed in the wallet like any credit.
   */
  private async takeGifts(): Promise<void> {
    const gifts = (await this.app.deps.db.all(
      sql`SELECT id, member_id AS memberId, points FROM gap_gifts ORDER BY id`,
    )) as { id: string; memberId: string; points: number }[];
    for (const gift of gifts) {
      if (this.gifts.has(gift.id)) continue;
      this.gifts.add(gift.id);
      this.wallets[this.members.indexOf(gift.memberId)]! += gift.points;
      this.outcomes.set('gap gift', (this.outcomes.get('gap gift') ?? 0) + 1);
    }
  }

  private async runOne(operation: SingleOperation, concurrent: boolean): Promise<void> {
    switch (operation.type) {
      case 'earn':
        return this.earn(operation, concurrent);
      case 'capture': {
        const hold = pick(this.holds, operation.hold);
        if (hold === undefined) return;
        const body = operation.perMille === null ? {} : { amount: share(hold.amount, operation.perMille) };
        const response = await this.write(
          'capture',
          hold.partner,
          'POST',
          `/v1/transactions/${hold.id}/capture`,
          body,
          concurrent,
        );
        if (response.status !== 200) return;
        hold.status = 'captured';
        this.credit(hold.member, response.body.hold.pointsCaptured, response.body.pointsRepaid, concurrent);
        this.wallets[hold.member]! += response.body.tierBonus?.points ?? 0;
        this.refundable.push({
          id: hold.id,
          partner: hold.partner,
          snapshotId: response.body.fx.snapshotId,
          base: response.body.hold.amountCaptured,
        });
        return;
      }
      case 'void': {
        const hold = pick(this.holds, operation.hold);
        if (hold === undefined) return;
        const response = await this.write(
          'void',
          hold.partner,
          'POST',
          `/v1/transactions/${hold.id}/void`,
          undefined,
          concurrent,
        );
        if (response.status === 200) hold.status = 'voided';
        return;
      }
      case 'redeemPoints':
      case 'redeemAmount': {
        const { exponent, currency } = PARTNERS[operation.partner]!;
        const body =
          operation.type === 'redeemPoints'
            ? {
                memberId: this.members[operation.member],
                points: operation.points,
                ...(operation.valueCurrency === null ? {} : { currency: operation.valueCurrency }),
              }
            : {
                memberId: this.members[operation.member],
                amount: { amount: formatMinor(operation.amountMinor, exponent), currency },
              };
        const response = await this.write(
          operation.type,
          operation.partner,
          'POST',
          '/v1/redeem',
          body,
          concurrent,
        );
        if (response.status !== 201) return;
        expect(response.body.draws).toEqual([
          { memberId: this.members[operation.member], poolId: null, points: response.body.points },
        ]);
        this.wallets[operation.member]! -= response.body.points;
        this.redemptions.push({ id: response.body.id, partner: operation.partner });
        return;
      }
      case 'refund': {
        const original = pick(this.refundable, operation.earn);
        if (original === undefined) return;
        const body = operation.perMille === null ? {} : { amount: share(original.base, operation.perMille) };
        const response = await this.write(
          'refund',
          original.partner,
          'POST',
          `/v1/transactions/${original.id}/reversals`,
          body,
          concurrent,
        );
        if (response.status !== 201) return;
        // A refund uses the original's FX snapshot, never the newest one.
        expect(response.body.fx.snapshotId).toBe(original.snapshotId);
        const memberIndex = this.members.indexOf(response.body.memberId);
        this.wallets[memberIndex]! -= response.body.points - response.body.pointsOwed;
        this.owed[memberIndex]! += response.body.pointsOwed;
        // The earn's tier bonus goes back in proportion, as far as the wallet still holds it.
        this.wallets[memberIndex]! -= response.body.tierBonus?.points ?? 0;
        if (response.body.tierBonus !== null) this.countTierBonus('tier bonus reversed');
        return;
      }
      case 'return': {
        const redemption = pick(this.redemptions, operation.redemption);
        if (redemption === undefined) return;
        const body = operation.points === null ? {} : { points: operation.points };
        const response = await this.write(
          'return',
          redemption.partner,
          'POST',
          `/v1/transactions/${redemption.id}/reversals`,
          body,
          concurrent,
        );
        if (response.status === 201)
          this.wallets[this.members.indexOf(response.body.memberId)]! += response.body.points;
        return;
      }
      case 'goodwill': {
        const memberId = this.members[operation.member]!;
        const response = await this.write(
          'goodwill',
          { kind: 'operator' },
          'POST',
          `/v1/members/${memberId}/credits`,
          { points: operation.points, reason: 'Random goodwill' },
          concurrent,
        );
        // A network gift never repays what the member owes a partner.
        if (response.status === 201) this.wallets[operation.member]! += operation.points;
        return;
      }
      case 'pledge': {
        const pledge = operation.points ?? 'all';
        await this.write(
          'pledge',
          { kind: 'member', index: operation.member },
          'PUT',
          `/v1/pools/${this.poolId}/members/me`,
          { pledge },
          concurrent,
        );
        return;
      }
      case 'advanceClock':
        this.app.clock.advance(operation.days * DAY_MS);
        if (operation.republishRates) await publishRates(this.app);
        if (operation.sweep) await this.sweep();
        return;
      case 'replay': {
        const earlier = pick(this.writes, operation.write);
        if (earlier === undefined) return;
        const response = await this.send(earlier.as, earlier.method, earlier.path, earlier.body, earlier.key);
        this.count('replay', response);
        expect({ status: response.status, body: response.body }).toEqual({
          status: earlier.response.status,
          body: earlier.response.body,
        });
        expect(response.headers.get('idempotent-replayed')).toBe('true');
        return;
      }
      case 'reuseKey': {
        const earlier = pick(this.writes, operation.write);
        if (earlier === undefined) return;
        const response = await this.send(earlier.as, earlier.method, ...anotherRequest(earlier), earlier.key);
        this.count('reuseKey', response);
        expect(response.status).toBe(422);
        expect(response.body.code).toBe('idempotency_key_reused');
        return;
      }
    }
  }

  private async earn(operation: Extract<SingleOperation, { type: 'earn' }>, concurrent: boolean) {
    const { exponent, currency } = PARTNERS[operation.partner]!;
    const amount = formatMinor(operation.amountMinor, exponent);
    const prescriptionMinor =
      operation.prescriptionPercent === null
        ? null
        : Math.floor((operation.amountMinor * operation.prescriptionPercent) / 100);
    const lines =
      prescriptionMinor === null
        ? undefined
        : [
            { amount: formatMinor(prescriptionMinor, exponent), category: 'prescription' },
            {
              amount: formatMinor(operation.amountMinor - prescriptionMinor, exponent),
              category: 'cosmetics',
            },
          ];
    const nowMs = this.app.clock.nowMs;
    const hold =
      operation.holdDays === null
        ? undefined
        : operation.holdDays === 'default'
          ? {}
          : { expiresAt: new Date(nowMs + operation.holdDays * DAY_MS).toISOString() };
    const body = {
      memberId: this.members[operation.member],
      amount: { amount, currency },
      ...(lines ? { lines } : {}),
      ...(hold ? { hold } : {}),
    };
    const response = await this.write('earn', operation.partner, 'POST', '/v1/earn', body, concurrent);
    if (response.status !== 201) return;
    if (hold === undefined) {
      expect(response.body.status).toBe('posted');
      this.credit(operation.member, response.body.points, response.body.pointsRepaid, concurrent);
      // A tier's bonus is credited with the earn: never repaying debts, never qualifying.
      this.wallets[operation.member]! += response.body.tierBonus?.points ?? 0;
      if (response.body.tierBonus !== null)
        this.countTierBonus(`tier bonus ${response.body.tierBonus.fundedBy}`);
      this.refundable.push({
        id: response.body.id,
        partner: operation.partner,
        snapshotId: response.body.fx.snapshotId,
        base: response.body.amount,
      });
    } else {
      expect(response.body).toMatchObject({ status: 'pending', pointsRepaid: 0 });
      this.holds.push({
        id: response.body.id,
        partner: operation.partner,
        member: operation.member,
        points: response.body.points,
        amount: response.body.amount,
        expiresAtMs: Date.parse(response.body.hold.expiresAt),
        status: 'pending',
      });
    }
  }

  /** Earned points repay what the member owes first; the rest lands in the wallet. */
  private credit(memberIndex: number, points: number, pointsRepaid: number, concurrent: boolean) {
    // Within a burst a concurrent refund may have created the debt before its response is counted.
    if (!concurrent) expect(pointsRepaid).toBeLessThanOrEqual(Math.min(points, this.owed[memberIndex]!));
    this.wallets[memberIndex]! += points - pointsRepaid;
    this.owed[memberIndex]! -= pointsRepaid;
  }

  /** The sweep must take exactly the points of the lots past their expiry and lapse exactly the holds past theirs. */
  private async sweep() {
    const nowMs = this.app.clock.nowMs;
    const due = (await this.app.deps.db.all(
      sql`SELECT member_id AS memberId, SUM(points_remaining) AS points FROM lots WHERE expires_at <= ${nowMs} AND points_remaining > 0 GROUP BY member_id`,
    )) as { memberId: string; points: number }[];
    const lapsing = this.holds.filter((hold) => hold.status === 'pending' && hold.expiresAtMs <= nowMs);
    const result = await sweepExpiredPoints(this.app.deps);
    await reviewDueStatuses(this.app.deps);
    expect(result).toEqual({
      lotsExpired: expect.any(Number),
      pointsExpired: due.reduce((total, row) => total + row.points, 0),
      holdsExpired: lapsing.length,
    });
    for (const row of due) this.wallets[this.members.indexOf(row.memberId)]! -= row.points;
    if (result.pointsExpired > 0)
      this.outcomes.set('sweep expired points', (this.outcomes.get('sweep expired points') ?? 0) + 1);
    if (result.holdsExpired > 0)
      this.outcomes.set('sweep lapsed holds', (this.outcomes.get('sweep lapsed holds') ?? 0) + 1);
    for (const hold of lapsing) hold.status = 'expired';
  }

  private async write(
    kind: string,
    as: Writer | number,
    method: string,
    path: string,
    body: Record<string, unknown> | undefined,
    concurrent: boolean,
  ) {
    const key = newKey(kind);
    const writer: Writer = typeof as === 'number' ? { kind: 'partner', index: as } : as;
    const response = await this.send(writer, method, path, body, key);
    this.count(kind, response);
    const outcome =
      response.status < 300 ? String(response.status) : `${response.status} ${response.body?.code}`;
    const allowed = concurrent ? [...ALLOWED[kind]!, '409 write_conflict'] : ALLOWED[kind]!;
    if (!allowed.includes(outcome))
      throw new Error(
        `${kind} ${method} ${path} ${JSON.stringify(body)} answered ${outcome}: ${JSON.stringify(response.body)}`,
      );
    if (response.status < 300) this.writes.push({ as: writer, method, path, body, key, response });
    return response;
  }

  private async send(
    as: Writer,
    method: string,
    path: string,
    body: Record<string, unknown> | undefined,
    key: string,
  ) {
    const token =
      as.kind === 'partner'
        ? await this.partners[as.index]!.token()
        : as.kind === 'member'
          ? await this.app.memberToken(this.members[as.index]!)
          : await this.app.operatorToken();
    return this.app.request(method, path, { token, body, idempotencyKey: key });
  }

  private count(kind: string, response: TestResponse) {
    const outcome = `${kind} ${response.status}${response.status >= 300 ? ` ${response.body?.code}` : ''}`;
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  /** The model and the ledger agree on every member: wallet, owed and pending; nothing spendable beyond the wallet. */
  async expectModelMatches(): Promise<void> {
    const nowMs = this.app.clock.nowMs;
    const wallets = (await this.app.deps.db.all(
      sql`SELECT owner_id AS memberId, balance FROM accounts WHERE kind = 'wallet'`,
    )) as { memberId: string; balance: number }[];
    const byMember = new Map(wallets.map((row) => [row.memberId, row.balance]));
    for (const [memberIndex, memberId] of this.members.entries()) {
      const balance = await memberBalance(this.app.deps, memberId);
      const pending = this.holds
        .filter(
          (hold) => hold.member === memberIndex && hold.status === 'pending' && hold.expiresAtMs > nowMs,
        )
        .reduce((total, hold) => total + hold.points, 0);
      expect({
        memberIndex,
        wallet: byMember.get(memberId),
        owed: balance.owed,
        pending: balance.pending,
      }).toEqual({
        memberIndex,
        wallet: this.wallets[memberIndex],
        owed: this.owed[memberIndex],
        pending,
      });
      expect(balance.available).toBeLessThanOrEqual(this.wallets[memberIndex]!);
    }
  }
}

function pick<T>(items: readonly T[], position: number): T | undefined {
  return items.length === 0 ? undefined : items[position % items.length];
}

/** perMille/1000 of an amount, at least one minor unit. */
function share(money: Money, perMille: number): Money {
  const entry = PARTNERS.find((each) => each.currency === money.currency);
  if (entry === undefined) throw new Error(`no partner in ${money.currency}`);
  const minor = Number(money.amount.replace('.', ''));
  return {
    amount: formatMinor(Math.max(1, Math.floor((minor * perMille) / 1000)), entry.exponent),
    currency: money.currency,
  };
}

/** The same Idempotency-Key with another request of the same write: it must be refused. */
function anotherRequest(earlier: Write): [string, Record<string, unknown> | undefined] {
  // Capture and void take no body: their other request is the same on another hold.
  if (/\/(capture|void)$/.test(earlier.path))
    return [earlier.path.replace(/txn_\w+/, 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q'), earlier.body];
  if (earlier.path.endsWith('/credits')) return [earlier.path, { ...earlier.body, reason: 'another reason' }];
  if (earlier.path.endsWith('/members/me')) {
    const pledge = earlier.body?.pledge;
    return [earlier.path, { pledge: pledge === 'all' ? 0 : 'all' }];
  }
  return [earlier.path, { ...earlier.body, externalReference: 'another-body' }];
}
