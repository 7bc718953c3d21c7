import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { readWebhookHealth } from '../../db/webhook-health.js';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses } from '../../http/problems.js';
import { isoTime, timestamp } from '../schemas.js';

const count = (description: string, example: number) => z.number().int().openapi({ description, example });
const eventRef = (description: string) =>
  z
    .object({
      eventId: z.string().openapi({ description: 'The event.', example: 'evt_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
      occurredAt: timestamp('When it happened'),
    })
    .nullable()
    .openapi({ description });

export const webhookHealthSchema = z
  .object({
    endpoints: z
      .object({
        enabled: count('Endpoints receiving events.', 42),
        failing: count('Of them, endpoints whose latest deliveries failed.', 1),
        disabled: count('Endpoints disabled (by their owner, a 410 Gone, or days of failures).', 3),
      })
      .openapi({ description: 'Every endpoint of the network, partners’ and the operator’s.' }),
    backlog: z
      .object({
        pendingDeliveries: count(
          'Deliveries of enabled endpoints not yet delivered (due, or waiting for a retry).',
          7,
        ),
        oldestUndelivered: eventRef('The oldest event one of them carries; null when none is pending.'),
        eventsAwaitingFanOut: count(
          'Events some enabled endpoint has not looked at yet (normally a few, for a second).',
          0,
        ),
        oldestAwaitingFanOut: eventRef('The oldest of them; null when none.'),
      })
      .openapi({ description: 'What is still to deliver.' }),
    troubledEndpoints: z
      .array(
        z.object({
          id: z.string().openapi({ description: 'The endpoint.', example: 'whe_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
          partnerId: z.string().nullable().openapi({
            description: "Its partner; null for the operator's own.",
            example: 'ptn_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
          }),
          url: z
            .string()
            .openapi({ description: 'Where it points.', example: 'https://hooks.example.com/tessera' }),
          status: z
            .enum(['enabled', 'disabled'])
            .openapi({ description: 'Enabled or disabled.', example: 'enabled' }),
          disabledReason: z
            .enum(['owner', 'gone', 'failing'])
            .nullable()
            .openapi({ description: 'Why it is disabled.', example: null }),
          failingSince: timestamp('When its current run of failures began').nullable(),
          pendingDeliveries: count('Its deliveries not yet delivered.', 7),
          lastAttemptAt: timestamp('Its latest attempt').nullable(),
          lastStatusCode: z.number().int().nullable().openapi({
            description: 'What its latest attempt was answered; null when nothing came.',
            example: 503,
          }),
          lastError: z.string().nullable().openapi({
            description: 'Why its latest attempt had no answer, if so.',
            example: 'no answer within 15000 ms',
          }),
        }),
      )
      .openapi({
        description:
          'Endpoints failing, or disabled by a 410 or by failures: longest failing first, at most 100.',
      }),
  })
  .openapi('WebhookHealth');

export const route = createRoute({
  method: 'get',
  path: '/v1/network/webhooks',
  operationId: 'getWebhookHealth',
  tags: ['Operator: webhooks'],
  summary: 'Webhook health across the network',
  description:
    'Failing and disabled endpoints, the backlog of deliveries, and the oldest event not yet delivered, for every partner and the operator.',
  ...accepts('operator'),
  responses: {
    200: {
      description: 'Webhook health now.',
      content: { 'application/json': { schema: webhookHealthSchema } },
    },
    ...errorResponses(),
  },
});

const reference = (found: { eventId: string; occurredAt: number } | null) =>
  found === null ? null : { eventId: found.eventId, occurredAt: isoTime(found.occurredAt) };
const time = (ms: number | null) => (ms === null ? null : isoTime(ms));

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const health = await readWebhookHealth(c.get('deps').db);
  return c.json(
    {
      endpoints: health.endpoints,
      backlog: {
        pendingDeliveries: health.pendingDeliveries,
        oldestUndelivered: reference(health.oldestPending),
        eventsAwaitingFanOut: health.eventsAwaitingFanOut,
        oldestAwaitingFanOut: reference(health.oldestAwaitingFanOut),
      },
      troubledEndpoints: health.troubled.map((endpoint) => ({
        ...endpoint,
        failingSince: time(endpoint.failingSince),
        lastAttemptAt: time(endpoint.lastAttemptAt),
      })),
    },
    200,
  );
};
