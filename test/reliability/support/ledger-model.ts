import { addMonths } from '../../../src/domain/ledger/lots.js';

/**
 * A small in-memory model of one run of the model-based test: a few members' lots, debts, holds,
 * earns, redemptions and one household pool, written from DESIGN.md's rules (not from the code).
 * Each `plan…` says what the API must answer; each `apply…` records what it did.
 */

const DAY_MS = 86_400_000;
export const HOLD_DAYS = 30;
export const LOCKOUT_DAYS = 180;

export interface Lot {
  readonly seq: number;
  readonly member: number;
  readonly partner: number;
  readonly transactionId: string;
  remaining: number;
  readonly expiresAt: number;
}
interface Debt {
  readonly seq: number;
  readonly member: number;
  readonly creditor: number;
  remaining: number;
}
export interface Earned {
  readonly id: string;
  readonly member: number;
  readonly partner: number;
  readonly baseMinor: number;
  readonly basePoints: number;
  reversedMinor: number;
  pointsReversed: number;
}
export interface Hold {
  readonly id: string;
  readonly member: number;
  readonly partner: number;
  readonly amountMinor: number;
  readonly points: number;
  readonly expiresAt: number;
  status: 'pending' | 'captured' | 'voided' | 'expired';
  earned?: Earned;
}
interface Transfer {
  readonly member: number;
  readonly viaPool: boolean;
  readonly draws: { lot: Lot; points: number; returned: number }[];
}
export interface Redemption {
  readonly id: string;
  readonly partner: number;
  readonly points: number;
  pointsReversed: number;
  readonly transfers: Transfer[];
}
interface Membership {
  readonly member: number;
  cap: number | null;
  used: number;
}
export type Source = 'wallet' | 'pool' | 'auto';
export type Refusal = { readonly status: number; readonly code: string };
export interface Flows {
  issued: number;
  issueReversed: number;
  debtRepaid: number;
  redeemed: number;
  redeemReturned: number;
}
export type Transaction =
  | { kind: 'earn'; earned: Earned }
  | { kind: 'hold'; hold: Hold }
  | { kind: 'redemption'; redemption: Redemption };

const refusal = (status: number, code: string): Refusal => ({ status, code });
export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'code' in value && 'status' in value;
const byExpiry = (a: Lot, b: Lot) => a.expiresAt - b.expiresAt || a.seq - b.seq;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const noFlows = (): Flows => ({ issued: 0, issueReversed: 0, debtRepaid: 0, redeemed: 0, redeemReturned: 0 });

/** Takes points from lots in the order given. */
function take(lots: readonly Lot[], points: number): { lot: Lot; points: number }[] {
  const draws: { lot: Lot; points: number }[] = [];
  let missing = points;
  for (const lot of lots) {
    if (missing === 0) break;
    const taken = Math.min(lot.remaining, missing);
    if (taken > 0) draws.push({ lot, points: taken });
    missing -= taken;
  }
  return draws;
}

export class LedgerModel {
  private seq = 0;
  readonly lots: Lot[] = [];
  private readonly debts: Debt[] = [];
  readonly transactions: Transaction[] = [];
  /** Active pool members in joining order; member 0 owns the pool. */
  readonly pool: Membership[] = [{ member: 0, cap: null, used: 0 }];
  private readonly leftAt = new Map<number, number>();
  flows: Flows[];

  constructor(
    public nowMs: number,
    readonly partners: number,
    private readonly expiryMonths: number,
  ) {
    this.flows = Array.from({ length: partners }, noFlows);
  }

  // ---- what the member sees

