import { z } from '@hono/zod-openapi';
import { idParam, timestamp } from '../schemas.js';

const count = (description: string, example: number) => z.number().int().openapi({ description, example });

export const selectionSchema = z
  .object({
    id: z.string().openapi({ description: 'Yearly choice id.', example: 'sel_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    name: z.string().openapi({ description: 'What members see.', example: 'Experiences 2027' }),
    cohort: z
      .discriminatedUnion('type', [
        z
          .object({
            type: z
              .literal('points')
              .openapi({ description: 'By points held at a date.', example: 'points' }),
            minPoints: count('At least this many points in their own wallet.', 2000),
            asOf: timestamp('At this moment'),
          })
          .openapi('PointsCohort'),
        z
          .object({
            type: z.literal('tier').openapi({ description: 'By status tier.', example: 'tier' }),
            tiers: z
              .array(z.string())
              .openapi({ description: 'Members holding any of these tiers.', example: ['gold', 'platinum'] }),
            tiersAt: timestamp('The tiers held at this moment: when the choice opened'),
            minPoints: count('And at least this many points in their own wallet, or null.', 2000).nullable(),
            asOf: timestamp('The points held at this moment, or null').nullable(),
          })
          .openapi('TierCohort'),
      ])
      .openapi({ description: 'Who is invited.' }),
    giftCardShare: z
      .string()
      .openapi({ description: "The share of a member's points their gift card is worth.", example: '1' }),
    opensAt: timestamp('Opened'),
    closesAt: timestamp('Choices end'),
    status: z.enum(['open', 'closing', 'closed']).openapi({
      description: '`closing`: the close has started; call it again to finish.',
      example: 'closed',
    }),
    fxSnapshotId: z.string().nullable().openapi({
      description: 'The FX snapshot gift cards are converted at.',
      example: 'fx_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    closedAt: timestamp('Closed').nullable(),
    members: z
      .object({
        total: count('Members in the cohort.', 240),
        undecided: count('Without an outcome yet.', 0),
        chose: count('Chose an experience.', 61),
        giftCard: count('Received a gift card.', 170),
        nothing: count('Had no points to convert.', 9),
      })
      .openapi({ description: 'Each member has exactly one outcome once closed.' }),
  })
  .openapi('Selection');

export const memberSelectionSchema = z
  .object({
    id: selectionSchema.shape.id,
    name: selectionSchema.shape.name,
    opensAt: selectionSchema.shape.opensAt,
    closesAt: selectionSchema.shape.closesAt,
    status: selectionSchema.shape.status,
    outcome: z
      .enum(['chose', 'gift_card', 'nothing'])
      .nullable()
      .openapi({ description: 'My outcome, once decided.', example: 'gift_card' }),
    giftCardId: z
      .string()
      .nullable()
      .openapi({ description: 'The gift card I received.', example: 'gft_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    pointsConverted: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Points my gift card was made of.', example: 4200 }),
  })
  .openapi('MySelection');

export const selectionIdParams = z.object({
  selectionId: idParam('selectionId', 'sel', 'sel_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
});
