import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { readPoolAsMember } from '../../pools/membership.js';
import { poolIdParams, poolSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/pools/{poolId}',
  operationId: 'getPool',
  tags: ['Member: pools'],
  summary: 'Read a pool I am in',
  description:
    "The pool total, each member's pledge and what the pool may draw from them, and the pool's redemptions. A pool the caller is not in is not found.",
  ...accepts('member'),
  request: { params: poolIdParams },
  responses: {
    200: { description: 'The pool.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'pool_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId } = c.req.valid('param');
  const { memberId } = principalOf(c, 'member');
  const view = await readPoolAsMember(c.get('deps'), memberId, poolId);
  if (isDomainError(view)) fail(view);
  return c.json(view, 200);
};
