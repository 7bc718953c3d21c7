import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { waitUntilOf, write } from '../../http/writes.js';
import { MAX_REDELIVERIES_PER_REQUEST, planRedeliver, REDELIVER_REFUSALS } from '../../webhooks/endpoints.js';
import { isoTime, optionalIdempotencyHeaders } from '../schemas.js';
import { auditOf, endpointIdParams, ownerOf } from './schemas.js';

const instant = (description: string) =>
  z.iso.datetime({ offset: true }).optional().openapi({ description, example: '2026-11-23T09:00:00Z' });

export const redeliverBody = z
  .object({
    eventId: z.string().max(64).optional().openapi({
      description: 'Send this one event again (any type the endpoint may receive).',
      example: 'evt_01JD3Z6W3RM0E2F2WB7G0K3T9Q',
    }),
    since: instant('Or: send again every event of its types that occurred from this time…'),
    until: instant('…up to this time (now when absent).'),
  })
  .strict()
  .refine(
    (body) => (body.eventId === undefined) !== (body.since === undefined && body.until === undefined),
    'send either eventId, or since (and until)',
  )
  .refine((body) => body.eventId !== undefined || body.since !== undefined, 'a range needs since')
  .openapi('Redeliver', { example: { eventId: 'evt_01JD3Z6W3RM0E2F2WB7G0K3T9Q' } });

export const route = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{endpointId}/redeliveries',
  operationId: 'redeliverWebhookEvents',
  tags: ['Partner: webhooks', 'Operator: webhooks'],
  summary: 'Send events to one of your endpoints again',
  description: `Delivers one event, or a time range's (at most ${MAX_REDELIVERIES_PER_REQUEST} per request, then \`resumeFrom\`), again now, with the same \`webhook-id\`.`,
  ...accepts('partner', 'operator'),
  request: {
    params: endpointIdParams,
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: redeliverBody } } },
  },
  responses: {
    200: {
      description: 'What was scheduled.',
      content: {
        'application/json': {
          schema: z
            .object({
              scheduled: z
                .number()
                .int()
                .openapi({ description: 'Events scheduled for delivery.', example: 12 }),
              resumeFrom: z.string().nullable().openapi({
                description:
                  'When the range held more: send it again with this as `since`; null when all are scheduled.',
                example: null,
              }),
            })
            .openapi('Redeliveries'),
        },
      },
    },
    ...errorResponses(...WRITE_ERRORS, ...REDELIVER_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { endpointId } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const request =
    body.eventId !== undefined
      ? { eventId: body.eventId }
      : {
          since: Date.parse(body.since ?? ''),
          until: body.until === undefined ? deps.clock() : Date.parse(body.until),
        };
  const outcome = await write(c, 'optional', body, () =>
    planRedeliver(deps, ownerOf(c), endpointId, request, auditOf(c, 'webhook_endpoint.redeliver')),
  );
  deps.webhooksDue?.(waitUntilOf(c));
  const { scheduled, resumeFrom } = outcome.body;
  return c.json({ scheduled, resumeFrom: resumeFrom === null ? null : isoTime(resumeFrom) }, 200);
};
