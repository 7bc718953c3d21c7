import fc from 'fast-check';
import { expect } from 'vitest';
import { sweepExpiredPoints } from '../../../src/ledger/expiry.js';
import { type PartnerClient, publishRates } from '../../support/coalition.js';
import type { TestResponse } from '../../support/harness.js';
import { isRefusal, type LedgerModel, type Refusal, type Source } from './ledger-model.js';
import { expectModelMatches, type World } from './model-world.js';

/**
 * The commands of the model-based test. Each moves the clock a little (so no two lots share an
 * expiry), asks the model what the API must answer, sends the request through the real HTTP app,
 * compares, records what happened in the model, and then compares every balance.
 */
type Command = fc.AsyncCommand<LedgerModel, World>;

const DAY_MS = 86_400_000;
const money = (minor: number) => ({ amount: (minor / 100).toFixed(2), currency: 'EUR' });
/** Earn rates of the run's partners, as numerator / denominator: 1 and 1.5 points per EUR. */
export const EARN_RATES = [
  [1, 1],
  [3, 2],
] as const;

let lastOutcome = '';

function expectOutcome(response: TestResponse, expected: Refusal | number, label: string): boolean {
  const context = `${label}: ${JSON.stringify(response.body)}`;
  lastOutcome = `${response.status}${response.status >= 400 ? ` ${String(response.body?.code)}` : ''}`;
  if (isRefusal(expected)) {
    expect({ status: response.status, code: response.body?.code }, context).toEqual(expected);
    return false;
  }
  expect(response.status, context).toBe(expected);
  return true;
}

async function tick(model: LedgerModel, world: World, seconds: number) {
  model.nowMs += seconds * 1000;
  world.app.clock.advance(seconds * 1000);
}

abstract class Step implements Command {
  constructor(readonly seconds: number) {}
  check(_model: Readonly<LedgerModel>): boolean {
    return true;
  }
  async run(model: LedgerModel, world: World): Promise<void> {
    await tick(model, world, this.seconds);
    lastOutcome = '';
    await this.act(model, world);
    world.count(this.constructor.name);
    world.count(
      `${this.toString().replace(/\(.*$/, '')}${this instanceof Redeem ? ` ${this.source}` : ''} ${lastOutcome}`.trim(),
    );
    await expectModelMatches(model, world);
  }
  protected abstract act(model: LedgerModel, world: World): Promise<void>;
  abstract toString(): string;
}

class Earn extends Step {
  constructor(
    readonly member: number,
    readonly partner: number,
    readonly amountMinor: number,
    readonly hold: boolean,
    seconds: number,
  ) {
    super(seconds);
  }
  protected async act(model: LedgerModel, world: World) {
    const [numerator, denominator] = EARN_RATES[this.partner] ?? [1, 1];
    const points = Math.floor((this.amountMinor * numerator) / (denominator * 100));
    const body = {
      memberId: world.members[this.member],
      amount: money(this.amountMinor),
      ...(this.hold ? { hold: {} } : {}),
    };
    const response = await partner(world, this.partner).earn(body);
    expectOutcome(response, 201, this.toString());
    expect(response.body.points).toBe(points);
    if (this.hold) model.applyHold(response.body.id, this.member, this.partner, this.amountMinor, points);
    else
      expect(response.body.pointsRepaid).toBe(
        model.applyEarn(response.body.id, this.member, this.partner, this.amountMinor, points),
      );
  }
  toString = () =>
    `${this.hold ? 'hold' : 'earn'}(m${this.member}, p${this.partner}, ${this.amountMinor}, +${this.seconds}s)`;
}

