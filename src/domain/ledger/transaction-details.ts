import * as z from 'zod';
import type { TransactionKind } from './kinds.js';

/**
 * What each kind of transaction keeps beyond its columns (`transactions.details`), one shape per
 * kind. The column is parsed once, when a row is read (`src/db/schema/transactions.ts`), so the
 * rest of Tessera sees only these types.
 */
const redemptionSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('wallet') }),
  z.object({ type: z.literal('auto') }),
  z.object({ type: z.literal('pool'), poolId: z.string() }),
]);

export type RedemptionSource = z.infer<typeof redemptionSource>;

/** A tier's bonus credited with an earn, or the part of it a refund took back. */
const tierBonus = z.object({
  /** The `tier_bonus` transaction (or, on a refund, the reversal of it). */
  transactionId: z.string(),
  tier: z.string(),
  points: z.number().int().nonnegative(),
  fundedBy: z.enum(['network', 'partner']),
});

export type TierBonusDetails = z.infer<typeof tierBonus>;

const earnDetails = z.object({
  kind: z.literal('earn'),
  /** Points of this credit that repaid earlier debts (on a posted earn or a capture). */
  pointsRepaid: z.number().int().nonnegative(),
  tierBonus: tierBonus.optional(),
});

const redeemDetails = z.object({
  kind: z.literal('redeem'),
  /** What the points are worth at this partner, in minor units of `valueCurrency`. */
  valueMinor: z.string().regex(/^\d+$/),
  valueCurrency: z.string(),
  source: redemptionSource,
  draws: z.array(z.object({ memberId: z.string(), poolId: z.string().nullable(), points: z.number().int() })),
});

const reversalDetails = z.object({
  kind: z.literal('reversal'),
  reverses: z.enum(['earn', 'redeem', 'tier_bonus']),
  /** A refund of spent points: what could not be taken back and is owed instead. */
  pointsOwed: z.number().int().nonnegative().optional(),
  /** A tier bonus already spent: what could not be taken back, and is not chased (docs/status.md). */
  pointsWrittenOff: z.number().int().nonnegative().optional(),
  /** On a refund of an earn: the part of its tier bonus taken back with it. */
  tierBonus: tierBonus.optional(),
  reason: z.string().optional(),
});

const goodwillDetails = z.object({
  kind: z.literal('goodwill'),
  reason: z.string(),
  /** The operator who granted it (the operator token's subject). */
  grantedBy: z.string(),
});

const catalogueReservationDetails = z.object({
  kind: z.literal('catalogue_reservation'),
  reservationId: z.string(),
  itemId: z.string(),
  /** The yearly choice this reservation answers, if any. */
  selectionId: z.string().nullable(),
  source: redemptionSource,
  draws: z.array(z.object({ memberId: z.string(), poolId: z.string().nullable(), points: z.number().int() })),
});

const giftCardDetails = z.object({
  kind: z.literal('gift_card'),
  giftCardId: z.string(),
  selectionId: z.string(),
  /** The card's value, in minor units of `currency`. */
  amountMinor: z.string().regex(/^\d+$/),
  currency: z.string(),
});

/** A gap gift's points: with the last credits to a tier, or the last points to a saved goal. */
const gapGiftDetails = z.object({
  kind: z.literal('gap_gift'),
  /** What the member is told: "We added the last 50 — welcome to Gold". */
  reason: z.string(),
  /** The tier the gift completed; null for a goal gift. */
  tier: z.string().nullable(),
  /** The qualifying credits given with the points (none with a goal gift). */
  credits: z.number().int().nonnegative(),
  /** The catalogue item the member saved for, for a goal gift. */
  itemId: z.string().optional(),
});

const tierBonusDetails = z.object({
  kind: z.literal('tier_bonus'),
  /** "Gold: 1.25x on every earn". */
  reason: z.string(),
  tier: z.string(),
  multiplier: z.string(),
  fundedBy: z.enum(['network', 'partner']),
});

const memberMergeDetails = z.object({
  kind: z.literal('member_merge'),
  /** The membership merged into this one; it can no longer be used. */
  absorbedMemberId: z.string(),
  /** The lots handed over, each with its issuer and expiry. */
  lotsMoved: z.number().int().nonnegative(),
  /** The qualifying credits handed over, month by month. */
  qualifyingCreditsMoved: z.number().int(),
  /** The points the absorbed membership owed partners, now owed by this one. */
  debtsMoved: z.number().int().nonnegative(),
});

export const transactionDetailsSchema = z.discriminatedUnion('kind', [
  earnDetails,
  redeemDetails,
  reversalDetails,
  goodwillDetails,
  catalogueReservationDetails,
  giftCardDetails,
  gapGiftDetails,
  tierBonusDetails,
  memberMergeDetails,
]);

export type TransactionDetails = z.infer<typeof transactionDetailsSchema>;

export type DetailsOf<K extends TransactionDetails['kind']> = Extract<TransactionDetails, { kind: K }>;

/** The points of a transaction's credit that repaid debts; 0 for kinds that repay none. */
export function pointsRepaidBy(details: TransactionDetails): number {
  return details.kind === 'earn' ? details.pointsRepaid : 0;
}

/** The points a refund could not take back; 0 otherwise. */
export function pointsOwedBy(details: TransactionDetails): number {
  return details.kind === 'reversal' ? (details.pointsOwed ?? 0) : 0;
}

/** Compiles only while every transaction kind of the registry has its details shape, and no other. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const DETAILS_COVER_THE_REGISTRY: Exactly<TransactionDetails['kind'], TransactionKind> = true;
