import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { membersPerTier } from '../../status/reports.js';
import { timestamp } from '../schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/status/members-per-tier',
  operationId: 'getMembersPerTier',
  tags: ['Operator: status'],
  summary: 'Members per tier',
  description:
    'How many members hold each tier (and none), as each status was last reviewed: every earn, capture and refund reviews its member, and the scheduled job reviews the members whose window, grace period or trial ended.',
  ...accepts('operator'),
  responses: {
    200: {
      description: 'Members per tier, lowest first.',
      content: {
        'application/json': {
          schema: z
            .object({
              asOf: timestamp('When the counts were read'),
              tiers: z
                .array(
                  z.object({
                    code: z
                      .string()
                      .nullable()
                      .openapi({ description: 'The tier; null for none.', example: 'gold' }),
                    name: z.string().openapi({ description: 'Its name.', example: 'Gold' }),
                    threshold: z
                      .number()
                      .int()
                      .nullable()
                      .openapi({ description: 'Its threshold; null for none.', example: 3000 }),
                    members: z.number().int().openapi({ description: 'Members holding it.', example: 1204 }),
                  }),
                )
                .openapi({ description: 'No tier first, then the ladder lowest first.' }),
            })
            .openapi('MembersPerTier'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) =>
  c.json(await membersPerTier(c.get('deps')), 200);
