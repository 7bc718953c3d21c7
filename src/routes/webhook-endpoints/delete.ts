import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { accepts } from '../../http/middleware/authenticate.js';
import { errorResponses, WRITE_ERRORS } from '../../http/problems.js';
import { write } from '../../http/writes.js';
import { DELETE_ENDPOINT_REFUSALS, planDeleteEndpoint } from '../../webhooks/endpoints.js';
import { optionalIdempotencyHeaders } from '../schemas.js';
import { auditOf, endpointIdParams, endpointSchema, ownerOf, toEndpointResponse } from './schemas.js';

export const route = createRoute({
  method: 'delete',
  path: '/v1/webhook-endpoints/{endpointId}',
  operationId: 'deleteWebhookEndpoint',
  tags: ['Partner: webhooks', 'Operator: webhooks'],
  summary: 'Delete one of your webhook endpoints',
  description:
    'Deletes it at once, with its pending deliveries and its delivery log; a delivery already on its way may still arrive. Answers the endpoint as it was.',
  ...accepts('partner', 'operator'),
  request: { params: endpointIdParams, headers: optionalIdempotencyHeaders },
  responses: {
    200: {
      description: 'The deleted endpoint.',
      content: { 'application/json': { schema: endpointSchema } },
    },
    ...errorResponses(...WRITE_ERRORS, ...DELETE_ENDPOINT_REFUSALS),
  },
});

export const handler: RouteHandler<typeof route, AppEnv> = async (c) => {
  const { endpointId } = c.req.valid('param');
  const outcome = await write(c, 'optional', {}, () =>
    planDeleteEndpoint(c.get('deps'), ownerOf(c), endpointId, auditOf(c, 'webhook_endpoint.delete')),
  );
  return c.json(toEndpointResponse(outcome.body), 200);
};