class Resolve extends Step {
  constructor(
    readonly index: number,
    readonly perMille: number | null,
    readonly voids: boolean,
    seconds: number,
  ) {
    super(seconds);
  }
  override check = (model: Readonly<LedgerModel>) => model.holds().length > 0;
  protected async act(model: LedgerModel, world: World) {
    const holds = model.holds();
    const hold = holds[this.index % holds.length];
    if (hold === undefined) return;
    const capturedMinor =
      this.perMille === null
        ? hold.amountMinor
        : Math.max(1, Math.floor((hold.amountMinor * this.perMille) / 1000));
    const client = partner(world, hold.partner);
    const response = this.voids
      ? await client.void(hold.id)
      : await client.capture(hold.id, this.perMille === null ? {} : { amount: money(capturedMinor) });
    if (!expectOutcome(response, model.checkHold(hold) ?? 200, this.toString())) return;
    if (this.voids) hold.status = 'voided';
    else expect(response.body.hold.pointsCaptured).toBe(model.applyCapture(hold, capturedMinor));
  }
  toString = () =>
    `${this.voids ? 'void' : 'capture'}(#${this.index}, ${this.perMille ?? 'all'}‰, +${this.seconds}s)`;
}

/** Asks for a share (‰) of what the source holds, so that most redemptions can succeed and some cannot. */
class Redeem extends Step {
  private points = 0;
  constructor(
    readonly member: number,
    readonly partner: number,
    readonly share: number,
    readonly source: Source,
    readonly byAmount: boolean,
    seconds: number,
  ) {
    super(seconds);
  }
  protected async act(model: LedgerModel, world: World) {
    this.points = Math.max(1, Math.round((model.capacity(this.member, this.source) * this.share) / 1000));
    const plan = model.planRedeem(this.member, this.points, this.source);
    const source = this.source === 'pool' ? { type: 'pool', poolId: world.poolId } : { type: this.source };
    // 0.01 EUR per point: an amount of N cents needs exactly N points.
    const ask = this.byAmount ? { amount: money(this.points) } : { points: this.points };
    const response = await partner(world, this.partner).redeem({
      memberId: world.members[this.member],
      ...ask,
      source,
    });
    if (!expectOutcome(response, isRefusal(plan) ? plan : 201, this.toString()) || isRefusal(plan)) return;
    expect(response.body.points).toBe(this.points);
    const drawn = plan.map((transfer) => ({
      memberId: world.members[transfer.member],
      points: transfer.draws.reduce((total, draw) => total + draw.points, 0),
    }));
    expect(
      response.body.draws.map(({ memberId, points }: { memberId: string; points: number }) => ({
        memberId,
        points,
      })),
    ).toEqual(drawn);
    model.applyRedeem(response.body.id, this.partner, plan);
  }
  toString = () =>
    `redeem(m${this.member}, p${this.partner}, ${this.share}‰ = ${this.points}${this.byAmount ? ' by amount' : ''}, ${this.source}, +${this.seconds}s)`;
}

class Reverse extends Step {
  constructor(
    readonly index: number,
    readonly perMille: number | null,
    seconds: number,
  ) {
    super(seconds);
  }
  override check = (model: Readonly<LedgerModel>) => model.transactions.length > 0;
  protected async act(model: LedgerModel, world: World) {
    const entry = model.transactions[this.index % model.transactions.length];
    if (entry === undefined) return;
    const part = (whole: number) =>
      this.perMille === null ? undefined : Math.max(1, Math.floor((whole * this.perMille) / 1000));
    if (entry.kind === 'redemption') {
      const { redemption } = entry;
      const points = part(redemption.points);
      const plan = model.planReturn(redemption, this.perMille);
      const response = await partner(world, redemption.partner).reverse(
        redemption.id,
        points === undefined ? {} : { points },
      );
      if (expectOutcome(response, isRefusal(plan) ? plan : 201, this.toString()) && !isRefusal(plan))
        model.applyReturn(redemption, plan);
      return;
    }
    const hold = entry.kind === 'hold' ? entry.hold : undefined;
    const earned = entry.kind === 'earn' ? entry.earned : entry.hold.earned;
    const refundMinor = part(earned?.baseMinor ?? hold?.amountMinor ?? 0);
    const plan =
      earned === undefined
        ? { status: 409, code: 'reversal_not_allowed' }
        : model.planRefund(earned, this.perMille);
    const client = partner(world, earned?.partner ?? hold?.partner ?? 0);
    const response = await client.reverse(
      earned?.id ?? hold?.id ?? '',
      refundMinor === undefined ? {} : { amount: money(refundMinor) },
    );
    if (
      !expectOutcome(response, isRefusal(plan) ? plan : 201, this.toString()) ||
      isRefusal(plan) ||
      earned === undefined
    )
      return;
    expect({ points: response.body.points, pointsOwed: response.body.pointsOwed }).toEqual({
      points: plan.points,
      pointsOwed: plan.owed,
    });
    model.applyRefund(earned, plan);
  }
  toString = () => `reverse(#${this.index}, ${this.perMille ?? 'all'}‰, +${this.seconds}s)`;
}

