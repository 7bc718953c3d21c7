import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { isDomainError } from '../../domain/errors.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { principalOf } from '../../http/principal.js';
import { errorResponses, fail } from '../../http/problems.js';
import { runGuardedWrite } from '../../ledger/guarded-write.js';
import { planInvite } from '../../pools/membership.js';
import { timestamp } from '../schemas.js';
import { poolIdParams } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/pools/{poolId}/invites',
  tags: ['Member: pools'],
  summary: 'Invite someone (owner)',
  description:
    'A single-use code that expires after POOL_INVITE_DAYS (7 by default). It is shown once; share it with the invitee, who joins with their own token.',
  ...accepts('member'),
  request: { params: poolIdParams },
  responses: {
    201: {
      description: 'The invite code.',
      content: {
        'application/json': {
          schema: z
            .object({
              code: z.string().openapi({ description: 'The single-use code.', example: 'K7QF3M9XZP2A' }),
              poolId: z
                .string()
                .openapi({ description: 'The pool.', example: 'pool_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
              expiresAt: timestamp('When the code stops working'),
            })
            .openapi('PoolInvite'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token', 'pool_not_found', 'not_pool_owner'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId } = c.req.valid('param');
  const { memberId } = principalOf(c, 'member');
  const deps = c.get('deps');
  const written = await runGuardedWrite(deps.db, deps.config.writeRetryLimit, () =>
    planInvite(deps, memberId, poolId),
  );
  if (isDomainError(written)) fail(written);
  c.header('cache-control', 'no-store');
  return c.json(written.body, 201);
};
