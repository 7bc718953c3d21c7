import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { planSaveGoal, SAVE_GOAL_REFUSALS } from '../../catalogue/goals.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { goalSchema } from './goal-schemas.js';

const goalBody = z
  .object({
    itemId: z
      .string()
      .min(1)
      .max(64)
      .openapi({ description: 'An item offered to me.', example: 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
  })
  .strict()
  .openapi('GoalRequest', { example: { itemId: 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q' } });

export const route = createRoute({
  method: 'put',
  path: '/v1/me/goal',
  operationId: 'saveMyGoal',
  tags: ['Member: catalogue'],
  summary: 'Save for an item',
  description: 'Replaces my goal. Within GOAL_GIFT_MAX_POINTS of its price, the network may give the rest.',
  ...accepts('member'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: goalBody } } },
  },
  responses: {
    200: { description: 'My goal.', content: { 'application/json': { schema: goalSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...SAVE_GOAL_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const outcome = await write(c, 'optional', body, () =>
    planSaveGoal(c.get('deps'), memberOf(c), body.itemId),
  );
  return c.json(outcome.body, 200);
};
