import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { planJoin } from '../../pools/membership.js';
import { poolSchema, writeThenReadPool } from './schemas.js';

export const joinBody = z
  .object({
    code: z
      .string()
      .trim()
      .min(4)
      .max(64)
      .openapi({ description: 'The invite code.', example: 'K7QF3M9XZP2A' }),
  })
  .strict()
  .openapi('JoinPool');

export const route = createRoute({
  method: 'post',
  path: '/v1/pools/join',
  tags: ['Member: pools'],
  summary: 'Join a pool with an invite code',
  description:
    "Joining takes the invitee's own consent: their member token. Households pledge everything by default; friends pledge nothing until they raise it.",
  ...accepts('member'),
  request: { body: { required: true, content: { 'application/json': { schema: joinBody } } } },
  responses: {
    200: { description: 'The pool joined.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses(
      'unauthorized',
      'invalid_token',
      'invite_invalid',
      'invite_expired',
      'invite_used',
      'pool_full',
      'already_pool_member',
      'already_in_household',
      'household_lockout',
      'too_many_friend_pools',
      'write_conflict',
    ),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { code } = c.req.valid('json');
  const view = await writeThenReadPool(c, (memberId) => planJoin(c.get('deps'), memberId, code));
  if (view === undefined)
    fail({ code: 'write_conflict', detail: 'The pool changed before it could be read back; read it again.' });
  return c.json(view, 200);
};
