import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { CREATE_POOL_REFUSALS, planCreatePool } from '../../pools/membership.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { poolSchema } from './schemas.js';

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
  .openapi('CreatePool', {
    example: { kind: 'household', name: 'The Novaks', drawPolicy: 'soonest_expiring' },
  });

export const route = createRoute({
  method: 'post',
  path: '/v1/pools',
  operationId: 'createPool',
  tags: ['Member: pools'],
  summary: 'Create a household or friends pool',
  description:
    'The caller becomes the owner and first member. Points stay in each wallet; the pool links them.',
  ...accepts('member'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: createPoolBody } } },
  },
  responses: {
    201: { description: 'The pool.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...CREATE_POOL_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { body: view } = await write(c, 'optional', body, () =>
    planCreatePool(c.get('deps'), memberOf(c), body),
  );
  return c.json(view, 201);
};
