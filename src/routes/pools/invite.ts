import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { INVITE_REFUSALS, planInvite } from '../../pools/membership.js';
import { optionalIdempotencyHeaders, timestamp } from '../schemas.js';
import { poolIdParams } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/pools/{poolId}/invites',
  operationId: 'createPoolInvite',
  tags: ['Member: pools'],
  summary: 'Invite someone (owner)',
  description:
    'A single-use code that expires after POOL_INVITE_DAYS (7 by default). It is shown once; share it with the invitee, who joins with their own token.',
  ...accepts('member'),
  request: { params: poolIdParams, headers: optionalIdempotencyHeaders },
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
    ...errorResponses(...WRITE_ERRORS, ...INVITE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId } = c.req.valid('param');
  const written = await write(c, 'optional', {}, () => planInvite(c.get('deps'), memberOf(c), poolId));
  c.header('cache-control', 'no-store');
  return c.json(written.body, 201);
};
