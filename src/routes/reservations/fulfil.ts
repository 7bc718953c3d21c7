import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { planFulfilment, RESOLVE_REFUSALS, type Resolver } from '../../catalogue/resolve.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { idempotencyHeaders } from '../schemas.js';
import { reservationIdParams, reservationSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/reservations/{reservationId}/fulfilment',
  operationId: 'fulfilReservation',
  tags: ['Partner: catalogue', 'Operator: catalogue'],
  summary: 'Confirm a reservation was fulfilled',
  description:
    "The fulfilling partner (the operator, for the network's items) confirms: the held points are captured and the partner is owed the item's settlement price on its next statement. Exactly once, whatever runs at the same time.",
  ...accepts('partner', 'operator'),
  request: { headers: idempotencyHeaders, params: reservationIdParams },
  responses: {
    200: {
      description: 'The fulfilled reservation.',
      content: { 'application/json': { schema: reservationSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, 'idempotency_key_missing', ...RESOLVE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { reservationId } = c.req.valid('param');
  const principal = c.get('principal');
  const resolver: Resolver =
    principal.kind === 'partner' ? { type: 'partner', partnerId: principal.partnerId } : { type: 'operator' };
  const outcome = await write(c, 'required', {}, () =>
    planFulfilment(c.get('deps'), reservationId, resolver),
  );
  return c.json(outcome.body, 200);
};
