import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { READ_GOAL_REFUSALS, readGoal } from '../../catalogue/goals.js';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { AUTH_REFUSALS, errorResponses, fail } from '../../http/problems.js';
import { goalSchema } from './goal-schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/me/goal',
  operationId: 'getMyGoal',
  tags: ['Member: catalogue'],
  summary: 'My goal',
  description: 'The item I save for and the points still missing.',
  ...accepts('member'),
  responses: {
    200: { description: 'My goal.', content: { 'application/json': { schema: goalSchema } } },
    ...errorResponses(...AUTH_REFUSALS, ...READ_GOAL_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const goal = await readGoal(c.get('deps'), memberOf(c));
  if (isDomainError(goal)) fail(goal);
  return c.json(goal, 200);
};
