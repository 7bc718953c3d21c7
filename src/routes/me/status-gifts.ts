import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { memberGapGifts } from '../../db/status.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { timestamp } from '../schemas.js';

const gapGiftSchema = z
  .object({
    id: z.string().openapi({ description: 'The gift.', example: 'gft_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    tier: z.string().openapi({ description: 'The tier it completed.', example: 'gold' }),
    credits: z.number().int().openapi({ description: 'Qualifying credits given.', example: 50 }),
    points: z.number().int().openapi({ description: 'Points given with them.', example: 50 }),
    message: z
      .string()
      .openapi({ description: 'Why, as I was told.', example: 'We added the last 50 — welcome to Gold' }),
    givenAt: timestamp('Given'),
  })
  .openapi('GapGift');

export const route = createRoute({
  method: 'get',
  path: '/v1/me/status/gifts',
  operationId: 'listMyGapGifts',
  tags: ['Member: status'],
  summary: 'The last credits the network gave me',
  description: 'My gap gifts, newest first (at most one per tier and window).',
  ...accepts('member'),
  responses: {
    200: {
      description: 'The gifts.',
      content: {
        'application/json': {
          schema: z
            .object({ data: z.array(gapGiftSchema).openapi({ description: 'Newest first.' }) })
            .openapi('MyGapGifts'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const rows = await memberGapGifts(c.get('deps').db, memberOf(c));
  const data = rows.map((row) => ({
    id: row.id,
    tier: row.tier,
    credits: row.credits,
    points: row.points,
    message: row.message,
    givenAt: new Date(row.givenAt).toISOString(),
  }));
  return c.json({ data }, 200);
};