  spendable(member: number): Lot[] {
    return this.lots
      .filter((lot) => lot.member === member && lot.remaining > 0 && lot.expiresAt > this.nowMs)
      .sort(byExpiry);
  }
  available = (member: number) => sum(this.spendable(member).map((lot) => lot.remaining));
  wallet = (member: number) =>
    sum(this.lots.filter((lot) => lot.member === member).map((lot) => lot.remaining));
  owed = (member: number) =>
    sum(this.debts.filter((debt) => debt.member === member).map((debt) => debt.remaining));
  pending(member: number): number {
    return sum(
      this.holds()
        .filter((hold) => hold.member === member && hold.status === 'pending' && hold.expiresAt > this.nowMs)
        .map((hold) => hold.points),
    );
  }
  holds = () => this.transactions.flatMap((entry) => (entry.kind === 'hold' ? [entry.hold] : []));
  membership = (member: number) => this.pool.find((entry) => entry.member === member);

  /** What the pool may draw from one member's wallet today: spendable points within the pledge. */
  drawable(entry: Membership): number {
    const spendable = this.available(entry.member);
    return entry.cap === null ? spendable : Math.min(spendable, Math.max(0, entry.cap - entry.used));
  }
  /** What a member may spend from the pool today (others' wallets), as the unified balance shows it. */
  poolSpendable(member: number): number | undefined {
    if (this.membership(member) === undefined) return undefined;
    return sum(this.pool.filter((entry) => entry.member !== member).map((entry) => this.drawable(entry)));
  }

  /** What a redemption from this source could take today; redemptions are drawn as a share of it. */
  capacity(member: number, source: Source): number {
    if (source === 'pool')
      return this.membership(member) === undefined ? 0 : sum(this.pool.map((entry) => this.drawable(entry)));
    return this.available(member) + (source === 'auto' ? (this.poolSpendable(member) ?? 0) : 0);
  }

  // ---- earning

  /** Points owed are repaid first, oldest debt first; the rest becomes a lot. */
  credit(member: number, partner: number, transactionId: string, points: number): number {
    if (points === 0) return 0;
    let left = points;
    for (const debt of this.debts.filter((item) => item.member === member && item.remaining > 0)) {
      const repaid = Math.min(debt.remaining, left);
      debt.remaining -= repaid;
      left -= repaid;
      (this.flows[debt.creditor] as Flows).debtRepaid += repaid;
    }
    (this.flows[partner] as Flows).issued += points;
    if (left > 0)
      this.lots.push({
        seq: (this.seq += 1),
        member,
        partner,
        transactionId,
        remaining: left,
        expiresAt: addMonths(this.nowMs, this.expiryMonths),
      });
    return points - left;
  }

  applyEarn(id: string, member: number, partner: number, amountMinor: number, points: number): number {
    const earned = {
      id,
      member,
      partner,
      baseMinor: amountMinor,
      basePoints: points,
      reversedMinor: 0,
      pointsReversed: 0,
    };
    this.transactions.push({ kind: 'earn', earned });
    return this.credit(member, partner, id, points);
  }

  applyHold(id: string, member: number, partner: number, amountMinor: number, points: number): void {
    this.transactions.push({
      kind: 'hold',
      hold: {
        id,
        member,
        partner,
        amountMinor,
        points,
        expiresAt: this.nowMs + HOLD_DAYS * DAY_MS,
        status: 'pending',
      },
    });
  }

  /** A hold is captured or voided once, while pending and not expired. */
  checkHold(hold: Hold): Refusal | undefined {
    if (hold.status !== 'pending') return refusal(409, 'hold_not_pending');
    if (hold.expiresAt <= this.nowMs) return refusal(409, 'hold_expired');
    return undefined;
  }

  applyCapture(hold: Hold, capturedMinor: number): number {
    const points =
      capturedMinor === hold.amountMinor
        ? hold.points
        : Math.floor((hold.points * capturedMinor) / hold.amountMinor);
    hold.status = 'captured';
    hold.earned = {
      id: hold.id,
      member: hold.member,
      partner: hold.partner,
      baseMinor: capturedMinor,
      basePoints: points,
      reversedMinor: 0,
      pointsReversed: 0,
    };
    this.credit(hold.member, hold.partner, hold.id, points);
    return points;
  }

  // ---- redeeming

