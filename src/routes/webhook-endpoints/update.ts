import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { planUpdateEndpoint, UPDATE_ENDPOINT_REFUSALS } from '../../webhooks/endpoints.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import {
  auditOf,
  endpointFields,
  endpointIdParams,
  endpointSchema,
  ownerOf,
  toEndpointResponse,
} from './schemas.js';

export const updateEndpointBody = z
  .object({
    url: endpointFields.url.optional(),
    description: endpointFields.description,
    eventTypes: endpointFields.eventTypes.optional(),
    status: z.enum(['enabled', 'disabled']).optional().openapi({
      description: '`disabled` stops deliveries; `enabled` resumes them where they stopped.',
      example: 'enabled',
    }),
  })
  .strict()
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'send at least one field to change',
  )
  .openapi('UpdateWebhookEndpoint', {
    minProperties: 1,
    example: { eventTypes: ['transaction.earned', 'transaction.redeemed', 'statement.available'] },
  });

export const route = createRoute({
  method: 'patch',
  path: '/v1/webhook-endpoints/{endpointId}',
  operationId: 'updateWebhookEndpoint',
  tags: ['Partner: webhooks', 'Operator: webhooks'],
  summary: 'Change one of your webhook endpoints',
  description: 'Changes only the fields sent; new event types apply to events from now on.',
  ...accepts('partner', 'operator'),
  request: {
    params: endpointIdParams,
    headers: optionalIdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: updateEndpointBody } } },
  },
  responses: {
    200: {
      description: 'The endpoint as changed.',
      content: { 'application/json': { schema: endpointSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, ...UPDATE_ENDPOINT_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { endpointId } = c.req.valid('param');
  const body = c.req.valid('json');
  const outcome = await write(c, 'optional', body, () =>
    planUpdateEndpoint(c.get('deps'), ownerOf(c), endpointId, body, auditOf(c, 'webhook_endpoint.update')),
  );
  return c.json(toEndpointResponse(outcome.body), 200);
};
