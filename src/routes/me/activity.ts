import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses } from '../../http/problems.js';
import { memberActivity } from '../../ledger/balance.js';
import { activityPage, activityPageSchema, activityQuery } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/activity',
  operationId: 'listMyActivity',
  tags: ['Member: wallet'],
  summary: 'My activity, newest first',
  description:
    'Every transaction of my own wallet at every partner (earns, holds, redemptions, refunds, goodwill), newest first, keyset-paginated by id. Pool redemptions that drew on my wallet show in the pool, not here.',
  ...accepts('member'),
  request: { query: activityQuery },
  responses: {
    200: {
      description: 'One page of activity.',
      content: { 'application/json': { schema: activityPageSchema } },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { memberId } = principalOf(c, 'member');
  const { limit, cursor } = c.req.valid('query');
  const entries = await memberActivity(c.get('deps'), memberId, limit + 1, cursor);
  return c.json(activityPage(entries, limit), 200);
};