  /** The lots a redemption takes, per wallet in transfer order, or why it is refused. */
  planRedeem(member: number, points: number, source: Source): Transfer[] | Refusal {
    if (source === 'pool') {
      if (this.membership(member) === undefined) return refusal(404, 'pool_not_found');
      const capacity = sum(this.pool.map((entry) => this.drawable(entry)));
      if (points > capacity) {
        const held = sum(this.pool.map((entry) => this.available(entry.member)));
        return held >= points ? refusal(422, 'pledge_exceeded') : refusal(422, 'insufficient_points');
      }
      return this.allocate(this.pool, points);
    }
    const own = this.spendable(member);
    const ownPoints = Math.min(points, sum(own.map((lot) => lot.remaining)));
    const transfers: Transfer[] =
      ownPoints > 0
        ? [{ member, viaPool: false, draws: take(own, ownPoints).map((draw) => ({ ...draw, returned: 0 })) }]
        : [];
    const missing = points - ownPoints;
    if (missing > 0 && source === 'auto' && this.membership(member) !== undefined) {
      const others = this.pool.filter((entry) => entry.member !== member);
      const fromPool = Math.min(missing, sum(others.map((entry) => this.drawable(entry))));
      if (fromPool === missing) return [...transfers, ...this.allocate(others, missing)];
    }
    return missing > 0 ? refusal(422, 'insufficient_points') : transfers;
  }

  /** `soonest_expiring`: the pooled lots first-expiring-first, each wallet within its pledge. */
  private allocate(wallets: readonly Membership[], points: number): Transfer[] {
    const room = new Map(wallets.map((entry) => [entry.member, this.drawable(entry)]));
    const shares = new Map<number, number>();
    let missing = points;
    for (const lot of wallets.flatMap((entry) => this.spendable(entry.member)).sort(byExpiry)) {
      const taken = Math.min(
        lot.remaining,
        (room.get(lot.member) ?? 0) - (shares.get(lot.member) ?? 0),
        missing,
      );
      if (taken <= 0) continue;
      shares.set(lot.member, (shares.get(lot.member) ?? 0) + taken);
      missing -= taken;
    }
    return wallets
      .filter((entry) => (shares.get(entry.member) ?? 0) > 0)
      .map((entry) => ({
        member: entry.member,
        viaPool: true,
        draws: take(this.spendable(entry.member), shares.get(entry.member) ?? 0).map((draw) => ({
          ...draw,
          returned: 0,
        })),
      }));
  }

  applyRedeem(id: string, partner: number, transfers: Transfer[]): void {
    for (const transfer of transfers) {
      for (const draw of transfer.draws) draw.lot.remaining -= draw.points;
      const entry = transfer.viaPool ? this.membership(transfer.member) : undefined;
      if (entry !== undefined) entry.used += sum(transfer.draws.map((draw) => draw.points));
    }
    const points = sum(transfers.flatMap((transfer) => transfer.draws.map((draw) => draw.points)));
    (this.flows[partner] as Flows).redeemed += points;
    this.transactions.push({
      kind: 'redemption',
      redemption: { id, partner, points, pointsReversed: 0, transfers },
    });
  }

  // ---- reversing

  /** The lots a refund may take back from: only those the refunding partner issued, expired or not. */
  private refundableLots(earned: Earned): Lot[] {
    return this.lots.filter(
      (lot) => lot.member === earned.member && lot.partner === earned.partner && lot.remaining > 0,
    );
  }

  /** A refund of an earn: points in proportion, on the running total, rounded down. */
  planRefund(
    earned: Earned,
    perMille: number | null,
  ): { refundMinor: number; points: number; takenBack: number; owed: number } | Refusal {
    const remainingMinor = earned.baseMinor - earned.reversedMinor;
    if (perMille === null && remainingMinor === 0) return refusal(422, 'reversal_exceeds_original');
    const refundMinor =
      perMille === null ? remainingMinor : Math.max(1, Math.floor((earned.baseMinor * perMille) / 1000));
    if (refundMinor > remainingMinor) return refusal(422, 'reversal_exceeds_original');
    const points =
      Math.floor((earned.basePoints * (earned.reversedMinor + refundMinor)) / earned.baseMinor) -
      earned.pointsReversed;
    const takenBack = Math.min(points, sum(this.refundableLots(earned).map((lot) => lot.remaining)));
    return { refundMinor, points, takenBack, owed: points - takenBack };
  }

