import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { planCreatePool } from '../../pools/membership.js';
import { poolSchema, writeThenReadPool } from './schemas.js';

export const createPoolBody = z
  .object({
    kind: z.enum(['household', 'friends']).openapi({
      description:
        'A household (everything pledged by default) or friends (nothing pledged until each member chooses).',
      example: 'household',
    }),
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .openapi({ description: 'Shown to the pool members.', example: 'The Novaks' }),
    drawPolicy: z.enum(['soonest_expiring', 'proportional']).optional().openapi({
      description: 'How redemptions split across wallets; `soonest_expiring` (least breakage) by default.',
      example: 'soonest_expiring',
    }),
  })
  .strict()
  .openapi('CreatePool');

export const route = createRoute({
  method: 'post',
  path: '/v1/pools',
  tags: ['Member: pools'],
  summary: 'Create a household or friends pool',
  description:
    'The caller becomes the owner and first member. Points stay in each wallet; the pool links them.',
  ...accepts('member'),
  request: { body: { required: true, content: { 'application/json': { schema: createPoolBody } } } },
  responses: {
    201: { description: 'The pool.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses(
      'unauthorized',
      'invalid_token',
      'member_not_found',
      'already_in_household',
      'household_lockout',
      'too_many_friend_pools',
      'write_conflict',
    ),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const view = await writeThenReadPool(c, (memberId) => planCreatePool(c.get('deps'), memberId, body));
  if (view === undefined)
    fail({ code: 'write_conflict', detail: 'The pool changed before it could be read back; read it again.' });
  return c.json(view, 201);
};
