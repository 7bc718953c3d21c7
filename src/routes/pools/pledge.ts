import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { planSetPledge } from '../../pools/management.js';
import { poolIdParams, poolSchema, writeThenReadPool } from './schemas.js';

export const pledgeBody = z
  .object({
    pledge: z
      .union([
        z
          .literal('all')
          .openapi({ description: 'The pool may draw everything in my wallet.', example: 'all' }),
        z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({
          description: 'The pool may draw at most this many points from my wallet, counted from now.',
          example: 500,
        }),
      ])
      .openapi({
        description:
          '`all`, or a cap in points. Lowering it holds for every redemption that commits afterwards.',
      }),
  })
  .strict()
  .openapi('Pledge');

export const route = createRoute({
  method: 'put',
  path: '/v1/pools/{poolId}/members/me',
  tags: ['Member: pools'],
  summary: 'Set my pledge',
  description: 'Only the member sets their own pledge.',
  ...accepts('member'),
  request: {
    params: poolIdParams,
    body: { required: true, content: { 'application/json': { schema: pledgeBody } } },
  },
  responses: {
    200: { description: 'The pool.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses('unauthorized', 'invalid_token', 'pool_not_found', 'write_conflict'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId } = c.req.valid('param');
  const { pledge } = c.req.valid('json');
  const view = await writeThenReadPool(c, (memberId) =>
    planSetPledge(
      c.get('deps'),
      memberId,
      poolId,
      pledge === 'all' ? { type: 'all' } : { type: 'cap', capPoints: pledge },
    ),
  );
  if (view === undefined) fail({ code: 'pool_not_found', detail: `Pool ${poolId} does not exist.` });
  return c.json(view, 200);
};
