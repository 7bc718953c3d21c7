import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { findOwnedEndpoint, listAttempts } from '../../db/webhooks.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, fail } from '../../http/problems.js';
import { isoTime, timestamp } from '../schemas.js';
import { endpointIdParams, idCursor, ownerOf, page, pageLimit } from './schemas.js';

export const attemptsQuery = z.object({
  limit: pageLimit,
  cursor: idCursor('wha', 'wha_01JD3Z6W3RM0E2F2WB7G0K3T9Q'),
  eventId: z.string().max(64).optional().openapi({
    description: 'Only the attempts to deliver this event.',
    example: 'evt_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
  }),
});

const attemptSchema = z
  .object({
    id: z.string().openapi({ description: 'Attempt id.', example: 'wha_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    deliveryId: z
      .string()
      .openapi({ description: 'The delivery.', example: 'whd_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    eventId: z
      .string()
      .openapi({ description: 'The event (`webhook-id`).', example: 'evt_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    attempt: z.number().int().openapi({
      description:
        'Which attempt of the delivery (a number missing from the log was cut short by a restart and sent again).',
      example: 2,
    }),
    attemptedAt: timestamp('When it was sent'),
    statusCode: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'The HTTP status answered; null when none came.', example: 500 }),
    latencyMs: z
      .number()
      .int()
      .openapi({ description: 'Milliseconds until the answer, or until it was given up.', example: 84 }),
    error: z.string().nullable().openapi({
      description:
        'Why there was no answer (timeout, refused address, connection error), or that it was cut off.',
      example: null,
    }),
    outcome: z.enum(['delivered', 'failed', 'gone']).openapi({
      description: '`delivered`: a 2xx; `gone`: a 410, which disabled the endpoint; `failed`: anything else.',
      example: 'failed',
    }),
  })
  .openapi('WebhookAttempt');

export const route = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{endpointId}/attempts',
  operationId: 'listWebhookAttempts',
  tags: ['Partner: webhooks', 'Operator: webhooks'],
  summary: 'The delivery log of one of your endpoints',
  description:
    'Every attempt, newest first: status, latency and error. Kept as long as the event (EVENT_RETENTION_DAYS).',
  ...accepts('partner', 'operator'),
  request: { params: endpointIdParams, query: attemptsQuery },
  responses: {
    200: {
      description: 'One page of attempts.',
      content: {
        'application/json': {
          schema: z
            .object({
              data: z.array(attemptSchema).openapi({ description: 'Newest first.' }),
              nextCursor: z
                .string()
                .nullable()
                .openapi({ description: 'Pass as `cursor` for the next page.', example: null }),
            })
            .openapi('WebhookAttemptPage'),
        },
      },
    },
    ...errorResponses('webhook_endpoint_not_found'),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { endpointId } = c.req.valid('param');
  const { limit, cursor, eventId } = c.req.valid('query');
  const { db } = c.get('deps');
  if ((await findOwnedEndpoint(db, ownerOf(c), endpointId)) === undefined)
    fail({ code: 'webhook_endpoint_not_found', detail: `There is no webhook endpoint ${endpointId}.` });
  const { data, nextCursor } = page(
    await listAttempts(db, endpointId, { limit: limit + 1, beforeId: cursor, eventId }),
    limit,
  );
  return c.json(
    {
      data: data.map(({ endpointId: _endpointId, attemptedAt, ...attempt }) => ({
        ...attempt,
        attemptedAt: isoTime(attemptedAt),
      })),
      nextCursor,
    },
    200,
  );
};
