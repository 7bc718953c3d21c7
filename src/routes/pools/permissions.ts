import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { PERMISSION_REFUSALS, planSetPermissions } from '../../pools/management.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { poolMemberParams, poolSchema } from './schemas.js';

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
  .openapi('PoolPermissions', { minProperties: 1, example: { mayRedeem: true, monthlyLimitPoints: 1000 } });

export const route = createRoute({
  method: 'patch',
  path: '/v1/pools/{poolId}/members/{memberId}',
  operationId: 'updatePoolMember',
  tags: ['Member: pools'],
  summary: 'Set who may redeem, and how much per month (owner)',
  description:
    "The pool's owner decides whether a member may redeem from the pool and caps what they may redeem from it each calendar month (UTC). The member's own wallet and pledge are unchanged.",
  ...accepts('member'),
  request: {
    headers: optionalIdempotencyHeaders,
    params: poolMemberParams,
    body: { required: true, content: { 'application/json': { schema: permissionsBody } } },
  },
  responses: {
    200: { description: 'The pool.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...PERMISSION_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { poolId, memberId } = c.req.valid('param');
  const body = c.req.valid('json');
  const callerId = memberOf(c);
  const { body: view } = await write(c, 'optional', body, () =>
    planSetPermissions(c.get('deps'), callerId, poolId, memberId === 'me' ? callerId : memberId, body),
  );
  return c.json(view, 200);
};
