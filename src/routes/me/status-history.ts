import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { statusHistory } from '../../status/views.js';
import { pageQuery } from '../schemas.js';
import { statusChangeSchema } from '../status/schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/status/history',
  operationId: 'listMyStatusChanges',
  tags: ['Member: status'],
  summary: 'My status changes, newest first',
  description: 'Every change of my status — reached, kept for longer, landed, left — with its reason.',
  ...accepts('member'),
  request: { query: z.object(pageQuery) },
  responses: {
    200: {
      description: 'One page of changes.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(statusChangeSchema).openapi({ description: 'Newest first.' }),
              nextCursor: z.string().nullable().openapi({
                description: 'Pass as `cursor` for the next page; null at the end.',
                example: null,
              }),
            })
            .openapi('StatusHistoryPage'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = principalOf(c, 'member');
  const { limit, cursor } = c.req.valid('query');
  const changes = await statusHistory(c.get('deps'), memberId, limit + 1, cursor);
  const page = changes.slice(0, limit);
  return c.json(
    { data: page, nextCursor: changes.length > limit ? (page[page.length - 1]?.id ?? null) : null },
    200,
  );
};
