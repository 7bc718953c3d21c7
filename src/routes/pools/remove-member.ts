import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { runGuardedWrite } from '../../ledger/guarded-write.js';
import { planRemoveMember } from '../../pools/management.js';
import { poolMemberParams } from './schemas.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/pools/{poolId}/members/{memberId}',
  tags: ['Member: pools'],
  summary: 'Leave a pool, or remove a member (owner)',
  description:
    'Use your own id or `me` to leave. The leaver keeps their wallet whole; the pool no longer draws on it from the moment this commits.',
  ...accepts('member'),
  request: { params: poolMemberParams },
  responses: {
    200: {
      description: 'The member left.',
      content: {
        'application/json': {
          schema: z
            .object({
              poolId: z
                .string()
                .openapi({ description: 'The pool.', example: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              memberId: z
                .string()
                .openapi({ description: 'Who left.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
            })
            .openapi('PoolMemberRemoved'),
        },
      },
    },
    ...errorResponses(
      'unauthorized',
      'invalid_token',
      'pool_not_found',
      'not_pool_owner',
      'owner_cannot_leave',
      'pool_member_not_found',
      'write_conflict',
    ),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId, memberId } = c.req.valid('param');
  const caller = principalOf(c, 'member').memberId;
  const target = memberId === 'me' ? caller : memberId;
  const deps = c.get('deps');
  const written = await runGuardedWrite(deps.db, deps.config.writeRetryLimit, () =>
    planRemoveMember(deps, caller, poolId, target),
  );
  if (isDomainError(written)) fail(written);
  return c.json({ poolId, memberId: target }, 200);
};
