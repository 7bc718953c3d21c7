import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { PLEDGE_REFUSALS, planSetPledge } from '../../pools/management.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { poolIdParams, poolSchema } from './schemas.js';

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
  .openapi('Pledge', { example: { pledge: 500 } });

export const route = createRoute({
  method: 'put',
  path: '/v1/pools/{poolId}/members/me',
  operationId: 'setMyPledge',
  tags: ['Member: pools'],
  summary: 'Set my pledge',
  description: 'Only the member sets their own pledge.',
  ...accepts('member'),
  request: {
    headers: optionalIdempotencyHeaders,
    params: poolIdParams,
    body: { required: true, content: { 'application/json': { schema: pledgeBody } } },
  },
  responses: {
    200: { description: 'The pool.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...PLEDGE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId } = c.req.valid('param');
  const body = c.req.valid('json');
  const pledge =
    body.pledge === 'all' ? { type: 'all' as const } : { type: 'cap' as const, capPoints: body.pledge };
  const { body: view } = await write(c, 'optional', body, () =>
    planSetPledge(c.get('deps'), memberOf(c), poolId, pledge),
  );
  return c.json(view, 200);
};
