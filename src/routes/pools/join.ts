import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { JOIN_REFUSALS, planJoin } from '../../pools/membership.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { poolSchema } from './schemas.js';

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
  .openapi('JoinPool', { example: { code: 'K7QF3M9XZP2A' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/pools/join',
  operationId: 'joinPool',
  tags: ['Member: pools'],
  summary: 'Join a pool with an invite code',
  description:
    "Joining takes the invitee's own consent: their member token. Households pledge everything by default; friends pledge nothing until they raise it.",
  ...accepts('member'),
  request: {
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: joinBody } } },
  },
  responses: {
    200: { description: 'The pool joined.', content: { 'application/json': { schema: poolSchema } } },
    ...errorResponses(...WRITE_ERRORS, ...JOIN_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { body: view } = await write(c, 'optional', body, () =>
    planJoin(c.get('deps'), memberOf(c), body.code),
  );
  return c.json(view, 200);
};
