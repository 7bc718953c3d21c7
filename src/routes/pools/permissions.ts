import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { planSetPermissions } from '../../pools/management.js';
import { poolMemberParams, poolSchema, writeThenReadPool } from './schemas.js';

export const permissionsBody = z
  .object({
    mayRedeem: z
      .boolean()
      .optional()
      .openapi({ description: 'Whether the member may redeem from the pool.', example: true }),
    monthlyLimitPoints: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional().openapi({
      description:
        'Points the member may redeem from the pool per calendar month (UTC); null removes the limit.',
      example: 1000,
    }),
  })
  .strict()
  .refine(
    (body) => body.mayRedeem !== undefined || body.monthlyLimitPoints !== undefined,
    'give mayRedeem, monthlyLimitPoints or both',
  )
  .openapi('PoolPermissions');

export const route = createRoute({
  method: 'patch',
  path: '/v1/pools/{poolId}/members/{memberId}',
  tags: ['Member: pools'],
  summary: 'Set who may redeem, and how much per month (owner)',
  ...accepts('member'),
  request: {
    params: poolMemberParams,
    body: { required: true, content: { 'application/json': { schema: permissionsBody } } },
  },
  responses: {
    200: { description: 'The pool.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses(
      'unauthorized',
      'invalid_token',
      'pool_not_found',
      'not_pool_owner',
      'pool_member_not_found',
      'write_conflict',
    ),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId, memberId } = c.req.valid('param');
  const body = c.req.valid('json');
  const view = await writeThenReadPool(c, (callerId) =>
    planSetPermissions(c.get('deps'), callerId, poolId, memberId === 'me' ? callerId : memberId, body),
  );
  if (view === undefined) fail({ code: 'pool_not_found', detail: `Pool ${poolId} does not exist.` });
  return c.json(view, 200);
};