class Membership extends Step {
  constructor(
    readonly member: number,
    readonly action: 'join' | 'leave' | 'pledge',
    readonly cap: number | null,
    seconds: number,
  ) {
    super(seconds);
  }
  protected async act(model: LedgerModel, world: World) {
    const memberToken = await world.app.memberToken(world.members[this.member] ?? '');
    let response: TestResponse;
    let expected: Refusal | undefined;
    if (this.action === 'join') {
      expected = model.checkJoin(this.member);
      const invite = await world.app.request('POST', `/v1/pools/${world.poolId}/invites`, {
        token: await world.app.memberToken(world.members[0] ?? ''),
      });
      expect(invite.status).toBe(201);
      response = await world.app.request('POST', '/v1/pools/join', {
        token: memberToken,
        body: { code: invite.body.code },
      });
    } else if (this.action === 'leave') {
      expected = model.checkLeave(this.member);
      response = await world.app.request('DELETE', `/v1/pools/${world.poolId}/members/me`, {
        token: memberToken,
      });
    } else {
      expected =
        model.membership(this.member) === undefined ? { status: 404, code: 'pool_not_found' } : undefined;
      response = await world.app.request('PUT', `/v1/pools/${world.poolId}/members/me`, {
        token: memberToken,
        body: { pledge: this.cap ?? 'all' },
      });
    }
    if (!expectOutcome(response, expected ?? 200, this.toString())) return;
    if (this.action === 'join') model.applyJoin(this.member);
    else if (this.action === 'leave') model.applyLeave(this.member);
    else model.applyPledge(this.member, this.cap);
    if (this.action !== 'leave') {
      const drawable = model.pool.map((entry) => ({
        memberId: world.members[entry.member],
        drawablePoints: model.drawable(entry),
      }));
      expect(
        response.body.members.map(
          ({ memberId, drawablePoints }: { memberId: string; drawablePoints: number }) => ({
            memberId,
            drawablePoints,
          }),
        ),
      ).toEqual(drawable);
    }
  }
  toString = () =>
    `${this.action}(m${this.member}${this.action === 'pledge' ? `, ${this.cap ?? 'all'}` : ''}, +${this.seconds}s)`;
}

/** Time passes: rates are republished (they would go stale) and the expiry sweep runs. */
class Advance extends Step {
  constructor(
    readonly days: number,
    readonly sweep: boolean,
    seconds: number,
  ) {
    super(seconds);
  }
  protected async act(model: LedgerModel, world: World) {
    model.nowMs += this.days * DAY_MS;
    world.app.clock.advance(this.days * DAY_MS);
    await publishRates(world.app);
    // Without a sweep, lapsed lots stay in the wallet (not spendable) until the next one.
    if (!this.sweep) return;
    await sweepExpiredPoints(world.app.deps);
    model.sweep();
  }
  toString = () => `advance(${this.days}d${this.sweep ? ', sweep' : ''}, +${this.seconds}s)`;
}

