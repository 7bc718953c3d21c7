import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { planCancellation, RESOLVE_REFUSALS, type Resolver } from '../../catalogue/resolve.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { idempotencyHeaders } from '../schemas.js';
import { reservationIdParams, reservationSchema } from './schemas.js';

export const route = createRoute({
  method: 'post',
  path: '/v1/reservations/{reservationId}/cancellation',
  operationId: 'cancelReservation',
  tags: ['Member: catalogue', 'Partner: catalogue', 'Operator: catalogue'],
  summary: 'Cancel a reservation',
  description:
    'The fulfilling partner, the member or the operator cancels a held reservation: its points go back into the lots they came from, with their original expiry, and its seat is freed. Exactly once, whatever runs at the same time.',
  ...accepts('partner', 'member', 'operator'),
  request: { headers: idempotencyHeaders, params: reservationIdParams },
  responses: {
    200: {
      description: 'The cancelled reservation.',
      content: { 'application/json': { schema: reservationSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, 'idempotency_key_missing', ...RESOLVE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { reservationId } = c.req.valid('param');
  const principal = c.get('principal');
  const resolver: Resolver =
    principal.kind === 'partner'
      ? { type: 'partner', partnerId: principal.partnerId }
      : principal.kind === 'member'
        ? { type: 'member', memberId: principal.memberId }
        : { type: 'operator' };
  const outcome = await write(c, 'required', {}, () =>
    planCancellation(c.get('deps'), reservationId, resolver),
  );
  return c.json(outcome.body, 200);
};
