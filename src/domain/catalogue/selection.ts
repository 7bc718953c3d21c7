import * as z from 'zod';

/**
 * Who a yearly choice is for: every member holding at least `minPoints` in their own wallet at
 * `asOf`; or every member holding one of `tiers` at `tiersAt` (the moment the choice opened: a
 * snapshot, docs/decisions.md), optionally also holding `minPoints` at `asOf`.
 */
export const cohortSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('points'),
      minPoints: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      /** Milliseconds since the epoch. */
      asOf: z.number().int(),
    })
    .strict(),
  z
    .object({
      type: z.literal('tier'),
      /** Status tier codes: a member holding any of them is in. */
      tiers: z.array(z.string().min(1).max(40)).min(1).max(20),
      /** When the tiers were read: the moment the choice opened. */
      tiersAt: z.number().int(),
      /** With the points rule: at least `minPoints` in their own wallet at `asOf` as well. */
      minPoints: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable(),
      asOf: z.number().int().nullable(),
    })
    .strict(),
]);

export type Cohort = z.infer<typeof cohortSchema>;

/** What the close gave one member of the cohort: exactly one of these, once. */
export const SELECTION_OUTCOMES = ['chose', 'gift_card', 'nothing'] as const;
export type SelectionOutcome = (typeof SELECTION_OUTCOMES)[number];

/**
 * The outcome of one member when the window closes: a member who reserved something chose; one who
 * did not, or could not afford anything, receives a gift card worth the configured share of their
 * points (rounded down to whole points); a member with no points to convert receives nothing.
 */
export function decideOutcome(input: {
  readonly liveReservations: number;
  readonly walletPoints: number;
  /** The share of their points a gift card is worth: numerator / denominator, at most 1. */
  readonly share: { readonly numerator: bigint; readonly denominator: bigint };
}): { outcome: SelectionOutcome; points: number } {
  if (input.liveReservations > 0) return { outcome: 'chose', points: 0 };
  const points = Number((BigInt(input.walletPoints) * input.share.numerator) / input.share.denominator);
  return points > 0 ? { outcome: 'gift_card', points } : { outcome: 'nothing', points: 0 };
}
