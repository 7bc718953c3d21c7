import { z } from '@hono/zod-openapi';

export const balanceFields = {
  available: z
    .number()
    .int()
    .openapi({ description: "Spendable now from the member's own wallet.", example: 1240 }),
  pending: z
    .number()
    .int()
    .openapi({ description: 'Held by partners (stays, orders); spendable once captured.', example: 300 }),
  owed: z.number().int().openapi({
    description: 'Owed after refunds of points already spent; repaid by the next earnings.',
    example: 0,
  }),
  expiringSoon: z
    .array(
      z.object({
        date: z.string().openapi({ description: 'UTC date the points expire.', example: '2027-01-31' }),
        points: z.number().int().openapi({ description: 'Points expiring that day.', example: 120 }),
      }),
    )
    .openapi({ description: 'Own-wallet points expiring in the next 90 days.' }),
};

export const unifiedFields = {
  pools: z
    .array(
      z.object({
        poolId: z.string().openapi({ description: 'The pool.', example: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
        name: z
          .string()
          .optional()
          .openapi({ description: "Pool name, in the member's own view only.", example: 'The Novaks' }),
        kind: z.enum(['household', 'friends']).openapi({ description: 'Pool kind.', example: 'household' }),
        spendablePoints: z.number().int().openapi({
          description:
            "What the member may spend from the pool today: other members' pledged points, within the monthly limit.",
          example: 800,
        }),
      }),
    )
    .openapi({ description: 'Each pool the member is in.' }),
  unifiedAvailable: z.number().int().openapi({
    description: 'Own wallet plus what the member may spend from each pool today.',
    example: 2040,
  }),
};

export const memberIdParams = z.object({
  memberId: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'memberId', in: 'path' },
      description: 'A mem_ id.',
      example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
});

export const claimSchema = z
  .object({
    code: z.string().openapi({
      description:
        'The one-time claim code, for the member to type or scan: only its hash is kept, so this answer (and its replay) is the one place it appears.',
      example: '7KQ2-M9XD-4TRB-W1HC',
    }),
    url: z.string().openapi({
      description:
        'A link to the member wallet that claims with the code (the code in the fragment, never sent to a server): print it as a QR code on the receipt.',
      example: 'https://wallet.tessera.example/claim#code=7KQ2M9XD4TRBW1HC',
    }),
    expiresAt: z.string().openapi({
      description: 'When the code stops working (RFC 3339, UTC): CLAIM_CODE_DAYS after it was issued.',
      example: '2026-12-23T09:30:00.000Z',
    }),
  })
  .nullable()
  .openapi('ClaimCode', {
    description:
      'How the member claims the wallet. Null only in a replay after the network key that derived the code was removed.',
  });
