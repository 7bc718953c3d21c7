import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { gratitudeReport } from '../../status/reports.js';

const period = z.object({
  period: z
    .string()
    .openapi({ description: 'The month (YYYY-MM), or the year for the total.', example: '2027-01' }),
  gifts: z.number().int().openapi({ description: 'Gap gifts given.', example: 31 }),
  credits: z.number().int().openapi({ description: 'Qualifying credits given.', example: 1180 }),
  points: z.number().int().openapi({ description: 'Points given with them.', example: 1180 }),
  costExact: z.string().openapi({
    description: 'What the points cost the promotions budget, exactly, in reference currency.',
    example: '11.8',
  }),
});

const goalGiftPeriod = z.object({
  period: z
    .string()
    .openapi({ description: 'The month (YYYY-MM), or the year for the total.', example: '2027-01' }),
  gifts: z.number().int().openapi({ description: 'Goal gifts given.', example: 12 }),
  points: z.number().int().openapi({ description: 'Points given.', example: 420 }),
  costExact: z.string().openapi({
    description: 'What the points cost the promotions budget, exactly, in reference currency.',
    example: '4.2',
  }),
});

const goalGifts = z
  .object({
    budget: z
      .object({
        points: z.number().int().openapi({
          description: 'The year’s budget in points (GOAL_GIFT_BUDGET_YEARLY).',
          example: 1000000,
        }),
        used: z.number().int().openapi({ description: 'Points given so far.', example: 420 }),
        remaining: z.number().int().openapi({ description: 'Points left.', example: 999580 }),
      })
      .openapi({ description: 'The network’s yearly budget for goal gifts.' }),
    months: z.array(goalGiftPeriod).openapi({ description: 'Months with goal gifts, in order.' }),
    total: goalGiftPeriod.openapi({ description: 'The whole year.' }),
  })
  .openapi({
    description:
      'Goal gifts: the last points to the catalogue item a member saves for. Not counted in the tier figures above, which are gap gifts to a tier.',
  });

export const route = createRoute({
  method: 'get',
  path: '/v1/status/gratitude',
  operationId: 'getGratitudeReport',
  tags: ['Operator: status'],
  summary: 'What gratitude cost',
  description:
    "Gap gifts of a calendar year, month by month, and the yearly budget (GAP_GIFT_BUDGET_YEARLY) with what is left; goal gifts (the last points to a saved catalogue item) beside them in `goalGifts`, with their own budget (GOAL_GIFT_BUDGET_YEARLY). Per period both costs together are in settlement's `networkFunded` (kind `gap_gift`) and in `GET /v1/network/summary`.",
  ...accepts('operator'),
  request: {
    query: z.object({
      year: z.coerce
        .number()
        .int()
        .min(2000)
        .max(9999)
        .optional()
        .openapi({ description: 'The calendar year (UTC); this year when absent.', example: 2027 }),
    }),
  },
  responses: {
    200: {
      description: 'The year’s gratitude.',
      content: {
        'application/json': {
          schema: z
            .object({
              year: z.number().int().openapi({ description: 'The year.', example: 2027 }),
              referenceCurrency: z
                .string()
                .openapi({ description: 'The currency of the cost.', example: 'EUR' }),
              budget: z
                .object({
                  credits: z
                    .number()
                    .int()
                    .openapi({ description: 'The year’s budget in credits.', example: 1000000 }),
                  used: z.number().int().openapi({ description: 'Credits given so far.', example: 1180 }),
                  remaining: z.number().int().openapi({ description: 'Credits left.', example: 998820 }),
                })
                .openapi({ description: 'The network’s yearly budget for gap gifts.' }),
              months: z.array(period).openapi({ description: 'Months with gifts, in order.' }),
              total: period.openapi({ description: 'The whole year.' }),
              goalGifts,
            })
            .openapi('GratitudeReport'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const year = c.req.valid('query').year ?? new Date(deps.clock()).getUTCFullYear();
  return c.json(await gratitudeReport(deps, year), 200);
};
