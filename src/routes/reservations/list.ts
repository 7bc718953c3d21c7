import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { reservationView } from '../../catalogue/views.js';
import { listReservations } from '../../db/catalogue.js';
import { RESERVATION_STATUSES } from '../../db/schema/index.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { nextCursor } from '../catalogue/schemas.js';
import { pageQuery } from '../schemas.js';
import { reservationSchema } from './schemas.js';

export const route = createRoute({
  method: 'get',
  path: '/v1/reservations',
  operationId: 'listReservations',
  tags: ['Member: catalogue', 'Partner: catalogue', 'Operator: catalogue'],
  summary: 'Reservations: mine (member), to fulfil (partner), all (operator)',
  description:
    'A member sees their own reservations; a partner the reservations of the items it fulfils (`status=reserved`: what waits for its confirmation); the operator every reservation. Newest first.',
  ...accepts('member', 'partner', 'operator'),
  request: {
    query: z.object({
      ...pageQuery,
      status: z
        .enum(RESERVATION_STATUSES)
        .optional()
        .openapi({ description: 'Only reservations in this state.', example: 'reserved' }),
    }),
  },
  responses: {
    200: {
      description: 'One page.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(reservationSchema).openapi({ description: 'Reservations, newest first.' }),
              nextCursor,
            })
            .openapi('ReservationPage'),
        },
      },
    },
    ...errorResponses('unauthorized', 'invalid_token'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { limit, cursor, status } = c.req.valid('query');
  const deps = c.get('deps');
  const principal = c.get('principal');
  const rows = await listReservations(
    deps.db,
    {
      memberId: principal.kind === 'member' ? principal.memberId : undefined,
      fulfillerPartnerId: principal.kind === 'partner' ? principal.partnerId : undefined,
      status,
    },
    limit + 1,
    cursor,
  );
  const page = rows.slice(0, limit);
  return c.json(
    {
      data: page.map((row) => reservationView(row, deps.config.referenceCurrency)),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    },
    200,
  );
};
