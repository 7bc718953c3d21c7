import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { planDeleteGoal } from '../../catalogue/goals.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/me/goal',
  operationId: 'deleteMyGoal',
  tags: ['Member: catalogue'],
  summary: 'Stop saving for an item',
  description: 'Forgets my goal; none saved is no error.',
  ...accepts('member'),
  responses: {
    204: { description: 'Forgotten.' },
    ...errorResponses(...WRITE_ERRORS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  await write(c, 'none', {}, () => planDeleteGoal(c.get('deps'), memberOf(c)));
  return c.body(null, 204);
};
