import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { runGuardedWrite } from '../../ledger/guarded-write.js';
import { planDissolve } from '../../pools/management.js';
import { poolIdParams } from './schemas.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/pools/{poolId}',
  tags: ['Member: pools'],
  summary: 'Dissolve a pool (owner)',
  description:
    'Every member leaves at once; every wallet stays whole. Household members then wait HOUSEHOLD_LOCKOUT_DAYS before joining another household.',
  ...accepts('member'),
  request: { params: poolIdParams },
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
    ...errorResponses('unauthorized', 'invalid_token', 'pool_not_found', 'not_pool_owner', 'write_conflict'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId } = c.req.valid('param');
  const { memberId } = principalOf(c, 'member');
  const deps = c.get('deps');
  const written = await runGuardedWrite(deps.db, deps.config.writeRetryLimit, () =>
    planDissolve(deps, memberId, poolId),
  );
  if (isDomainError(written)) fail(written);
  return c.json({ poolId, dissolved: true as const }, 200);
};
