import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { DISSOLVE_REFUSALS, planDissolve } from '../../pools/management.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { poolIdParams } from './schemas.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/pools/{poolId}',
  operationId: 'dissolvePool',
  tags: ['Member: pools'],
  summary: 'Dissolve a pool (owner)',
  description:
    'Every member leaves at once; every wallet stays whole. Household members then wait HOUSEHOLD_LOCKOUT_DAYS before joining another household.',
  ...accepts('member'),
  request: { params: poolIdParams, headers: optionalIdempotencyHeaders },
  responses: {
    200: {
      description: 'The pool is dissolved.',
      content: {
        'application/json': {
          schema: z
            .object({
              poolId: z
                .string()
                .openapi({ description: 'The pool.', example: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              dissolved: z.literal(true).openapi({ description: 'Always true.', example: true }),
            })
            .openapi('PoolDissolved'),
        },
      },
    },
    ...errorResponses(...WRITE_ERRORS, ...DISSOLVE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId } = c.req.valid('param');
  await write(c, 'optional', {}, () => planDissolve(c.get('deps'), memberOf(c), poolId));
  return c.json({ poolId, dissolved: true as const }, 200);
};
