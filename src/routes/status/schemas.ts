import { z } from '@hono/zod-openapi';
import { MAX_TIERS } from '../../domain/status/ladder.js';
import { timestamp } from '../schemas.js';

const code = (description: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, 'a tier code is a lowercase word such as "gold"')
    .openapi({ description, example: 'gold' });

export const tierBenefitsSchema = z
  .object({
    description: z.string().trim().min(1).max(500).openapi({
      description: 'What the tier gives, in words members and partners’ staff read.',
      example: '25% bonus points on every earn, room upgrades when available, late checkout.',
    }),
    earnMultiplier: z
      .object({
        multiplier: z
          .string()
          .regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "1.25"')
          .openapi({
            description:
              'Points earned in all, as a multiple of the points earned: 1.25 adds 25% bonus points (rounded down) to every earn, credited in the same batch as a `tier_bonus` transaction. From 1 to 10.',
            example: '1.25',
          }),
        fundedBy: z.enum(['network', 'partner']).openapi({
          description:
            "`network`: the network's promotions budget pays the bonus (a cost in the settlement's `networkFunded`); `partner`: the partner the member earns at issues it, priced on its statement at its issue price.",
          example: 'network',
        }),
      })
      .nullable()
      .openapi({ description: 'Bonus points on every earn; null for none.' }),
    roomUpgradeEligible: z.boolean().openapi({
      description: 'Hotels and travel partners may upgrade the member when they can.',
      example: true,
    }),
    perks: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'a perk is a lowercase code such as "late_checkout"'))
      .max(20)
      .openapi({
        description: 'Further benefits as codes partners act on.',
        example: ['late_checkout', 'priority_line'],
      }),
  })
  .strict()
  .openapi('TierBenefits', { description: 'What a tier gives: as text, and as data partners act on.' });

export const tierInputSchema = z
  .object({
    code: code('A stable code for the tier, unique in the ladder.'),
    name: z.string().trim().min(1).max(60).openapi({ description: 'The name members see.', example: 'Gold' }),
    threshold: z.number().int().positive().max(1_000_000_000).openapi({
      description: 'Qualifying credits needed in one qualification window. Ascending along the ladder.',
      example: 3000,
    }),
    lifetimeAfterYears: z.number().int().min(1).max(100).nullable().openapi({
      description: 'Windows qualified at this tier (or above) after which it is kept for life; null: never.',
      example: 10,
    }),
    benefits: tierBenefitsSchema,
  })
  .strict()
  .openapi('TierDefinition');

export const publishTiersBody = z
  .object({
    tiers: z
      .array(tierInputSchema)
      .max(MAX_TIERS)
      .openapi({
        description: `The tiers, lowest first: at most ${MAX_TIERS}. An empty list removes every tier.`,
      }),
  })
  .strict()
  .openapi('PublishTiers', {
    example: {
      tiers: [
        {
          code: 'silver',
          name: 'Silver',
          threshold: 1000,
          lifetimeAfterYears: null,
          benefits: {
            description: '10% bonus points on every earn, paid by the network.',
            earnMultiplier: { multiplier: '1.1', fundedBy: 'network' },
            roomUpgradeEligible: false,
            perks: [],
          },
        },
        {
          code: 'gold',
          name: 'Gold',
          threshold: 3000,
          lifetimeAfterYears: 10,
          benefits: {
            description: '25% bonus points, room upgrades when available.',
            earnMultiplier: { multiplier: '1.25', fundedBy: 'network' },
            roomUpgradeEligible: true,
            perks: ['late_checkout'],
          },
        },
      ],
    },
  });

export const tierSchema = z
  .object({
    code: code('The tier code.'),
    name: z.string().openapi({ description: 'The name members see.', example: 'Gold' }),
    threshold: z
      .number()
      .int()
      .openapi({ description: 'Qualifying credits needed in one qualification window.', example: 3000 }),
    benefits: tierBenefitsSchema,
  })
  .openapi('Tier');

