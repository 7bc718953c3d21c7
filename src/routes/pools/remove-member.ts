import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planRemoveMember, REMOVAL_REFUSALS } from '../../pools/management.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { poolMemberParams } from './schemas.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/pools/{poolId}/members/{memberId}',
  operationId: 'removePoolMember',
  tags: ['Member: pools'],
  summary: 'Leave a pool, or remove a member (owner)',
  description:
    'Use your own id or `me` to leave. The leaver keeps their wallet whole; the pool no longer draws on it from the moment this commits.',
  ...accepts('member'),
  request: { params: poolMemberParams, headers: optionalIdempotencyHeaders },
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
    ...errorResponses(...WRITE_ERRORS, ...REMOVAL_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId, memberId } = c.req.valid('param');
  const caller = memberOf(c);
  const target = memberId === 'me' ? caller : memberId;
  await write(c, 'optional', {}, () => planRemoveMember(c.get('deps'), caller, poolId, target));
  return c.json({ poolId, memberId: target }, 200);
};