  applyRefund(
    earned: Earned,
    plan: { refundMinor: number; points: number; takenBack: number; owed: number },
  ): void {
    // The earn's own lot first, then the partner's other lots first-expiring-first, expired or not.
    const lots = this.refundableLots(earned);
    const order = (lot: Lot) => (lot.transactionId === earned.id ? 0 : 1);
    for (const draw of take(
      lots.sort((a, b) => order(a) - order(b) || byExpiry(a, b)),
      plan.takenBack,
    ))
      draw.lot.remaining -= draw.points;
    if (plan.owed > 0)
      this.debts.push({
        seq: (this.seq += 1),
        member: earned.member,
        creditor: earned.partner,
        remaining: plan.owed,
      });
    earned.reversedMinor += plan.refundMinor;
    earned.pointsReversed += plan.points;
    (this.flows[earned.partner] as Flows).issueReversed += plan.takenBack;
  }

  planReturn(redemption: Redemption, perMille: number | null): number | Refusal {
    const remaining = redemption.points - redemption.pointsReversed;
    if (remaining === 0) return refusal(422, 'reversal_exceeds_original');
    const points =
      perMille === null ? remaining : Math.max(1, Math.floor((redemption.points * perMille) / 1000));
    return points > remaining ? refusal(422, 'reversal_exceeds_original') : points;
  }

  /** Points go back into the lots they came from, transfer by transfer, latest-expiring lot first. */
  applyReturn(redemption: Redemption, points: number): void {
    let missing = points;
    for (const transfer of redemption.transfers) {
      const draws = transfer.draws
        .filter((draw) => draw.points > draw.returned)
        .sort((a, b) => b.lot.expiresAt - a.lot.expiresAt || a.lot.seq - b.lot.seq);
      for (const draw of draws) {
        const back = Math.min(draw.points - draw.returned, missing);
        draw.returned += back;
        draw.lot.remaining += back;
        missing -= back;
      }
    }
    redemption.pointsReversed += points;
    (this.flows[redemption.partner] as Flows).redeemReturned += points;
  }

  // ---- the pool

  checkJoin(member: number): Refusal | undefined {
    if (this.membership(member) !== undefined) return refusal(409, 'already_pool_member');
    const left = this.leftAt.get(member);
    if (left !== undefined && left + LOCKOUT_DAYS * DAY_MS > this.nowMs)
      return refusal(409, 'household_lockout');
    return undefined;
  }
  applyJoin = (member: number) => void this.pool.push({ member, cap: null, used: 0 });

  checkLeave(member: number): Refusal | undefined {
    if (this.membership(member) === undefined) return refusal(404, 'pool_not_found');
    return member === 0 ? refusal(409, 'owner_cannot_leave') : undefined;
  }
  applyLeave(member: number): void {
    this.pool.splice(
      this.pool.findIndex((entry) => entry.member === member),
      1,
    );
    this.leftAt.set(member, this.nowMs);
  }

  /** A new pledge counts afresh from now. */
  applyPledge(member: number, cap: number | null): void {
    const entry = this.membership(member);
    if (entry === undefined) return;
    entry.cap = cap;
    entry.used = 0;
  }

  // ---- time

  /** The expiry sweep: lapsed lots go to breakage, lapsed holds are marked expired. */
  sweep(): void {
    for (const lot of this.lots) if (lot.expiresAt <= this.nowMs) lot.remaining = 0;
    for (const hold of this.holds())
      if (hold.status === 'pending' && hold.expiresAt <= this.nowMs) hold.status = 'expired';
  }

  closePeriod(): Flows[] {
    const closed = this.flows;
    this.flows = Array.from({ length: this.partners }, noFlows);
    return closed;
  }
}