export const ladderSchema = z
  .object({
    id: z
      .string()
      .openapi({ description: 'The version of the ladder.', example: 'lad_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    effectiveFrom: timestamp('In force from'),
    tiers: z
      .array(
        tierSchema.extend({
          lifetimeAfterYears: z.number().int().nullable().openapi({
            description: 'Windows at the tier (or above) after which it is kept for life; null: never.',
            example: 10,
          }),
        }),
      )
      .openapi({ description: 'The tiers, lowest first.' }),
  })
  .openapi('TierLadder');

export const statusSchema = z
  .object({
    memberId: z.string().openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    tier: tierSchema.nullable().openapi({ description: 'The tier held now; null for none.' }),
    basis: z
      .enum(['none', 'qualified', 'retained', 'soft_landing', 'grace', 'lifetime', 'trial', 'challenge'])
      .openapi({
        description:
          'Why: `qualified` in this window, `retained` from the last one, `soft_landing` one tier down, `grace` period, `lifetime`, `trial` of a challenge, `challenge` met, `none`.',
        example: 'qualified',
      }),
    validUntil: timestamp('When the status ends (exclusive)').nullable().openapi({
      description: 'When the status ends (exclusive, RFC 3339); null for life or without a tier.',
      example: '2028-01-01T00:00:00.000Z',
    }),
    validThrough: z
      .string()
      .nullable()
      .openapi({ description: 'The last day of the status, as members read it.', example: '31 Dec 2027' }),
    explanation: z.string().openapi({
      description: 'The reason, in one sentence.',
      example: 'Gold until 31 Dec 2027: 3,240 qualifying credits between 1 Jan 2026 and 31 Dec 2026.',
    }),
    window: z
      .object({
        start: timestamp('The start of the current qualification window'),
        end: timestamp('Its end (exclusive)'),
        credits: z.number().int().openapi({ description: 'Qualifying credits in it so far.', example: 3240 }),
      })
      .openapi({ description: 'The current qualification window.' }),
    progress: z
      .object({
        credits: z.number().int().openapi({ description: 'Qualifying credits this window.', example: 3240 }),
        nextTier: z
          .object({
            code: code('The next tier.'),
            name: z.string().openapi({ description: 'Its name.', example: 'Platinum' }),
            threshold: z.number().int().openapi({ description: 'Its threshold.', example: 6000 }),
          })
          .nullable()
          .openapi({
            description:
              'The tier this window works towards: the lowest above its credits, not below the tier held (to keep it). Null at the top.',
          }),
        creditsToNext: z
          .number()
          .int()
          .openapi({ description: 'Credits still to earn for it.', example: 2760 }),
        percent: z.number().int().openapi({
          description: 'The progress bar: how far from the tier below to the next one, 0 to 100.',
          example: 8,
        }),
      })
      .openapi({ description: 'Progress towards the next tier in this window.' }),
    lifetime: z
      .object({
        code: code('The tier kept for life.'),
        name: z.string().openapi({ description: 'Its name.', example: 'Gold' }),
      })
      .nullable()
      .openapi({ description: 'A tier kept for life, if any.' }),
    trial: z
      .object({
        challengeId: z
          .string()
          .openapi({ description: 'The challenge.', example: 'chl_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
        tier: code('The tier on trial.'),
        endsAt: timestamp('When the trial ends'),
        targetCredits: z
          .number()
          .int()
          .openapi({ description: 'Credits to earn during it to keep the tier.', example: 1500 }),
        credits: z.number().int().openapi({ description: 'Credits earned so far.', example: 700 }),
      })
      .nullable()
      .openapi({ description: 'An open status challenge, if any.' }),
  })
  .openapi('MemberStatus');

export const forecastSchema = z
  .object({
    memberId: z.string().openapi({ description: 'The member.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    tier: z.string().nullable().openapi({ description: 'The tier held now.', example: 'silver' }),
    keep: z
      .object({
        tier: code('The tier held.'),
        credits: z.number().int().openapi({ description: 'Qualifying credits that keep it.', example: 200 }),
        by: timestamp('By when (exclusive)'),
        countingFrom: timestamp('Counting the credits earned from'),
      })
      .nullable()
      .openapi({
        description: 'What keeps the current tier past its validity; null for life or without one.',
      }),
    next: z
      .object({
        tier: code('The next tier.'),
        credits: z.number().int().openapi({ description: 'Qualifying credits still to earn.', example: 50 }),
        by: timestamp('By when (exclusive): the end of this window'),
      })
      .nullable()
      .openapi({ description: 'What reaches the next tier; null at the top.' }),
    downgrade: z
      .object({
        at: timestamp('When the tier drops if nothing more qualifies'),
        to: z
          .string()
          .nullable()
          .openapi({ description: 'The tier it drops to; null for none.', example: null }),
      })
      .nullable()
      .openapi({ description: 'What happens if nothing more is earned; null if nothing drops.' }),
    gapGift: z
      .object({
        tier: code('The tier within reach.'),
        credits: z.number().int().openapi({ description: 'The gap.', example: 50 }),
        at: timestamp('When the window ends'),
      })
      .nullable()
      .openapi({
        description:
          'Within GAP_GIFT_MAX_CREDITS of the next tier: the network gives the rest when the window ends, budget allowing, if it changes the status.',
      }),
    summary: z.string().openapi({
      description: 'The forecast in one sentence.',
      example: '200 qualifying credits by 31 Dec 2027 keep Silver; 2,200 by 31 Dec 2027 reach Gold.',
    }),
  })
  .openapi('StatusForecast');

export const statusChangeSchema = z
  .object({
    id: z.string().openapi({ description: 'The change.', example: 'stc_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    occurredAt: timestamp('When it changed'),
    from: z
      .string()
      .nullable()
      .openapi({ description: 'The tier before; null for none.', example: 'silver' }),
    to: z.string().nullable().openapi({ description: 'The tier after; null for none.', example: 'gold' }),
    validUntil: timestamp('Until when the new status holds').nullable().openapi({
      description: 'Until when the new status holds (exclusive); null for life or none.',
      example: '2028-01-01T00:00:00.000Z',
    }),
    basis: z
      .string()
      .openapi({ description: 'Why the member holds it (as `basis` of the status).', example: 'qualified' }),
    cause: z.string().openapi({
      description:
        'What changed it: earn, capture, refund, challenge, or review (the passing of time, a gap gift at a window’s end).',
      example: 'earn',
    }),
    explanation: z.string().openapi({
      description: 'The reason, in one sentence.',
      example: 'Gold until 31 Dec 2027: 3,240 qualifying credits between 1 Jan 2026 and 31 Dec 2026.',
    }),
  })
  .openapi('StatusChange');
