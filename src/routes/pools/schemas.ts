import { z } from '@hono/zod-openapi';
import { timestamp } from '../schemas.js';

const memberIdField = z
  .string()
  .openapi({ description: 'Member id.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' });

export const poolSchema = z
  .object({
    id: z.string().openapi({ description: 'Pool id.', example: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    kind: z
      .enum(['household', 'friends'])
      .openapi({ description: 'A household or a group of friends.', example: 'household' }),
    name: z.string().openapi({ description: 'Pool name.', example: 'The Novaks' }),
    ownerMemberId: memberIdField,
    drawPolicy: z.enum(['soonest_expiring', 'proportional']).openapi({
      description: 'How a redemption is split across the pledged wallets.',
      example: 'soonest_expiring',
    }),
    totalPoints: z
      .number()
      .int()
      .openapi({ description: 'What the pool can draw today, all pledges considered.', example: 2040 }),
    members: z
      .array(
        z.object({
          memberId: memberIdField,
          role: z
            .enum(['owner', 'member'])
            .openapi({ description: 'The owner manages the pool.', example: 'member' }),
          pledge: z
            .union([
              z.object({
                type: z
                  .literal('all')
                  .openapi({ description: 'No cap: the pool may draw everything.', example: 'all' }),
              }),
              z.object({
                type: z.literal('cap').openapi({ description: 'Capped.', example: 'cap' }),
                capPoints: z.number().int().openapi({ description: 'The cap set.', example: 500 }),
                remainingPoints: z
                  .number()
                  .int()
                  .openapi({ description: 'What the pool may still draw under the cap.', example: 320 }),
              }),
            ])
            .openapi({ description: 'What the pool may draw from this wallet.' }),
          drawablePoints: z
            .number()
            .int()
            .openapi({ description: 'What the pool may draw from this wallet today.', example: 320 }),
          mayRedeem: z
            .boolean()
            .openapi({ description: 'Whether the member may redeem from the pool.', example: true }),
          monthlyLimitPoints: z
            .number()
            .int()
            .nullable()
            .openapi({ description: 'Monthly redemption limit, or null for none.', example: 1000 }),
          redeemedThisMonth: z
            .number()
            .int()
            .openapi({ description: 'Redeemed from the pool this calendar month (UTC).', example: 0 }),
          joinedAt: timestamp('When the member joined'),
        }),
      )
      .openapi({ description: 'The active members, in joining order.' }),
    activity: z
      .array(
        z.object({
          transactionId: z
            .string()
            .openapi({ description: 'The redemption.', example: 'txn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
          redeemerMemberId: memberIdField,
          partner: z
            .object({
              id: z
                .string()
                .openapi({ description: 'Partner id.', example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              name: z.string().openapi({ description: 'Where.', example: 'Lékárna Praha' }),
              sector: z.string().openapi({ description: 'Sector.', example: 'pharmacy' }),
              country: z.string().openapi({ description: 'Country.', example: 'CZ' }),
            })
            .openapi({ description: 'Where the points were spent.' }),
          points: z.number().int().openapi({ description: 'Points drawn from the pool.', example: 500 }),
          createdAt: timestamp('When'),
        }),
      )
      .openapi({ description: "The pool's redemptions, newest first (at most 50)." }),
    createdAt: timestamp('When the pool was created'),
  })
  .openapi('Pool');

export const poolIdParams = z.object({
  poolId: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'poolId', in: 'path' },
      description: 'A pool_ id.',
      example: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
});

export const poolMemberParams = poolIdParams.extend({
  memberId: z
    .string()
    .min(1)
    .max(64)
    .openapi({
      param: { name: 'memberId', in: 'path' },
      description: 'A mem_ id, or `me`.',
      example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
});
