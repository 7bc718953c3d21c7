import { byExpiry, type LotBalance, type LotDraw } from '../ledger/lots.js';

export type DrawPolicy = 'soonest_expiring' | 'proportional';

/** A pledged wallet as a pool draw sees it. */
export interface PledgedWallet {
  readonly memberId: string;
  /** Spendable lots, first-expiring-first. */
  readonly lots: readonly LotBalance[];
  /** What the pool may still draw from this wallet; undefined for a pledge of `all`. */
  readonly pledgeRemaining: number | undefined;
}

export interface WalletAllocation {
  readonly memberId: string;
  readonly draws: LotDraw[];
}

/** What the pool may draw from a wallet now: its spendable points, within its pledge. */
export function drawable(wallet: PledgedWallet): number {
  const spendable = wallet.lots.reduce((total, lot) => total + lot.pointsRemaining, 0);
  return wallet.pledgeRemaining === undefined
    ? spendable
    : Math.min(spendable, Math.max(0, wallet.pledgeRemaining));
}

/**
 * What a member may spend from a pool now: what its wallets may give, within the member's monthly
 * limit less what they redeemed from it this month; nothing when the owner does not let them redeem.
 */
export function poolSpendable(
  wallets: readonly PledgedWallet[],
  membership: { readonly mayRedeem: boolean; readonly monthlyLimitPoints: number | null },
  usedThisMonthPoints: number,
): number {
  if (!membership.mayRedeem) return 0;
  const pledged = wallets.reduce((total, wallet) => total + drawable(wallet), 0);
  return membership.monthlyLimitPoints === null
    ? pledged
    : Math.min(pledged, Math.max(0, membership.monthlyLimitPoints - usedThisMonthPoints));
}

/**
 * Splits a pool redemption across the pledged wallets. `soonest_expiring` takes the lots of all
 * wallets together first-expiring-first (least breakage for the family); `proportional` takes
 * from each wallet in proportion to what it can give, rounding by the largest-remainder rule
 * (ties to the lower member id), and first-expiring-first within each wallet. Returns undefined
 * when the wallets cannot cover `points`.
 */
export function allocatePoolDraw(
  wallets: readonly PledgedWallet[],
  points: number,
  policy: DrawPolicy,
): WalletAllocation[] | undefined {
  const capacity = wallets.map(drawable);
  const total = capacity.reduce((sum, value) => sum + value, 0);
  if (points <= 0 || total < points) return undefined;
  const shares =
    policy === 'proportional'
      ? proportionalShares(wallets, capacity, total, points)
      : soonestExpiringShares(wallets, capacity, points);
  const allocations: WalletAllocation[] = [];
  wallets.forEach((wallet, index) => {
    const share = shares[index] ?? 0;
    if (share > 0)
      allocations.push({ memberId: wallet.memberId, draws: takeFirstExpiring(wallet.lots, share) });
  });
  return allocations;
}

function soonestExpiringShares(
  wallets: readonly PledgedWallet[],
  capacity: readonly number[],
  points: number,
): number[] {
  const shares = wallets.map(() => 0);
  const merged = wallets
    .flatMap((wallet, index) => wallet.lots.map((lot) => ({ lot, index })))
    .sort((a, b) => byExpiry(a.lot, b.lot));
  let missing = points;
  for (const { lot, index } of merged) {
    if (missing === 0) break;
    const room = (capacity[index] ?? 0) - (shares[index] ?? 0);
    const taken = Math.min(lot.pointsRemaining, room, missing);
    if (taken <= 0) continue;
    shares[index] = (shares[index] ?? 0) + taken;
    missing -= taken;
  }
  return shares;
}

function proportionalShares(
  wallets: readonly PledgedWallet[],
  capacity: readonly number[],
  total: number,
  points: number,
): number[] {
  // bigint, so that points x capacity stays exact at any size.
  const exact = capacity.map((value) => {
    const product = BigInt(points) * BigInt(value);
    return { floor: Number(product / BigInt(total)), remainder: product % BigInt(total) };
  });
  const shares = exact.map((share) => share.floor);
  let left = points - shares.reduce((sum, value) => sum + value, 0);
  const order = wallets
    .map((wallet, index) => ({ index, memberId: wallet.memberId, remainder: exact[index]?.remainder ?? 0n }))
    .sort(
      (a, b) =>
        (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1) ||
        (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0),
    );
  for (const { index } of order) {
    if (left === 0) break;
    if ((shares[index] ?? 0) < (capacity[index] ?? 0)) {
      shares[index] = (shares[index] ?? 0) + 1;
      left -= 1;
    }
  }
  return shares;
}

function takeFirstExpiring(lots: readonly LotBalance[], points: number): LotDraw[] {
  const draws: LotDraw[] = [];
  let missing = points;
  for (const lot of [...lots].sort(byExpiry)) {
    if (missing === 0) break;
    const taken = Math.min(lot.pointsRemaining, missing);
    if (taken > 0) draws.push({ lotId: lot.id, issuerPartnerId: lot.issuerPartnerId, points: taken });
    missing -= taken;
  }
  return draws;
}
