import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { planReservation, RESERVE_REFUSALS } from '../../catalogue/reserve.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { memberOf } from '../../http/principal.js';
import { errorResponses, KEYED_WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { idempotencyHeaders } from '../schemas.js';
import { redemptionSourceSchema } from '../transactions/schemas.js';
import { reservationSchema } from './schemas.js';

export const reserveBody = z
  .object({
    itemId: z
      .string()
      .min(1)
      .max(64)
      .openapi({ description: 'The item to reserve.', example: 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    source: redemptionSourceSchema.optional(),
    selectionId: z.string().min(1).max(64).optional().openapi({
      description: 'The yearly choice this is my choice in.',
      example: 'sel_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
  })
  .strict()
  .openapi('ReservationRequest', { example: { itemId: 'itm_01JD3Z6W3RM0E2F2WB7G0K3T9Q' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/me/reservations',
  operationId: 'reserveCatalogueItem',
  tags: ['Member: catalogue'],
  summary: 'Reserve a catalogue item',
  description:
    "Holds the item's price in points (from my wallet or a pool, first-expiring-first) and a seat, until the fulfiller confirms it, someone cancels it, or it lapses after RESERVATION_LAPSE_HOURS; cancelled or lapsed, the points go back into the lots they came from. Never oversold, whatever others reserve at once. The Idempotency-Key is required: points move.",
  ...accepts('member'),
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: reserveBody } } },
  },
  responses: {
    201: { description: 'The reservation.', content: { 'application/json': { schema: reservationSchema } } },
    ...errorResponses(...KEYED_WRITE_ERRORS, ...RESERVE_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const memberId = memberOf(c);
  const outcome = await write(c, 'required', body, () =>
    planReservation(c.get('deps'), { memberId, ...body }),
  );
  return c.json(outcome.body, 201);
};