/** The operator closes the period: each partner's statement counts exactly the model's flows since the last close. */
class Close extends Step {
  protected async act(model: LedgerModel, world: World) {
    const token = await world.app.operatorToken();
    const response = await world.app.request('POST', '/v1/settlements', { token, body: {} });
    const flows = model.closePeriod();
    expect([200, 201], JSON.stringify(response.body)).toContain(response.status);
    if (response.status === 200) {
      // Nothing new to settle: then the model saw nothing happen either.
      expect(flows.flatMap((flow) => Object.values(flow)).every((value) => value === 0)).toBe(true);
      return;
    }
    world.partners.forEach((client, index) => {
      const statement = response.body.statements.find(
        (entry: { partnerId: string }) => entry.partnerId === client.partner.id,
      )?.statement;
      const { issued, issueReversed, debtRepaid, redeemed, redeemReturned } = statement?.points ?? {
        issued: 0,
        issueReversed: 0,
        debtRepaid: 0,
        redeemed: 0,
        redeemReturned: 0,
      };
      expect(
        { issued, issueReversed, debtRepaid, redeemed, redeemReturned },
        `statement of p${index}`,
      ).toEqual(flows[index]);
    });
    const again = await world.app.request('POST', '/v1/settlements', { token, body: {} });
    expect([again.status, again.body.settlement.settlementId]).toEqual([
      200,
      response.body.settlement.settlementId,
    ]);
  }
  toString = () => `close(+${this.seconds}s)`;
}

function partner(world: World, index: number): PartnerClient {
  const client = world.partners[index];
  if (client === undefined) throw new Error(`no partner ${index}`);
  return client;
}

const member = fc.nat({ max: 2 });
const partnerIndex = fc.nat({ max: EARN_RATES.length - 1 });
const seconds = fc.integer({ min: 1, max: 900 });
const index = fc.nat({ max: 50 });
const perMille = fc.option(fc.integer({ min: 1, max: 1000 }), { freq: 2 });
const share = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 1000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1001, max: 1500 }) },
);

/** The command mix; `settlement` adds period closes once the settlement routes exist. */
export function commandArbitraries(settlement: boolean): fc.Arbitrary<Command>[] {
  return [
    fc
      .tuple(member, partnerIndex, fc.integer({ min: 100, max: 40_000 }), fc.boolean(), seconds)
      .map((args) => new Earn(...args)),
    fc
      .tuple(member, partnerIndex, fc.integer({ min: 100, max: 40_000 }), seconds)
      .map(([m, p, amount, s]) => new Earn(m, p, amount, false, s)),
    fc
      .tuple(member, partnerIndex, fc.integer({ min: 100, max: 40_000 }), seconds)
      .map(([m, p, amount, s]) => new Earn(m, p, amount, true, s)),
    fc.tuple(index, perMille, fc.boolean(), seconds).map((args) => new Resolve(...args)),
    fc.tuple(index, perMille, fc.constant(false), seconds).map((args) => new Resolve(...args)),
    fc
      .tuple(
        member,
        partnerIndex,
        share,
        fc.constantFrom<Source>('wallet', 'pool', 'auto'),
        fc.boolean(),
        seconds,
      )
      .map((args) => new Redeem(...args)),
    fc
      .tuple(member, partnerIndex, share, fc.constantFrom<Source>('pool', 'auto'), fc.boolean(), seconds)
      .map((args) => new Redeem(...args)),
    fc.tuple(index, perMille, seconds).map((args) => new Reverse(...args)),
    fc.tuple(index, perMille, seconds).map((args) => new Reverse(...args)),
    fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.constant('join' as const), fc.constant(null), seconds)
      .map((args) => new Membership(...args)),
    fc
      .tuple(
        member,
        fc.constantFrom('join' as const, 'leave' as const, 'pledge' as const),
        fc.option(fc.nat({ max: 400 })),
        seconds,
      )
      .map((args) => new Membership(...args)),
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.boolean(), seconds).map((args) => new Advance(...args)),
    ...(settlement ? [seconds.map((s) => new Close(s))] : []),
  ];
}
