import { z } from '@hono/zod-openapi';
import { looksLikeId } from '../../domain/ids.js';
import { transactionKinds } from '../../domain/ledger/kinds.js';
import { moneySchema, orNull, pageQuery, timestamp } from '../schemas.js';

const nullableMoney = (description: string) => orNull(moneySchema, description);

export const transactionStatuses = ['posted', 'pending', 'captured', 'voided', 'expired'] as const;

export const redemptionSourceSchema = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('wallet').openapi({ description: "The member's own wallet.", example: 'wallet' }),
      })
      .strict(),
    z
      .object({
        type: z.literal('auto').openapi({
          description: 'Own wallet first, then the pools the member may draw from.',
          example: 'auto',
        }),
      })
      .strict(),
    z
      .object({
        type: z
          .literal('pool')
          .openapi({ description: 'One pool the member may redeem from.', example: 'pool' }),
        poolId: z
          .string()
          .min(1)
          .max(64)
          .openapi({ description: 'The pool to draw from.', example: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
      })
      .strict(),
  ])
  .openapi('RedemptionSource', {
    description: 'Where the points come from. Defaults to `{ "type": "wallet" }`.',
  });

export const transactionSchema = z
  .object({
    id: z.string().openapi({ description: 'Transaction id.', example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    kind: z.enum(transactionKinds).openapi({ description: 'What happened.', example: 'earn' }),
    status: z.enum(transactionStatuses).openapi({
      description: '`pending` for a hold not yet captured or voided; `posted` otherwise.',
      example: 'posted',
    }),
    partnerId: z.string().nullable().openapi({
      description: 'The partner that originated it; null for a credit the network funded.',
      example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    memberId: z.string().openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    externalReference: z
      .string()
      .nullable()
      .openapi({ description: "The partner's own reference.", example: 'folio-88231' }),
    amount: nullableMoney(
      'The purchase amount (earn), the amount covered (redeem by amount) or the refunded amount (reversal).',
    ),
    points: z
      .number()
      .int()
      .openapi({ description: 'Points earned (held, for a hold), redeemed, or reversed.', example: 92 }),
    pointsReversed: z
      .number()
      .int()
      .openapi({ description: 'Points of this transaction reversed so far.', example: 0 }),
    amountReversed: nullableMoney('For an earn: the amount refunded so far.'),
    fx: z
      .object({
        snapshotId: z
          .string()
          .openapi({ description: 'The FX snapshot used.', example: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
        rate: z.string().openapi({
          description: '1 reference currency = rate units of the transaction currency.',
          example: '1.085',
        }),
      })
      .nullable()
      .openapi({ description: 'The FX rate the transaction used; reversals reuse it.' }),
    earnRate: z
      .string()
      .nullable()
      .openapi({ description: 'The earn rate the transaction used; reversals reuse it.', example: '1' }),
    hold: z
      .object({
        expiresAt: timestamp('When an uncaptured hold lapses'),
        amountCaptured: nullableMoney('The captured amount, once captured.'),
        pointsCaptured: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'The points credited by the capture.', example: 80 }),
      })
      .nullable()
      .openapi({ description: 'For a hold: its expiry and capture.' }),
    value: nullableMoney('For a redemption: what the points are worth at this partner.'),
    source: orNull(redemptionSourceSchema, 'For a redemption: the source asked for.'),
    draws: z
      .array(
        z.object({
          memberId: z.string().openapi({
            description: 'Whose wallet the points came from.',
            example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
          }),
          poolId: z
            .string()
            .nullable()
            .openapi({ description: 'The pool, or null for the own wallet.', example: null }),
          points: z.number().int().openapi({ description: 'Points drawn from this wallet.', example: 500 }),
        }),
      )
      .nullable()
      .openapi({ description: 'For a redemption: points drawn per wallet.' }),
    pointsRepaid: z
      .number()
      .int()
      .openapi({ description: 'Points of this credit that repaid points the member owed.', example: 0 }),
    pointsOwed: z
      .number()
      .int()
      .openapi({ description: 'For a reversal: points the wallet no longer held, now owed.', example: 0 }),
    tierBonus: z
      .object({
        transactionId: z.string().openapi({
          description: 'The `tier_bonus` transaction (on a refund: the reversal of it).',
          example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9R',
        }),
        tier: z.string().nullable().openapi({
          description: "The member's tier when they earned; null without the member's `tier` consent.",
          example: 'gold',
        }),
        points: z.number().int().openapi({
          description: 'Bonus points credited (on a refund: taken back from the wallet).',
          example: 125,
        }),
        fundedBy: z.enum(['network', 'partner']).openapi({
          description:
            "Who pays for them: the network's promotions budget, or this partner (issued points on its statement).",
          example: 'network',
        }),
      })
      .nullable()
      .openapi({
        description:
          "For an earn or a capture: the bonus the member's tier added to it, a transaction of its own; for a refund of one: the part of that bonus taken back. Null otherwise.",
      }),
    originalTransactionId: z
      .string()
      .nullable()
      .openapi({ description: 'For a reversal: the transaction reversed.', example: null }),
    createdAt: timestamp('When the transaction was posted'),
    resolvedAt: timestamp('When a hold was captured or voided').nullable(),
  })
  .openapi('Transaction');

export const transactionIdParams = z.object({
  transactionId: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'transactionId', in: 'path' },
      description: 'A txn_ id.',
      example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
});

const rfc3339 = (description: string, example: string) =>
  z.iso
    .datetime({ offset: true, message: 'must be an RFC 3339 time such as "2026-11-01T00:00:00Z"' })
    .openapi({ description, example });

/** What a partner can narrow its own transactions to, in the list and in the CSV export alike. */
export const transactionFilterQuery = {
  memberId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: "Only this member's.", example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
  kind: z.enum(transactionKinds).optional().openapi({ description: 'Only this kind.', example: 'earn' }),
  status: z
    .enum(transactionStatuses)
    .optional()
    .openapi({ description: 'Only in this status.', example: 'posted' }),
  externalReference: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .openapi({ description: 'Only those with your own reference.', example: 'folio-88231' }),
};

export const transactionListQuery = z.object({
  ...transactionFilterQuery,
  createdFrom: rfc3339('Only those created at or after this time.', '2026-11-01T00:00:00Z').optional(),
  createdTo: rfc3339('Only those created before this time.', '2026-12-01T00:00:00Z').optional(),
  limit: pageQuery.limit,
  cursor: z
    .string()
    .refine((value) => looksLikeId('txn', value), 'must be the nextCursor of a previous page')
    .optional()
    .openapi({
      description: 'The `nextCursor` of the previous page; omit it for the newest.',
      example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
});

/** The longest period one export may cover. */
export const EXPORT_MAX_DAYS = 366;

export const transactionExportQuery = z
  .object({
    from: rfc3339('The first instant exported: transactions created at or after it.', '2026-11-01T00:00:00Z'),
    to: rfc3339('The end of the period: transactions created before it.', '2026-12-01T00:00:00Z'),
    ...transactionFilterQuery,
  })
  .refine((query) => Date.parse(query.from) < Date.parse(query.to), {
    message: '`from` must be before `to`',
    path: ['to'],
  })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= EXPORT_MAX_DAYS * 86_400_000, {
    message: `a period of at most ${EXPORT_MAX_DAYS} days`,
    path: ['to'],
  });
